package org.gatekeeper.producer;

import com.netflix.hollow.core.memory.encoding.HashCodes;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import com.netflix.hollow.core.schema.HollowObjectSchema;
import java.util.BitSet;
import java.util.List;
import org.gatekeeper.model.Dataset;

/**
 * Primary key to ordinal for one dataset's records in the producer's own read state, kept from cycle to cycle.
 *
 * <p>Hollow's incremental populator builds a {@code HollowPrimaryKeyIndex} over the whole prior state every cycle
 * to find the records a batch replaces (its own source says "Can we create this once and do delta updates?"), and
 * Hollow's delta-updated index is off by default as unreliable. This one is built once per read state engine, then
 * told exactly what each committed cycle removed and added, so finding the replaced records costs O(changes),
 * not O(records).
 *
 * <p>Open addressing with linear probing and backward-shift deletion; each slot holds the key's hash (high 32
 * bits) and ordinal + 1 (low 32 bits, 0 = empty), so probing and deleting never read the state. Equality reads
 * the key fields of the candidate ordinal from the state. Not thread-safe: the producer's cycle thread owns it.
 */
final class KeyIndex {
    private final HollowReadStateEngine state;
    private final HollowObjectTypeReadState type;
    private final int[] positions;
    /** Per key field: the referenced string type when the field is a reference, else null. */
    private final HollowObjectTypeReadState[] referencedStrings;
    private final boolean[] isLong;
    private long[] slots;
    private int size;

    private KeyIndex(HollowReadStateEngine state, Dataset<?> dataset) {
        this.state = state;
        this.type = (HollowObjectTypeReadState) state.getTypeState(dataset.hollowTypeName());
        List<String> keyFields = dataset.keyFields();
        this.positions = new int[keyFields.size()];
        this.referencedStrings = new HollowObjectTypeReadState[keyFields.size()];
        this.isLong = new boolean[keyFields.size()];
        if (type != null) {
            HollowObjectSchema schema = type.getSchema();
            for (int i = 0; i < positions.length; i++) {
                positions[i] = schema.getPosition(keyFields.get(i));
                HollowObjectSchema.FieldType fieldType = schema.getFieldType(positions[i]);
                isLong[i] = fieldType == HollowObjectSchema.FieldType.LONG;
                if (fieldType == HollowObjectSchema.FieldType.REFERENCE) {
                    referencedStrings[i] = (HollowObjectTypeReadState) state.getTypeState(
                            schema.getReferencedType(positions[i]));
                } else if (fieldType != HollowObjectSchema.FieldType.LONG
                        && fieldType != HollowObjectSchema.FieldType.STRING) {
                    throw new IllegalStateException("key field " + keyFields.get(i) + " of " + dataset
                            + " is a " + fieldType + "; keys are longs or strings (SPEC §2)");
                }
            }
        }
        int records = type == null ? 0 : type.getPopulatedOrdinals().cardinality();
        this.slots = new long[capacityFor(records)];
    }

    /** Indexes every record of the dataset in {@code state}: O(records), once per read state engine. */
    static KeyIndex build(HollowReadStateEngine state, Dataset<?> dataset) {
        KeyIndex index = new KeyIndex(state, dataset);
        if (index.type != null) {
            BitSet ordinals = index.type.getPopulatedOrdinals();
            for (int ordinal = ordinals.nextSetBit(0); ordinal >= 0; ordinal = ordinals.nextSetBit(ordinal + 1)) {
                index.insert(index.hashAt(ordinal), ordinal);
            }
        }
        return index;
    }

    /** The engine this index describes; an index is only valid for the engine it was built on. */
    HollowReadStateEngine state() {
        return state;
    }

    int size() {
        return size;
    }

    /** The ordinal of the record with this key, or -1. */
    int find(List<Object> key) {
        int hash = hash(key);
        int mask = slots.length - 1;
        for (int slot = hash & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            if ((int) (slots[slot] >>> 32) == hash) {
                int ordinal = (int) slots[slot] - 1;
                if (keyEquals(ordinal, key)) {
                    return ordinal;
                }
            }
        }
        return -1;
    }

    /** Records that the record with this key, formerly at {@code ordinal}, is gone. Reads nothing from the state. */
    void remove(List<Object> key, int ordinal) {
        int hash = hash(key);
        long wanted = ((long) hash << 32) | ((ordinal + 1) & 0xFFFFFFFFL);
        int mask = slots.length - 1;
        int slot = hash & mask;
        while (slots[slot] != wanted) {
            if (slots[slot] == 0) {
                throw new IllegalStateException("key index has no ordinal " + ordinal + " for key " + key);
            }
            slot = (slot + 1) & mask;
        }
        // Backward-shift deletion: pull later entries of the probe run into the hole when their home allows it.
        int hole = slot;
        for (int next = (hole + 1) & mask; slots[next] != 0; next = (next + 1) & mask) {
            int home = (int) (slots[next] >>> 32) & mask;
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                slots[hole] = slots[next];
                hole = next;
            }
        }
        slots[hole] = 0;
        size--;
    }

    /** Records that the record with this key is now at {@code ordinal}. */
    void put(List<Object> key, int ordinal) {
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        insert(hash(key), ordinal);
    }

    private void insert(int hash, int ordinal) {
        int mask = slots.length - 1;
        int slot = hash & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = ((long) hash << 32) | ((ordinal + 1) & 0xFFFFFFFFL);
        size++;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long entry : old) {
            if (entry != 0) {
                insert((int) (entry >>> 32), (int) entry - 1);
            }
        }
    }

    private boolean keyEquals(int ordinal, List<Object> key) {
        for (int i = 0; i < positions.length; i++) {
            Object wanted = key.get(i);
            boolean equal;
            if (isLong[i]) {
                equal = wanted instanceof Long value && type.readLong(ordinal, positions[i]) == value;
            } else if (referencedStrings[i] != null) {
                int stringOrdinal = type.readOrdinal(ordinal, positions[i]);
                equal = wanted instanceof String value && stringOrdinal >= 0
                        && referencedStrings[i].isStringFieldEqual(stringOrdinal, 0, value);
            } else {
                equal = wanted instanceof String value && type.isStringFieldEqual(ordinal, positions[i], value);
            }
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    /** The hash of the key stored at {@code ordinal}, from its encoded bytes: no string is decoded. */
    private int hashAt(int ordinal) {
        int hash = 1;
        for (int i = 0; i < positions.length; i++) {
            int part;
            if (isLong[i]) {
                part = HashCodes.hashLong(type.readLong(ordinal, positions[i]));
            } else if (referencedStrings[i] != null) {
                int stringOrdinal = type.readOrdinal(ordinal, positions[i]);
                part = stringOrdinal < 0 ? 0 : referencedStrings[i].findVarLengthFieldHashCode(stringOrdinal, 0);
            } else {
                part = type.findVarLengthFieldHashCode(ordinal, positions[i]);
            }
            hash = 31 * hash + part;
        }
        return spread(hash);
    }

    /** A parsed key's hash (values Long or String), equal to {@link #hashAt} of the record holding that key. */
    static int hash(List<Object> values) {
        int hash = 1;
        for (Object value : values) {
            int part;
            if (value instanceof Long number) {
                part = HashCodes.hashLong(number);
            } else if (value instanceof String text) {
                part = HashCodes.hashCode(text);
            } else {
                throw new IllegalArgumentException("a key value is a Long or a String, got " + value);
            }
            hash = 31 * hash + part;
        }
        return spread(hash);
    }

    private static int spread(int hash) {
        hash *= 0x9E3779B9; // ids differing only in their last characters must not share a probe run
        return hash ^ (hash >>> 16);
    }

    private static int capacityFor(int records) {
        int capacity = 16;
        while (capacity < records * 2L) {
            capacity <<= 1;
        }
        return capacity;
    }
}
