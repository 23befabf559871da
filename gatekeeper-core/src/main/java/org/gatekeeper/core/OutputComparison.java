package org.gatekeeper.core;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Which videos of a published output differ from an evaluation, compared by ordinal: what a replay reports.
 *
 * <p>Within one Hollow state, equal records share one ordinal. So once a status of the evaluation (a country's
 * status id) has been found equal to a published status record, every other pair with that id must hold that
 * ordinal, and every pair holding another ordinal differs: the 19 M pairs at {@code netflix} are compared as ints,
 * and each of the 2.9 M distinct statuses is read and compared as a record once. Reading both sides as 100 k
 * {@code VideoStatus} objects and comparing those took most of a replay (docs/benchmarks.md, "Range replay").
 *
 * <p>Across the versions of a range, what was found stays found ({@link Kept}): a kept evaluator's status id names
 * the same row for as long as its country's numbering lasts, and a PROD status ordinal holds the same record until
 * a delta removes it. So the next comparison reads and compares as records only the statuses that are new on
 * either side, and the rest of the 19 M pairs as ints.
 */
final class OutputComparison {
    /** In {@code matched}: this status id has not been compared with any record yet. */
    private static final int UNKNOWN = -1;

    private OutputComparison() {
    }

    /** The ids of the videos whose statuses differ, or that only one side holds, in ascending order. */
    static List<Long> differingVideos(HollowReadStateEngine published, Evaluation evaluation) {
        return differingVideos(published, evaluation, null);
    }

    /**
     * As {@link #differingVideos(HollowReadStateEngine, Evaluation)}, starting from what {@code kept} found in
     * earlier comparisons, and keeping what this one finds: pass the same {@code kept} for consecutive versions of
     * one published state (a consumer that moves by deltas) and of one kept evaluator. A null {@code kept} keeps
     * nothing and leaves no listener on the state.
     */
    static List<Long> differingVideos(HollowReadStateEngine published, Evaluation evaluation, Kept kept) {
        int n = evaluation.videoCount();
        OutputTypes types = OutputTypes.of(published);
        List<Long> differing = new ArrayList<>();
        if (types == null) {
            for (int v = 0; v < n; v++) {
                differing.add(evaluation.videoId(v));
            }
            return differing;
        }
        // The published videos, sorted by id like the evaluation's, each with its list ordinal.
        BitSet videoOrdinals = types.videos.getPopulatedOrdinals();
        int[] videoOrdinal = new int[videoOrdinals.cardinality()];
        long[] ids = new long[videoOrdinal.length];
        int count = 0;
        for (int o = videoOrdinals.nextSetBit(0); o >= 0; o = videoOrdinals.nextSetBit(o + 1)) {
            ids[count] = types.videos.readLong(o, types.videoIdField);
            videoOrdinal[count] = o;
            count++;
        }
        Integer[] order = new Integer[count];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));

        if (kept == null) {
            int[][] matched = new int[evaluation.countries().size()][];
            for (int c = 0; c < matched.length; c++) {
                matched[c] = unknown(evaluation.statusCount(c));
            }
            walk(types, evaluation, ids, order, videoOrdinal, matched, differing);
            return differing;
        }
        synchronized (kept) {
            int[][] matched = kept.prepare(types.statuses, evaluation);
            walk(types, evaluation, ids, order, videoOrdinal, matched, differing);
        }
        return differing;
    }

    /** Walks both sides' videos in id order, adding to {@code differing} those that differ. */
    private static void walk(OutputTypes types, Evaluation evaluation, long[] ids, Integer[] order,
                             int[] videoOrdinal, int[][] matched, List<Long> differing) {
        int n = evaluation.videoCount();
        int count = ids.length;
        int[] pairs = evaluation.idsInCountry();
        LivenessReader.Ordinals read = new LivenessReader.Ordinals(types);
        int v = 0;
        int p = 0;
        while (v < n || p < count) {
            long replayedId = v < n ? evaluation.videoId(v) : Long.MAX_VALUE;
            long publishedId = p < count ? ids[order[p]] : Long.MAX_VALUE;
            if (replayedId != publishedId) { // on one side only
                differing.add(Math.min(replayedId, publishedId));
                if (replayedId < publishedId) {
                    v++;
                } else {
                    p++;
                }
                continue;
            }
            int list = types.videos.readOrdinal(videoOrdinal[order[p]], types.countriesField);
            if (!sameStatuses(types, read, evaluation, list, v, pairs, matched)) {
                differing.add(replayedId);
            }
            v++;
            p++;
        }
    }

    /**
     * Whether published list {@code list} holds, country by country, the statuses video {@code v} has in the
     * evaluation. {@code matched[c][id]} remembers the record a status id was found equal to, or, as
     * {@code -2 - ordinal}, the last record it was found different from.
     */
    private static boolean sameStatuses(OutputTypes types, LivenessReader.Ordinals read, Evaluation evaluation,
                                        int list, int v, int[] pairs, int[][] matched) {
        int countries = matched.length;
        if (types.statusLists.size(list) != countries) {
            return false;
        }
        int n = evaluation.videoCount();
        for (int c = 0; c < countries; c++) {
            int ordinal = types.statusLists.getElementOrdinal(list, c);
            int id = pairs[c * n + v];
            int known = matched[c][id];
            if (known == ordinal) {
                continue;
            }
            if (known >= 0 || known == -2 - ordinal) {
                return false; // equal to another record, or already found different from this one
            }
            if (!read.status(ordinal).equals(evaluation.status(c, id))) {
                matched[c][id] = -2 - ordinal;
                return false;
            }
            matched[c][id] = ordinal;
        }
        return true;
    }

    private static int[] unknown(int size) {
        int[] entries = new int[size];
        Arrays.fill(entries, UNKNOWN);
        return entries;
    }

    /**
     * What comparisons keep from one to the next: for each country's status id, the published status ordinal it was
     * found equal to (or, as {@code -2 - ordinal}, the last one it was found different from). An entry goes when
     * a delta removes or replaces its ordinal, and a country's entries all go when the evaluator numbers that
     * country's statuses afresh. A new published state (a snapshot load) starts over. The published state must
     * not move while a comparison runs (a replay moves its consumers itself, between comparisons).
     */
    static final class Kept extends KeptByOrdinal {
        private long[] numbering = new long[0];
        private int[][] matched = new int[0][];
        private final BitSet forgotten = new BitSet();
        private int carried;

        /** The entries to compare {@code evaluation} with the state that {@code statuses} belongs to. */
        int[][] prepare(HollowTypeReadState statuses, Evaluation evaluation) {
            carried = 0;
            int countries = evaluation.countries().size();
            if (follow(statuses) || countries != numbering.length) {
                numbering = new long[countries];
                matched = new int[countries][];
            }
            for (int c = 0; c < countries; c++) {
                int size = evaluation.statusCount(c);
                if (matched[c] == null || numbering[c] != evaluation.numbering(c)) {
                    matched[c] = unknown(size);
                    numbering[c] = evaluation.numbering(c);
                    continue;
                }
                int known = matched[c].length;
                if (size > known) {
                    matched[c] = Arrays.copyOf(matched[c], size);
                    Arrays.fill(matched[c], known, size, UNKNOWN);
                }
                int[] entries = matched[c];
                for (int id = 0; id < known; id++) {
                    int entry = entries[id];
                    if (entry == UNKNOWN) {
                        continue;
                    }
                    if (forgotten.get(entry >= 0 ? entry : -2 - entry)) {
                        entries[id] = UNKNOWN;
                    } else if (entry >= 0) {
                        carried++;
                    }
                }
            }
            forgotten.clear();
            return matched;
        }

        /** How many found-equal entries the last {@link #prepare} carried over from earlier comparisons. */
        int carried() {
            return carried;
        }

        @Override
        synchronized void forget(int ordinal) {
            forgotten.set(ordinal);
        }
    }
}
