package org.gatekeeper.core;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import com.netflix.hollow.core.write.HollowTypeWriteState;
import com.netflix.hollow.core.write.HollowWriteStateEngine;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.gatekeeper.model.CountryStatus;

/**
 * The check an output cycle passes before Hollow announces it ({@link org.gatekeeper.model.store.IntegrityCheck}
 * {@code changes} and {@code full}): the state consumers will hold, Hollow's read state after the cycle, must be
 * what the publisher meant to write. O(changes) plus a pass over the videos' records, where Hollow's own check
 * (the snapshot written and read back, checksums over every record) is O(state): 2 s of a 5–7 s tick at
 * {@code netflix}.
 *
 * <ul>
 *   <li>Every header tag the cycle set reads back, and {@code gatekeeper.follows} is absent unless set.</li>
 *   <li>Each type holds as many records as the write state.</li>
 *   <li>Every video's record is populated at the ordinal the publisher wrote or carried over, with its id and its
 *       list ordinal.</li>
 *   <li>The lists of the videos this cycle wrote, and the statuses it wrote, read back as the evaluation says: all
 *       of them up to {@value #READ_BACK_ALL_UP_TO} a cycle, an even sample of that many above (a first cycle
 *       writes 2.9 M statuses).</li>
 * </ul>
 * What the cycle carried over by ordinal is covered by the record counts and the video pass; {@code full} also
 * compares every record.
 */
final class OutputCheck {
    static final int READ_BACK_ALL_UP_TO = 10_000;

    private OutputCheck() {
    }

    /** How many records each type of the write state holds: what the read state must hold too. */
    static Map<String, Integer> records(HollowWriteStateEngine engine) {
        Map<String, Integer> records = new LinkedHashMap<>();
        for (HollowTypeWriteState type : engine.getOrderedTypeStates()) {
            records.put(type.getSchema().getName(), type.getPopulatedBitSet().cardinality());
        }
        return records;
    }

    /**
     * The first thing found wrong in {@code state} against what {@code cycle} wrote for {@code evaluation}, with
     * header tags {@code tags} and {@code records} records of each type, or null when nothing is.
     */
    static String verify(HollowReadStateEngine state, Map<String, Integer> records, Evaluation evaluation,
                         LivenessPublisher.Written cycle, Map<String, String> tags) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String read = state.getHeaderTag(tag.getKey());
            if (!tag.getValue().equals(read)) {
                return "header tag " + tag.getKey() + " reads " + read + ", not " + tag.getValue();
            }
        }
        if (!tags.containsKey(OutputTags.FOLLOWS) && state.getHeaderTag(OutputTags.FOLLOWS) != null) {
            return "header tag " + OutputTags.FOLLOWS + " reads " + state.getHeaderTag(OutputTags.FOLLOWS)
                    + ", but this cycle follows no PROD version";
        }
        for (Map.Entry<String, Integer> type : records.entrySet()) {
            HollowTypeReadState read = state.getTypeState(type.getKey());
            int actual = read == null ? 0 : read.getPopulatedOrdinals().cardinality();
            if (actual != type.getValue()) {
                return "type " + type.getKey() + " holds " + actual + " records, the cycle wrote " + type.getValue();
            }
        }
        OutputTypes types = OutputTypes.of(state);
        if (types == null) {
            return "the state holds no VideoStatus type";
        }
        String problem = videos(types, evaluation, cycle);
        return problem != null ? problem : statuses(types, evaluation, cycle);
    }

    private static String videos(OutputTypes types, Evaluation evaluation, LivenessPublisher.Written cycle) {
        BitSet populated = types.videos.getPopulatedOrdinals();
        int n = evaluation.videoCount();
        int countries = cycle.countries.length;
        int stride = stride(cycle.counts.videosWritten());
        for (int v = 0, written = 0; v < n; v++) {
            long id = evaluation.videoId(v);
            int ordinal = cycle.videoOrdinal[v];
            if (!populated.get(ordinal)) {
                return "video " + id + ": its record (ordinal " + ordinal + ") is missing";
            }
            long readId = types.videos.readLong(ordinal, types.videoIdField);
            int list = types.videos.readOrdinal(ordinal, types.countriesField);
            if (readId != id || list != cycle.listOrdinal[v]) {
                return "video " + id + ": its record (ordinal " + ordinal + ") reads video " + readId + " with list "
                        + list + ", not list " + cycle.listOrdinal[v];
            }
            if (!cycle.videoWritten[v] || written++ % stride != 0) {
                continue;
            }
            if (types.statusLists.size(list) != countries) {
                return "video " + id + ": its list holds " + types.statusLists.size(list) + " statuses, not "
                        + countries;
            }
            for (int c = 0; c < countries; c++) {
                int read = types.statusLists.getElementOrdinal(list, c);
                int expected = cycle.pairOrdinal[c * n + v];
                if (read != expected) {
                    return "video " + id + " in " + cycle.countries[c] + ": status ordinal " + read + ", not "
                            + expected;
                }
            }
        }
        return null;
    }

    private static String statuses(OutputTypes types, Evaluation evaluation, LivenessPublisher.Written cycle) {
        BitSet populated = types.statuses.getPopulatedOrdinals();
        int count = cycle.statusesWrittenCount;
        int stride = stride(count);
        for (int i = 0; i < count; i += stride) {
            long written = cycle.statusesWritten[i];
            int country = (int) (written >>> 32);
            int id = (int) written;
            int ordinal = cycle.statusOrdinal[country][id];
            if (!populated.get(ordinal)) {
                return "status " + ordinal + " in " + cycle.countries[country] + " is missing";
            }
            CountryStatus expected = evaluation.status(country, id);
            CountryStatus read = types.status(ordinal, types::string, list -> types.blockers(list, types::string));
            if (!Objects.equals(read, expected)) {
                return "status " + ordinal + " in " + cycle.countries[country] + " reads " + read + ", not "
                        + expected;
            }
        }
        return null;
    }

    /** Every record up to {@link #READ_BACK_ALL_UP_TO}, an even sample of that many above. */
    private static int stride(int count) {
        return Math.max(1, (count + READ_BACK_ALL_UP_TO - 1) / READ_BACK_ALL_UP_TO);
    }
}
