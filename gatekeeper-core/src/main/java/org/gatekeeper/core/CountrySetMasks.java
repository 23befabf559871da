package org.gatekeeper.core;

import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import java.util.Arrays;

/**
 * The country mask of each contract's {@code countries} set, kept from one evaluation to the next by set ordinal.
 *
 * <p>Reading the contracts' country sets element by element through Hollow's set iterator (21 M elements at
 * profile {@code netflix}) was the largest part of compiling the inputs. A set's mask stays right until a delta
 * removes that set ({@link KeptByOrdinal}), and the next evaluation reads only the sets it has not seen. A PROD loop
 * whose contracts changed by a few records since its last tick reads only those. Another state or another country
 * list starts over.
 *
 * <p>A set's elements are ordinals of the state's {@code String} type; a string cannot be removed while a set that
 * holds it exists, so the element-to-country mapping of a known set cannot go stale either.
 */
final class CountrySetMasks extends KeptByOrdinal {
    private String[] countries = new String[0];
    private int words;
    private int capacity; // set ordinals below this have room in masks and known (see sizeForEverySet)
    private long[] masks = new long[0];
    private long[] known = new long[0]; // one bit per set ordinal

    /**
     * Prepares to serve the sets of {@code state} (null when the state has no set type) with country bits from
     * {@code countries} (sorted codes), forgetting every mask when either differs from the last call.
     */
    synchronized void use(HollowTypeReadState state, String[] countries, int words) {
        if (!follow(state) && Arrays.equals(countries, this.countries)) {
            return;
        }
        this.countries = countries.clone();
        this.words = words;
        capacity = 0;
        masks = new long[0];
        known = new long[0];
    }

    /** Makes room for every populated set of the state in use; returns one more than the highest set ordinal. */
    int sizeForEverySet() {
        int bound = state() == null ? 0 : state().getPopulatedOrdinals().length();
        if (bound > capacity) {
            capacity = bound;
            masks = Arrays.copyOf(masks, capacity * words);
            known = Arrays.copyOf(known, (capacity + 63) >>> 6);
        }
        return bound;
    }

    /** How many populated sets of the state in use have no known mask. */
    int unknownCount() {
        if (state() == null) {
            return 0;
        }
        long[] populated = state().getPopulatedOrdinals().toLongArray();
        int count = 0;
        for (int w = 0; w < populated.length; w++) {
            count += Long.bitCount(populated[w] & ~(w < known.length ? known[w] : 0));
        }
        return count;
    }

    /**
     * Reads every populated set with an ordinal in [{@code from}, {@code to}) whose mask is not known. Two threads
     * may read disjoint ranges at once when {@code from} is a multiple of 64 (each then owns its words of
     * {@code known}) and {@link #sizeForEverySet} ran first; callers hold this object's lock.
     */
    void read(int from, int to, HollowTypeReader contracts, int field, int[] countryOfString) {
        java.util.BitSet populated = state().getPopulatedOrdinals();
        for (int set = populated.nextSetBit(from); set >= 0 && set < to; set = populated.nextSetBit(set + 1)) {
            readIfUnknown(set, contracts, field, countryOfString);
        }
    }

    /**
     * ORs the country mask of set {@code set} into {@code into} at {@code offset}, reading the set from
     * {@code contracts} (field {@code field}, elements mapped by {@code countryOfString}) when it is not known.
     * Callers hold this object's lock for a whole pass, after {@link #sizeForEverySet}.
     */
    void or(int set, HollowTypeReader contracts, int field, int[] countryOfString, long[] into, int offset) {
        if (set < 0) {
            return;
        }
        readIfUnknown(set, contracts, field, countryOfString);
        for (int w = 0; w < words; w++) {
            into[offset + w] |= masks[set * words + w];
        }
    }

    private void readIfUnknown(int set, HollowTypeReader contracts, int field, int[] countryOfString) {
        if ((known[set >>> 6] & (1L << set)) == 0) {
            Arrays.fill(masks, set * words, (set + 1) * words, 0);
            contracts.setCollectionBits(set, field, countryOfString, masks, set * words);
            known[set >>> 6] |= 1L << set;
        }
    }

    @Override
    synchronized void forget(int set) {
        if ((set >>> 6) < known.length) {
            known[set >>> 6] &= ~(1L << set);
        }
    }
}
