package org.gatekeeper.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import org.gatekeeper.model.CountryStatus;

/**
 * What changed between two {@code liveness} states, pair by pair: PREPROD vs PROD at the same inputs (a rule change),
 * or two PROD versions. Exact: statuses are compared by content, never by Hollow ordinal or hash alone.
 *
 * <p>How it stays fast at 19 M pairs. Hollow stores each distinct {@code CountryStatus} once (about 2.9 M of them
 * at profile {@code netflix}), so the diff works on statuses first and pairs second: (1) both sides' statuses are read
 * once into arrays, their country and blocker list as ids shared by the two sides; (2) every status of the new side
 * goes into an open-addressing table keyed by its content; (3) every status of the old side is looked up there,
 * giving {@code fromToTo[oldOrdinal]}, the new side's ordinal with the same content or -1; (4) the pair loop then
 * compares one int per pair ({@code fromToTo[a] == b}) over videos merged by id, on every core, in chunks whose
 * results are concatenated in video order, so the output does not depend on the thread count. Only changed pairs
 * are kept (five ints or longs each) and turned into model objects when a page or the CLI asks.
 */
public final class OutputDiff implements StateDiff {
    private static final int CHUNK_VIDEOS = 512;

    private final OutputSide from;
    private final OutputSide to;
    private final OutputSide.Vocabulary vocabulary;
    private final Summary summary;
    /** Changed pairs, in video then country order: video id, old status ordinal (-1), new status ordinal (-1). */
    private final long[] changedVideo;
    private final int[] changedFrom;
    private final int[] changedTo;
    private final byte[] changedKind;
    private final List<CountryCounts> byCountry;
    private final List<BlockerCounts> byBlocker;
    private final long computeNanos;
    /** Blocker codes as bits: the string id of each bit's code, the bit of each string id (-1), each list's bits. */
    private final List<Integer> codeOfBit;
    private final int[] bitOfCode;
    private final long[] listCodes;

    /**
     * Totals of a diff. Every count is 0 when the states are equal.
     *
     * @param changedPairs pairs in any {@link ChangeKind}
     * @param byKind changed pairs by kind, every kind present
     */
    public record Summary(int videosBefore, int videosAfter, int videosAdded, int videosRemoved, long pairsBefore,
                          long pairsAfter, long livePairsBefore, long livePairsAfter, long changedPairs,
                          Map<ChangeKind, Long> byKind) {
    }

    /** Changed pairs of one country, by kind. */
    public record CountryCounts(String country, long changedPairs, Map<ChangeKind, Long> byKind) {
    }

    /**
     * One blocker code across the changed pairs.
     *
     * @param pairsGaining changed pairs blocked by this code after and not before
     * @param pairsLosing changed pairs blocked by it before and not after
     */
    public record BlockerCounts(String code, long pairsGaining, long pairsLosing) {
    }

    /**
     * Which changed pairs to list. Null fields match everything.
     *
     * @param blockerCode pairs that gained or lost a blocker with this code
     */
    public record Filter(String country, ChangeKind kind, String blockerCode, Long videoId) {
        public static final Filter ALL = new Filter(null, null, null, null);
    }

    private OutputDiff(OutputSide from, OutputSide to, OutputSide.Vocabulary vocabulary, long startNanos) {
        this.from = from;
        this.to = to;
        this.vocabulary = vocabulary;
        int[] fromToTo = matchStatuses(from, to);

        // Merge the two video lists by id: each entry is a (from index, to index) pair, -1 for a missing side.
        int[][] joined = join(from.videoIds, to.videoIds);
        int chunks = (joined[0].length + CHUNK_VIDEOS - 1) / CHUNK_VIDEOS;
        ChunkResult[] results = new ChunkResult[chunks];
        IntStream.range(0, chunks).parallel().forEach(c -> results[c] = compareChunk(joined, c, fromToTo));

        int changed = 0;
        long pairsBefore = 0;
        long pairsAfter = 0;
        long liveBefore = 0;
        long liveAfter = 0;
        for (ChunkResult result : results) {
            changed += result.size;
            pairsBefore += result.pairsBefore;
            pairsAfter += result.pairsAfter;
            liveBefore += result.liveBefore;
            liveAfter += result.liveAfter;
        }
        this.changedVideo = new long[changed];
        this.changedFrom = new int[changed];
        this.changedTo = new int[changed];
        this.changedKind = new byte[changed];
        int at = 0;
        for (ChunkResult result : results) {
            System.arraycopy(result.video, 0, changedVideo, at, result.size);
            System.arraycopy(result.from, 0, changedFrom, at, result.size);
            System.arraycopy(result.to, 0, changedTo, at, result.size);
            System.arraycopy(result.kind, 0, changedKind, at, result.size);
            at += result.size;
        }

        // Blocker codes as bits: SPEC §4 has eleven codes, so a blocker list's codes fit one long.
        this.codeOfBit = new ArrayList<>();
        this.listCodes = new long[vocabulary.blockerListCount()];
        int[] bitOfCode = new int[vocabulary.stringCount()];
        Arrays.fill(bitOfCode, -1);
        for (int list = 0; list < listCodes.length; list++) {
            for (int blocker : vocabulary.blockerList(list)) {
                int code = vocabulary.blockerCode(blocker);
                if (bitOfCode[code] < 0) {
                    if (codeOfBit.size() == 64) {
                        throw new IllegalStateException("more than 64 distinct blocker codes in " + from.ref.label()
                                + " and " + to.ref.label() + "; SPEC §4 defines eleven");
                    }
                    bitOfCode[code] = codeOfBit.size();
                    codeOfBit.add(code);
                }
                listCodes[list] |= 1L << bitOfCode[code];
            }
        }
        this.bitOfCode = bitOfCode;
        int kinds = ChangeKind.values().length;
        long[] kindCounts = new long[kinds];
        long[] countryKindCounts = new long[vocabulary.stringCount() * kinds];
        long[] gaining = new long[64];
        long[] losing = new long[64];
        for (int i = 0; i < changed; i++) {
            int kind = changedKind[i];
            kindCounts[kind]++;
            int country = changedFrom[i] >= 0 ? from.country[changedFrom[i]] : to.country[changedTo[i]];
            countryKindCounts[country * kinds + kind]++;
            long before = codesOf(from, changedFrom[i]);
            long after = codesOf(to, changedTo[i]);
            for (long bits = after & ~before; bits != 0; bits &= bits - 1) {
                gaining[Long.numberOfTrailingZeros(bits)]++;
            }
            for (long bits = before & ~after; bits != 0; bits &= bits - 1) {
                losing[Long.numberOfTrailingZeros(bits)]++;
            }
        }
        Map<ChangeKind, Long> byKind = zeroCounts();
        for (ChangeKind kind : ChangeKind.values()) {
            byKind.put(kind, kindCounts[kind.ordinal()]);
        }
        Map<Integer, long[]> countries = new TreeMap<>();
        for (int country = 0; country < vocabulary.stringCount(); country++) {
            long[] counts = Arrays.copyOfRange(countryKindCounts, country * kinds, (country + 1) * kinds);
            if (Arrays.stream(counts).sum() > 0) {
                countries.put(country, counts);
            }
        }
        Map<Integer, long[]> blockerCodes = new java.util.HashMap<>();
        for (int bit = 0; bit < codeOfBit.size(); bit++) {
            if (gaining[bit] + losing[bit] > 0) {
                blockerCodes.put(codeOfBit.get(bit), new long[] {gaining[bit], losing[bit]});
            }
        }
        int videosAdded = 0;
        int videosRemoved = 0;
        for (int i = 0; i < joined[0].length; i++) {
            videosAdded += joined[0][i] < 0 ? 1 : 0;
            videosRemoved += joined[1][i] < 0 ? 1 : 0;
        }
        this.summary = new Summary(from.videoIds.length, to.videoIds.length, videosAdded, videosRemoved,
                pairsBefore, pairsAfter, liveBefore, liveAfter, changed, byKind);
        List<CountryCounts> countryCounts = new ArrayList<>();
        countries.forEach((country, counts) -> countryCounts.add(countryCounts(vocabulary.string(country), counts)));
        countryCounts.sort(java.util.Comparator.comparing(CountryCounts::country));
        this.byCountry = List.copyOf(countryCounts);
        List<BlockerCounts> blockerCounts = new ArrayList<>();
        blockerCodes.forEach((code, counts) -> blockerCounts.add(new BlockerCounts(vocabulary.string(code),
                counts[0], counts[1])));
        blockerCounts.sort(java.util.Comparator.comparing(BlockerCounts::code));
        this.byBlocker = List.copyOf(blockerCounts);
        this.computeNanos = System.nanoTime() - startNanos;
    }

    /** Diffs two loaded {@code liveness} states. */
    public static OutputDiff between(StateRef fromRef, HollowReadStateEngine fromState, StateRef toRef,
                                     HollowReadStateEngine toState) {
        long started = System.nanoTime();
        OutputSide.Vocabulary vocabulary = new OutputSide.Vocabulary();
        OutputSide from = new OutputSide(fromRef, fromState, vocabulary);
        OutputSide to = new OutputSide(toRef, toState, vocabulary);
        return new OutputDiff(from, to, vocabulary, started);
    }

    private static Map<ChangeKind, Long> zeroCounts() {
        Map<ChangeKind, Long> counts = new EnumMap<>(ChangeKind.class);
        for (ChangeKind kind : ChangeKind.values()) {
            counts.put(kind, 0L);
        }
        return counts;
    }

    private static CountryCounts countryCounts(String country, long[] counts) {
        Map<ChangeKind, Long> byKind = zeroCounts();
        long total = 0;
        for (ChangeKind kind : ChangeKind.values()) {
            byKind.put(kind, counts[kind.ordinal()]);
            total += counts[kind.ordinal()];
        }
        return new CountryCounts(country, total, byKind);
    }

    /** For each status of {@code from}, the status of {@code to} with the same content, or -1. */
    private static int[] matchStatuses(OutputSide from, OutputSide to) {
        int capacity = Integer.highestOneBit(Math.max(16, to.country.length * 2 - 1)) << 1;
        int mask = capacity - 1;
        int[] table = new int[capacity];
        Arrays.fill(table, -1);
        for (int b = to.populatedStatuses.nextSetBit(0); b >= 0; b = to.populatedStatuses.nextSetBit(b + 1)) {
            int slot = (int) contentHash(to, b) & mask;
            while (table[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = b;
        }
        int[] fromToTo = new int[from.country.length];
        IntStream.range(0, fromToTo.length).parallel().forEach(a -> {
            int slot = (int) contentHash(from, a) & mask;
            int match = -1;
            for (int b = table[slot]; b >= 0; slot = (slot + 1) & mask, b = table[slot]) {
                if (from.sameContent(a, to, b)) {
                    match = b;
                    break;
                }
            }
            fromToTo[a] = match;
        });
        return fromToTo;
    }

    private static long contentHash(OutputSide side, int o) {
        long h = side.country[o] * 0x9E3779B97F4A7C15L;
        h = (h ^ side.blockerList[o]) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ (side.live[o] ? 1 : 0)) * 0x9E3779B97F4A7C15L;
        h = (h ^ side.windowStart[o]) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ side.windowEnd[o]) * 0x9E3779B97F4A7C15L;
        h = (h ^ side.goLiveAt[o]) * 0xC2B2AE3D27D4EB4FL;
        return h ^ (h >>> 29);
    }

    private static int[][] join(long[] fromIds, long[] toIds) {
        int[] fromIndex = new int[fromIds.length + toIds.length];
        int[] toIndex = new int[fromIndex.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < fromIds.length || j < toIds.length) {
            if (j >= toIds.length || (i < fromIds.length && fromIds[i] < toIds[j])) {
                fromIndex[n] = i++;
                toIndex[n++] = -1;
            } else if (i >= fromIds.length || toIds[j] < fromIds[i]) {
                fromIndex[n] = -1;
                toIndex[n++] = j++;
            } else {
                fromIndex[n] = i++;
                toIndex[n++] = j++;
            }
        }
        return new int[][] {Arrays.copyOf(fromIndex, n), Arrays.copyOf(toIndex, n)};
    }

    private ChunkResult compareChunk(int[][] joined, int chunk, int[] fromToTo) {
        ChunkResult result = new ChunkResult();
        int end = Math.min(joined[0].length, (chunk + 1) * CHUNK_VIDEOS);
        for (int v = chunk * CHUNK_VIDEOS; v < end; v++) {
            int fromIndex = joined[0][v];
            int toIndex = joined[1][v];
            long videoId = fromIndex >= 0 ? from.videoIds[fromIndex] : to.videoIds[toIndex];
            int fromList = fromIndex >= 0 ? from.statusList(from.videoOrdinals[fromIndex]) : -1;
            int toList = toIndex >= 0 ? to.statusList(to.videoOrdinals[toIndex]) : -1;
            int fromCount = fromList >= 0 ? from.statusCount(fromList) : 0;
            int toCount = toList >= 0 ? to.statusCount(toList) : 0;
            result.pairsBefore += fromCount;
            result.pairsAfter += toCount;
            // Both lists are sorted by country; merge them by country name.
            int i = 0;
            int j = 0;
            while (i < fromCount || j < toCount) {
                int a = i < fromCount ? from.status(fromList, i) : -1;
                int b = j < toCount ? to.status(toList, j) : -1;
                int order = a < 0 ? 1 : b < 0 ? -1 : from.country[a] == to.country[b] ? 0
                        : vocabulary.string(from.country[a]).compareTo(vocabulary.string(to.country[b]));
                if (order == 0) {
                    result.liveBefore += from.live[a] ? 1 : 0;
                    result.liveAfter += to.live[b] ? 1 : 0;
                    if (fromToTo[a] != b) {
                        result.add(videoId, a, b, kind(a, b));
                    }
                    i++;
                    j++;
                } else if (order < 0) {
                    result.liveBefore += from.live[a] ? 1 : 0;
                    result.add(videoId, a, -1, ChangeKind.PAIR_REMOVED);
                    i++;
                } else {
                    result.liveAfter += to.live[b] ? 1 : 0;
                    result.add(videoId, -1, b, ChangeKind.PAIR_ADDED);
                    j++;
                }
            }
        }
        return result;
    }

    private ChangeKind kind(int a, int b) {
        if (from.live[a] != to.live[b]) {
            return to.live[b] ? ChangeKind.BECAME_LIVE : ChangeKind.STOPPED_LIVE;
        }
        return from.blockerList[a] != to.blockerList[b] ? ChangeKind.BLOCKERS_CHANGED : ChangeKind.WINDOW_CHANGED;
    }

    /** The blocker codes of a status as bits; 0 for a missing side. */
    private long codesOf(OutputSide side, int status) {
        return status < 0 ? 0 : listCodes[side.blockerList[status]];
    }

    private static final class ChunkResult {
        long[] video = new long[16];
        int[] from = new int[16];
        int[] to = new int[16];
        byte[] kind = new byte[16];
        int size;
        long pairsBefore;
        long pairsAfter;
        long liveBefore;
        long liveAfter;

        void add(long videoId, int a, int b, ChangeKind changeKind) {
            if (size == video.length) {
                video = Arrays.copyOf(video, size * 2);
                from = Arrays.copyOf(from, size * 2);
                to = Arrays.copyOf(to, size * 2);
                kind = Arrays.copyOf(kind, size * 2);
            }
            video[size] = videoId;
            from[size] = a;
            to[size] = b;
            kind[size++] = (byte) changeKind.ordinal();
        }
    }

    @Override
    public StateRef from() {
        return from.ref;
    }

    @Override
    public StateRef to() {
        return to.ref;
    }

    @Override
    public boolean equal() {
        return summary.changedPairs() == 0 && summary.videosAdded() == 0 && summary.videosRemoved() == 0;
    }

    public Summary summary() {
        return summary;
    }

    public List<CountryCounts> byCountry() {
        return byCountry;
    }

    public List<BlockerCounts> byBlocker() {
        return byBlocker;
    }

    /** How long the diff took, the two states already loaded. */
    public long computeNanos() {
        return computeNanos;
    }

    /** How many changed pairs match {@code filter}. */
    public long count(Filter filter) {
        long count = 0;
        for (int i = 0; i < changedVideo.length; i++) {
            count += matches(i, filter) ? 1 : 0;
        }
        return count;
    }

    /** The changed pairs matching {@code filter}, in video then country order, skipping {@code offset}. */
    public List<PairChange> changes(Filter filter, long offset, int limit) {
        List<PairChange> page = new ArrayList<>();
        long skipped = 0;
        for (int i = 0; i < changedVideo.length && page.size() < limit; i++) {
            if (matches(i, filter)) {
                if (skipped++ >= offset) {
                    page.add(change(i));
                }
            }
        }
        return page;
    }

    private boolean matches(int i, Filter filter) {
        if (filter.videoId() != null && changedVideo[i] != filter.videoId()) {
            return false;
        }
        if (filter.kind() != null && changedKind[i] != filter.kind().ordinal()) {
            return false;
        }
        if (filter.country() != null) {
            int country = changedFrom[i] >= 0 ? from.country[changedFrom[i]] : to.country[changedTo[i]];
            if (!vocabulary.string(country).equals(filter.country())) {
                return false;
            }
        }
        if (filter.blockerCode() != null) {
            int code = vocabulary.find(filter.blockerCode());
            if (code < 0 || bitOfCode[code] < 0) {
                return false;
            }
            long bit = 1L << bitOfCode[code];
            return ((codesOf(from, changedFrom[i]) ^ codesOf(to, changedTo[i])) & bit) != 0;
        }
        return true;
    }

    private PairChange change(int i) {
        CountryStatus before = changedFrom[i] >= 0 ? from.toStatus(changedFrom[i], vocabulary) : null;
        CountryStatus after = changedTo[i] >= 0 ? to.toStatus(changedTo[i], vocabulary) : null;
        String country = before != null ? before.getCountry() : after.getCountry();
        return new PairChange(changedVideo[i], country, ChangeKind.values()[changedKind[i]], before, after);
    }

    /** One video's statuses on both sides, by country (the union, sorted), for a drill-down. */
    public Map<String, CountryStatus[]> video(long videoId) {
        Map<String, CountryStatus> before = from.video(videoId, vocabulary);
        Map<String, CountryStatus> after = to.video(videoId, vocabulary);
        Map<String, CountryStatus[]> grid = new TreeMap<>();
        before.forEach((country, status) -> grid.computeIfAbsent(country, k -> new CountryStatus[2])[0] = status);
        after.forEach((country, status) -> grid.computeIfAbsent(country, k -> new CountryStatus[2])[1] = status);
        return grid;
    }

    /** Whether either side holds the video. */
    public boolean hasVideo(long videoId) {
        return from.videoIndex(videoId) >= 0 || to.videoIndex(videoId) >= 0;
    }
}
