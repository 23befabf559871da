package org.gatekeeper.producer;

import com.netflix.hollow.api.producer.HollowProducer;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import com.netflix.hollow.core.write.HollowTypeWriteState;
import com.netflix.hollow.core.util.SimultaneousExecutor;
import com.netflix.hollow.core.write.HollowWriteStateEngine;
import com.netflix.hollow.tools.traverse.TransitiveSetTraverser;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.codec.ChangeRecord;
import org.gatekeeper.model.codec.HollowRecordReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one cycle's changes to the previous state, as {@code HollowProducer.Incremental} does, but finds the
 * records to replace through a {@link KeyIndex} kept across cycles instead of a primary-key index rebuilt over
 * every record each cycle.
 *
 * <p>A cycle: every record of the previous cycle is carried over, each changed or deleted key's previous record is
 * removed along with the records only it referenced (its country set, say; Hollow's {@code TransitiveSetTraverser}
 * decides), then each upsert is added. Hollow dedupes: an upsert equal to its previous record gets the same ordinal
 * back and the cycle makes no version. The index learns the cycle's changes only once the version is announced
 * ({@link #committed}); a failed cycle forgets them ({@link #abandoned}).
 */
final class IncrementalFold<T> {
    private static final Logger LOG = LoggerFactory.getLogger(IncrementalFold.class);

    /** One key's effect in the cycle in flight: its ordinal before (-1: absent) and after (-1: deleted). */
    record Applied<T>(List<Object> key, int before, int after, T record) {
    }

    /** A cycle of up to this many keys has every record read back before it is announced. */
    static final int READ_BACK_ALL_UP_TO = 10_000;

    /** Batches of at least this many changes are added to the write state on every core. */
    private static final int PARALLEL_ADD_FROM = 10_000;

    private final Dataset<T> dataset;
    private final List<Applied<T>> applied = new ArrayList<>();
    private KeyIndex index;
    /** How many records of the dataset's type the cycle in flight should leave: prior + new keys - deleted. */
    private int expectedRecords;
    /** How many records the cycle in flight deletes (tombstones for keys it held). */
    private int deleted;

    IncrementalFold(Dataset<T> dataset) {
        this.dataset = dataset;
    }

    /** The populator of one cycle: {@code changes} hold at most one record per key. */
    void populate(HollowProducer.WriteState state, Collection<ChangeRecord<T>> changes) {
        applied.clear();
        HollowWriteStateEngine engine = state.getStateEngine();
        engine.addAllObjectsFromPreviousCycle();
        HollowProducer.ReadState prior = state.getPriorState();
        int priorRecords = prior == null ? 0 : recordCount(prior.getStateEngine());
        KeyIndex keys = prior == null ? null : indexFor(prior.getStateEngine(), priorRecords);

        List<ChangeRecord<T>> ordered = new ArrayList<>(changes);
        BitSet replaced = new BitSet();
        int[] before = new int[ordered.size()];
        for (int i = 0; i < before.length; i++) {
            before[i] = keys == null ? -1 : keys.find(keyOf(ordered.get(i)));
            if (before[i] >= 0) {
                replaced.set(before[i]);
            }
        }
        if (!replaced.isEmpty()) {
            removeWithOrphans(prior.getStateEngine(), engine, replaced);
        }
        int[] after = addAll(state, ordered);
        expectedRecords = priorRecords;
        deleted = 0;
        for (int i = 0; i < ordered.size(); i++) {
            if (before[i] < 0 && after[i] >= 0) {
                expectedRecords++;
            } else if (before[i] >= 0 && after[i] < 0) {
                expectedRecords--;
                deleted++;
            }
        }
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i) instanceof ChangeRecord.Upsert<T> upsert) {
                applied.add(new Applied<>(upsert.key().values(), before[i], after[i], upsert.record()));
            } else {
                applied.add(new Applied<>(keyOf(ordered.get(i)), before[i], -1, null));
            }
        }
    }

    /**
     * Adds every upsert to the write state and returns each change's new ordinal (-1 for a tombstone). A large
     * batch (a catch-up, a first load) is added on every core, as Hollow's own incremental populator does.
     */
    private int[] addAll(HollowProducer.WriteState state, List<ChangeRecord<T>> ordered) {
        int[] after = new int[ordered.size()];
        IntConsumer add = i -> after[i] = ordered.get(i) instanceof ChangeRecord.Upsert<T> upsert
                ? state.add(upsert.record()) : -1;
        if (ordered.size() < PARALLEL_ADD_FROM) {
            for (int i = 0; i < after.length; i++) {
                add.accept(i);
            }
            return after;
        }
        SimultaneousExecutor executor = new SimultaneousExecutor(1.0, getClass(), "add-records");
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < executor.getCorePoolSize(); t++) {
            executor.execute(() -> {
                for (int from = next.getAndAdd(1024); from < after.length; from = next.getAndAdd(1024)) {
                    for (int i = from, to = Math.min(after.length, from + 1024); i < to; i++) {
                        add.accept(i);
                    }
                }
            });
        }
        try {
            executor.awaitSuccessfulCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while adding records", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("adding records failed: " + e.getCause(), e.getCause());
        }
        return after;
    }

    /** How many records the last populated cycle deleted: its tombstones for keys the dataset held. */
    int deleted() {
        return deleted;
    }

    /** What the cycle in flight did to each key, for the pre-announce check. */
    List<Applied<T>> applied() {
        return applied;
    }

    /**
     * Checks the state consumers will hold, before it is announced: the producer's read state with this cycle's
     * delta applied. Every upserted key's new record is present and every replaced or deleted record is gone, for
     * every key; the records read back equal to what was written, for every key of a cycle of up to
     * {@value #READ_BACK_ALL_UP_TO} keys and an evenly spread {@value #READ_BACK_ALL_UP_TO} of a larger one (a
     * catch-up fold of a million records would otherwise spend seconds decoding them all); and every type holds
     * as many records as the write state put in it, the dataset's type exactly the previous count plus the new
     * keys minus the deleted ones. O(changes) plus one bit count per type. (The index itself is checked before
     * each cycle uses it: as many keys as records.)
     *
     * @return null when the state is right, else what is wrong, naming the key
     */
    String verify(HollowReadStateEngine pending, HollowWriteStateEngine written) {
        HollowRecordReader<T> reader = HollowRecordReader.of(dataset);
        HollowTypeReadState type = pending.getTypeState(dataset.hollowTypeName());
        BitSet populated = type == null ? new BitSet() : type.getPopulatedOrdinals();
        int stride = Math.max(1, (applied.size() + READ_BACK_ALL_UP_TO - 1) / READ_BACK_ALL_UP_TO);
        for (int i = 0; i < applied.size(); i++) {
            Applied<T> change = applied.get(i);
            if (change.after() >= 0) {
                if (!populated.get(change.after())) {
                    return "key " + change.key() + ": its new record (ordinal " + change.after() + ") is missing";
                }
                if (i % stride == 0) {
                    T read = reader.read(pending, change.after());
                    if (!read.equals(change.record())) {
                        return "key " + change.key() + ": reads back as " + read + ", not " + change.record();
                    }
                }
            }
            if (change.before() >= 0 && change.before() != change.after() && populated.get(change.before())) {
                return "key " + change.key() + ": its previous record (ordinal " + change.before() + ") is still there";
            }
        }
        int records = populated.cardinality();
        if (records != expectedRecords) {
            return dataset + " holds " + records + " records; the previous version's count and this cycle's new "
                    + "and deleted keys make " + expectedRecords + " (a key lost or held twice)";
        }
        for (HollowTypeWriteState writeType : written.getOrderedTypeStates()) {
            String name = writeType.getSchema().getName();
            HollowTypeReadState readType = pending.getTypeState(name);
            int expected = writeType.getPopulatedBitSet().cardinality();
            int actual = readType == null ? 0 : readType.getPopulatedOrdinals().cardinality();
            if (expected != actual) {
                return "type " + name + " holds " + actual + " records, the cycle wrote " + expected;
            }
        }
        return null;
    }

    /**
     * The cycle's version is announced and {@code current} is the producer's read state of it (null when the cycle
     * made no version: then every change was a no-op and the state is the one indexed).
     */
    void committed(HollowReadStateEngine current) {
        if (current == null && index != null) {
            current = index.state();
        }
        if (index == null || index.state() != current) {
            index = null; // a new engine (restore, schema change): index it afresh next cycle
        } else {
            for (Applied<T> change : applied) {
                if (change.before() != change.after()) {
                    if (change.before() >= 0) {
                        index.remove(change.key(), change.before());
                    }
                    if (change.after() >= 0) {
                        index.put(change.key(), change.after());
                    }
                }
            }
        }
        applied.clear();
    }

    /** The cycle failed somewhere after populate: the read state may be anywhere, so index it afresh. */
    void abandoned() {
        index = null;
        applied.clear();
    }

    /** Builds the index for {@code state} ahead of the next cycle, unless it has one. */
    void prepare(HollowReadStateEngine state) {
        indexFor(state, recordCount(state));
    }

    /** The index as kept between cycles (null until a cycle needed it); for tests. */
    KeyIndex keyIndex() {
        return index;
    }

    private int recordCount(HollowReadStateEngine state) {
        HollowTypeReadState type = state.getTypeState(dataset.hollowTypeName());
        return type == null ? 0 : type.getPopulatedOrdinals().cardinality();
    }

    /** The index for {@code prior}, which holds {@code records} records of the dataset. */
    private KeyIndex indexFor(HollowReadStateEngine prior, int records) {
        if (index != null && index.state() == prior && index.size() != records) {
            // Every record has exactly one key: an index that does not count as many keys as there are records
            // has lost one (or kept a deleted one), and would let a change add its key a second time.
            LOG.error("Producer '{}': key index holds {} keys for {} records; indexing afresh", dataset,
                    index.size(), records);
            index = null;
        }
        if (index == null || index.state() != prior) {
            long started = System.nanoTime();
            index = KeyIndex.build(prior, dataset);
            LOG.info("Producer '{}': indexed {} keys in {} ms", dataset, index.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        return index;
    }

    private static List<Object> keyOf(ChangeRecord<?> change) {
        if (change instanceof ChangeRecord.Upsert<?> upsert) {
            return upsert.key().values();
        }
        return ((ChangeRecord.Delete<?>) change).key().values();
    }

    private void removeWithOrphans(HollowReadStateEngine prior, HollowWriteStateEngine engine, BitSet replaced) {
        Map<String, BitSet> removed = new HashMap<>();
        removed.put(dataset.hollowTypeName(), replaced);
        TransitiveSetTraverser.addTransitiveMatches(prior, removed);
        TransitiveSetTraverser.removeReferencedOutsideClosure(prior, removed);
        for (Map.Entry<String, BitSet> entry : removed.entrySet()) {
            HollowTypeWriteState type = engine.getTypeState(entry.getKey());
            HollowTypeReadState read = prior.getTypeState(entry.getKey());
            if (type == null || read == null) {
                continue;
            }
            BitSet ordinals = entry.getValue();
            for (int ordinal = ordinals.nextSetBit(0); ordinal >= 0; ordinal = ordinals.nextSetBit(ordinal + 1)) {
                type.removeOrdinalFromThisCycle(ordinal);
            }
        }
    }
}
