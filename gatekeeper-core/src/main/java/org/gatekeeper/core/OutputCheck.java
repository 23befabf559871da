package org.gatekeeper.core;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import com.netflix.hollow.core.write.HollowTypeWriteState;
import com.netflix.hollow.core.write.HollowWriteStateEngine;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gatekeeper.model.CountryStatus;

/**
 * The check an output cycle passes before Hollow announces it ({@link org.gatekeeper.model.store.IntegrityCheck}
 * {@code changes} and {@code full}): the state delta-following consumers will hold (Hollow's read state with the
 * cycle's delta applied; on a first cycle, its snapshot read back) must be what the evaluation says. O(changes)
 * plus a pass over the 100 k videos' records, where Hollow's own check (a snapshot written and read back, checksums
 * over every record) is O(state): 3–4 s of a tick at {@code netflix}.
 *
 * <ul>
 *   <li>Every header tag the cycle set reads back, and {@code gatekeeper.follows} is absent unless set.</li>
 *   <li>Each type holds as many records as the write state; there is one video record per video.</li>
 *   <li>Every video's record is populated at the ordinal the publisher wrote or carried over, with its id and a
 *       populated list, the one the publisher meant.</li>
 *   <li>The lists of the videos this cycle wrote, and the statuses it wrote, read back as the publisher meant: all
 *       of them up to {@value #READ_BACK_ALL_UP_TO} a cycle, an even sample of that many above (a first cycle
 *       writes 2.9 M statuses).</li>
 *   <li>Whatever the publisher remembered or carried over: {@value #READ_BACK_ALL_UP_TO} pairs spread evenly over
 *       all of them, each followed from its video's record through its list to its status, read back as the
 *       evaluation's status of that pair.</li>
 * </ul>
 * The other carried-over records are covered by the counts and the sample; {@code full} compares every record
 * (but only between the snapshot and the deltas: a wrong state written consistently passes it).
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
            if (read == null && type.getKey().equals("DatasetMarker")) {
                // Restored from an output written before the marker: Hollow drops a delta's type that the state it
                // applies to does not have, until the next snapshot. Readers ignore the marker anyway.
                continue;
            }
            int actual = read == null ? 0 : read.getPopulatedOrdinals().cardinality();
            if (actual != type.getValue()) {
                return "type " + type.getKey() + " holds " + actual + " records, the cycle wrote " + type.getValue();
            }
        }
        OutputTypes types = OutputTypes.of(state);
        if (types == null) {
            return "the state holds no VideoStatus type";
        }
        int videos = types.videos.getPopulatedOrdinals().cardinality();
        if (videos != evaluation.videoCount()) {
            return "the state holds " + videos + " video records for " + evaluation.videoCount() + " videos";
        }
        String problem = videos(types, evaluation, cycle);
        problem = problem != null ? problem : statuses(types, evaluation, cycle);
        return problem != null ? problem : pairs(types, evaluation, cycle);
    }

    private static String videos(OutputTypes types, Evaluation evaluation, LivenessPublisher.Written cycle) {
        BitSet populated = types.videos.getPopulatedOrdinals();
        BitSet lists = types.statusLists.getPopulatedOrdinals();
        BitSet statuses = types.statuses.getPopulatedOrdinals();
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
            if (!lists.get(list)) {
                return "video " + id + ": its list (ordinal " + list + ") is missing";
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
                if (!statuses.get(read)) {
                    return "video " + id + " in " + cycle.countries[c] + ": its status (ordinal " + read
                            + ") is missing";
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
            CountryStatus read = types.status(ordinal);
            if (!read.equals(expected)) {
                return "status " + ordinal + " in " + cycle.countries[country] + " reads " + read + ", not "
                        + expected;
            }
        }
        return null;
    }

    /**
     * An even sample of all pairs, followed from the state's own references (video record, list, status) and read
     * back as the evaluation's status of the pair: what the publisher's memory of the last cycle decided is tested
     * against the evaluation, not against that memory.
     */
    private static String pairs(OutputTypes types, Evaluation evaluation, LivenessPublisher.Written cycle) {
        BitSet statuses = types.statuses.getPopulatedOrdinals();
        int n = evaluation.videoCount();
        long pairs = (long) n * cycle.countries.length;
        long step = Math.max(1, pairs / READ_BACK_ALL_UP_TO);
        int[] ids = evaluation.idsInCountry();
        for (long p = step / 2; p < pairs; p += step) {
            int c = (int) (p / n);
            int v = (int) (p % n);
            int list = types.videos.readOrdinal(cycle.videoOrdinal[v], types.countriesField);
            int ordinal = types.statusLists.getElementOrdinal(list, c);
            if (!statuses.get(ordinal)) {
                return "video " + evaluation.videoId(v) + " in " + cycle.countries[c] + ": its status (ordinal "
                        + ordinal + ") is missing";
            }
            CountryStatus expected = evaluation.status(c, ids[(int) p]);
            CountryStatus read = types.status(ordinal);
            if (!read.equals(expected)) {
                return "video " + evaluation.videoId(v) + " in " + cycle.countries[c] + " reads " + read + ", not "
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
