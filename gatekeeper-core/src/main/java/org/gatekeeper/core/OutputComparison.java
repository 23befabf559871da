package org.gatekeeper.core;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import com.netflix.hollow.core.read.engine.list.HollowListTypeReadState;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

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
        OutputTypes types = OutputTypes.of(published);
        if (types == null) { // no output types at all: every video is on one side only
            List<Long> all = new ArrayList<>();
            for (int v = 0; v < evaluation.videoCount(); v++) {
                all.add(evaluation.videoId(v));
            }
            return all;
        }
        // The published videos, sorted by id like the evaluation's, each with its list ordinal.
        BitSet videoOrdinals = types.videos.getPopulatedOrdinals();
        int count = videoOrdinals.cardinality();
        long[] unsortedIds = new long[count];
        int[] unsortedOrdinals = new int[count];
        int at = 0;
        for (int o = videoOrdinals.nextSetBit(0); o >= 0; o = videoOrdinals.nextSetBit(o + 1)) {
            unsortedIds[at] = types.videos.readLong(o, types.videoIdField);
            unsortedOrdinals[at] = o;
            at++;
        }
        Integer[] order = new Integer[count];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compare(unsortedIds[a], unsortedIds[b]));
        long[] ids = new long[count];
        int[] videoOrdinal = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = unsortedIds[order[i]];
            videoOrdinal[i] = unsortedOrdinals[order[i]];
        }

        if (kept == null) {
            int[][] matched = new int[evaluation.countries().size()][];
            for (int c = 0; c < matched.length; c++) {
                matched[c] = unknown(evaluation.statusCount(c));
            }
            return walk(types, evaluation, ids, videoOrdinal, matched);
        }
        synchronized (kept) {
            return walk(types, evaluation, ids, videoOrdinal, kept.prepare(types.statuses, evaluation));
        }
    }

    /**
     * Walks both sides' videos in id order and returns those that differ. The videos are cut into parts by id,
     * walked side by side. Parts share {@code matched} without a lock: every entry any part writes is a fact (this
     * id equals, or differs from, that record), so a part that reads another's entry, or an older one, or misses
     * one, still answers right; the worst is a record compared twice.
     */
    private static List<Long> walk(OutputTypes types, Evaluation evaluation, long[] ids, int[] videoOrdinal,
                                   int[][] matched) {
        int n = evaluation.videoCount();
        int parts = Math.max(1, Math.min(n, 4 * Runtime.getRuntime().availableProcessors()));
        int[] videoFrom = new int[parts + 1];
        int[] publishedFrom = new int[parts + 1];
        for (int part = 1; part < parts; part++) {
            videoFrom[part] = (int) ((long) n * part / parts);
            publishedFrom[part] = firstAtLeast(ids, evaluation.videoId(videoFrom[part]));
        }
        videoFrom[parts] = n;
        publishedFrom[parts] = ids.length;
        List<List<Long>> found = IntStream.range(0, parts).parallel()
                .mapToObj(part -> walk(new Matcher(types, evaluation), ids, videoOrdinal, matched,
                        videoFrom[part], videoFrom[part + 1], publishedFrom[part], publishedFrom[part + 1]))
                .toList();
        List<Long> differing = new ArrayList<>();
        found.forEach(differing::addAll);
        return differing;
    }

    /** One part of {@link #walk}: evaluation videos [{@code v}, {@code vEnd}), published ones [{@code p}, {@code pEnd}). */
    private static List<Long> walk(Matcher matcher, long[] ids, int[] videoOrdinal, int[][] matched,
                                   int v, int vEnd, int p, int pEnd) {
        Evaluation evaluation = matcher.evaluation;
        List<Long> differing = new ArrayList<>();
        while (v < vEnd || p < pEnd) {
            long replayedId = v < vEnd ? evaluation.videoId(v) : Long.MAX_VALUE;
            long publishedId = p < pEnd ? ids[p] : Long.MAX_VALUE;
            if (replayedId != publishedId) { // on one side only
                differing.add(Math.min(replayedId, publishedId));
                if (replayedId < publishedId) {
                    v++;
                } else {
                    p++;
                }
                continue;
            }
            int list = matcher.types.videos.readOrdinal(videoOrdinal[p], matcher.types.countriesField);
            if (!sameStatuses(matcher, list, v, matched)) {
                differing.add(replayedId);
            }
            v++;
            p++;
        }
        return differing;
    }

    /** The index of the first of the sorted {@code ids} at least {@code id}. */
    private static int firstAtLeast(long[] ids, long id) {
        int found = Arrays.binarySearch(ids, id);
        return found >= 0 ? found : -found - 1;
    }

    /**
     * Whether published list {@code list} holds, country by country, the statuses video {@code v} has in the
     * evaluation. {@code matched[c][id]} remembers the record a status id was found equal to, or, as
     * {@code -2 - ordinal}, the last record it was found different from.
     */
    private static boolean sameStatuses(Matcher matcher, int list, int v, int[][] matched) {
        int countries = matched.length;
        HollowListTypeReadState lists = matcher.types.statusLists;
        if (lists.size(list) != countries) {
            return false;
        }
        int n = matcher.evaluation.videoCount();
        int[] pairs = matcher.evaluation.idsInCountry();
        for (int c = 0; c < countries; c++) {
            int ordinal = lists.getElementOrdinal(list, c);
            int id = pairs[c * n + v];
            int known = matched[c][id];
            if (known == ordinal) {
                continue;
            }
            if (known >= 0 || known == -2 - ordinal) {
                return false; // equal to another record, or already found different from this one
            }
            if (!matcher.same(ordinal, c, id)) {
                matched[c][id] = -2 - ordinal;
                return false;
            }
            matched[c][id] = ordinal;
        }
        return true;
    }

    /**
     * Compares published status records with an evaluation's statuses field by field, the evaluation's side read
     * from its status row: no object per status (reading both sides as {@code CountryStatus} objects took a
     * first comparison 4.7 s at {@code netflix}). Strings and blocker lists are read once per ordinal. Equal here
     * means equal as {@code CountryStatus}. Not thread-safe: one per part.
     */
    private static final class Matcher implements Evaluation.BlockerSink {
        final OutputTypes types;
        final Evaluation evaluation;
        private final long[] row;
        private final String[] strings;
        /** By blocker list ordinal: code, detail, code, detail... */
        private final String[][] blockerLists;
        private String[] expected;
        private int next;

        Matcher(OutputTypes types, Evaluation evaluation) {
            this.types = types;
            this.evaluation = evaluation;
            row = new long[evaluation.rowLength()];
            strings = new String[types.strings.maxOrdinal() + 1];
            blockerLists = new String[types.blockerLists.maxOrdinal() + 1][];
        }

        /** Whether status record {@code ordinal} equals status {@code id} of country {@code country}. */
        boolean same(int ordinal, int country, int id) {
            HollowObjectTypeReadState statuses = types.statuses;
            evaluation.row(country, id, row);
            if (statuses.readLong(ordinal, types.windowStartField) != row[LivenessEvaluator.WINDOW_START]
                    || statuses.readLong(ordinal, types.windowEndField) != row[LivenessEvaluator.WINDOW_END]
                    || statuses.readLong(ordinal, types.goLiveAtField) != row[LivenessEvaluator.GO_LIVE_AT]
                    || !evaluation.country(country).equals(string(statuses.readOrdinal(ordinal, types.countryField)))) {
                return false;
            }
            int list = statuses.readOrdinal(ordinal, types.blockersField);
            if (list < 0) {
                return false; // no list: not a status the evaluation can equal
            }
            expected = blockers(list);
            next = 0;
            evaluation.forEachBlocker(row, this);
            return next == expected.length
                    && Boolean.TRUE.equals(statuses.readBoolean(ordinal, types.liveField)) == (next == 0);
        }

        /** The evaluation's next blocker: matched against the published list, in order. */
        @Override
        public void blocker(String code, String detail) {
            if (next >= 0 && next + 1 < expected.length && code.equals(expected[next])
                    && detail.equals(expected[next + 1])) {
                next += 2;
            } else {
                next = -1;
            }
        }

        private String[] blockers(int list) {
            String[] pairs = blockerLists[list];
            if (pairs == null) {
                HollowListTypeReadState lists = types.blockerLists;
                pairs = new String[2 * lists.size(list)];
                for (int i = 0; i < pairs.length; i += 2) {
                    int blocker = lists.getElementOrdinal(list, i / 2);
                    pairs[i] = string(types.blockers.readOrdinal(blocker, types.codeField));
                    pairs[i + 1] = string(types.blockers.readOrdinal(blocker, types.detailField));
                }
                blockerLists[list] = pairs;
            }
            return pairs;
        }

        private String string(int ordinal) {
            if (ordinal < 0) {
                return null;
            }
            String known = strings[ordinal];
            if (known == null) {
                known = types.string(ordinal);
                strings[ordinal] = known;
            }
            return known;
        }
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
