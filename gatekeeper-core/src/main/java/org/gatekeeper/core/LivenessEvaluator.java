package org.gatekeeper.core;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Evaluates every video in every country at one instant (SPEC §4): a pure function of the pinned inputs, the
 * instant and the rule set. The same inputs, instant and rules give the same statuses, in the same order, with the
 * same status numbering, whatever the thread count.
 */
public final class LivenessEvaluator {
    static final long NO_CONTRACT = 1;
    static final long WINDOW_NOT_OPEN = 1 << 1;
    static final long WINDOW_CLOSED = 1 << 2;
    static final long MISSING_VIDEO = 1 << 3;
    static final long MISSING_AUDIO = 1 << 4;
    static final long NO_LIVE_CHILD = 1 << 5;
    static final long MISSING_RATING = 1 << 6;

    // A status row: [country, flags (+ rating system << 32), original-language id, windowStart, windowEnd,
    // goLiveAt, then four language masks of `words` longs: missing dubs, subtitles, titles, synopses].
    static final int COUNTRY = 0;
    static final int FLAGS = 1;
    static final int AUDIO_LANGUAGE = 2;
    static final int WINDOW_START = 3;
    static final int WINDOW_END = 4;
    static final int GO_LIVE_AT = 5;
    static final int MASKS = 6;

    private final int threads;

    public LivenessEvaluator() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public LivenessEvaluator(int threads) {
        this.threads = Math.max(1, threads);
    }

    /** Compiles the inputs and evaluates them at {@code evaluatedAt} (epoch milliseconds) with {@code rules}. */
    public Evaluation evaluate(PinnedInputs inputs, long evaluatedAt, RuleSet rules) {
        long started = System.nanoTime();
        CompiledInputs compiled = CompiledInputs.compile(inputs, rules);
        long compiledAt = System.nanoTime();
        Evaluation evaluation = evaluate(compiled, evaluatedAt, rules);
        evaluation.timings(compiledAt - started, System.nanoTime() - compiledAt);
        return evaluation;
    }

    /*
     * Why the layout. Profile `netflix` is 100 k videos x 190 countries = 19 M pairs over ~10 M input records, and
     * the target is about a second on two cores: ~100 ns per pair for everything, so the pair loop below must not
     * allocate, hash strings or chase references.
     *
     * - Every per-video fact the rules read is a bit in a long mask compiled once per evaluation: READY audio and
     *   subtitle languages, languages with a non-blank title or synopsis, rating systems with a non-blank value.
     *   Language bits cover only languages some policy names (40 at `netflix`, one long), in sorted order, so a
     *   country's missing dubs are `dubs & ~readyAudio & ~original` and blocker details come out sorted by walking
     *   bits. A pair's asset and metadata rules cost a handful of ANDs.
     * - Contracts are flattened per video (start, end, a country bit mask); the window rules scan the one to three
     *   contracts of a video per country instead of a map of windows per pair.
     * - A pair's outcome is a fixed-length row (country, blocker flags, windows, four missing-language masks)
     *   interned in a per-thread table: 19 M pairs collapse to a few tens of thousands of distinct statuses, which
     *   is also what Hollow dedupes when they become CountryStatus records. The output is one int per pair.
     * - Videos are split into one contiguous range per thread; ids are then renumbered in video-country order,
     *   so the numbering never depends on thread timing.
     * - Containers (shows, seasons) come last: their liveness is the least fixed point over children's live-country
     *   masks, iterated from all-not-live until nothing changes (a parentId cycle with no live child stays not live).
     *
     * Measured on this 2-core machine: see docs/benchmarks.md ("Evaluation"), `gatekeeper bench evaluate`.
     */
    Evaluation evaluate(CompiledInputs in, long t, RuleSet rules) {
        int n = in.videoCount();
        int countries = in.countries.length;
        int cw = in.countryWords;
        int words = in.words;
        int rowLength = MASKS + 4 * words;
        Map<String, Integer> originalLanguageIds = new HashMap<>();
        int[] originalLanguage = new int[n];
        for (int v = 0; v < n; v++) {
            originalLanguage[v] = originalLanguageIds.computeIfAbsent(in.originalLanguage[v],
                    l -> originalLanguageIds.size());
        }
        String[] originalLanguages = new String[originalLanguageIds.size()];
        originalLanguageIds.forEach((language, id) -> originalLanguages[id] = language);

        long[] live = new long[n * cw];
        int[] pairs = new int[n * countries];
        int parts = Math.min(threads, Math.max(1, n / 256));
        StatusTable[] tables = new StatusTable[parts];
        IntStream.range(0, parts).parallel().forEach(part -> {
            StatusTable table = new StatusTable(rowLength);
            tables[part] = table;
            long[] row = new long[rowLength];
            for (int v = part * n / parts, end = (part + 1) * n / parts; v < end; v++) {
                byte type = in.videoType[v];
                if (type == CompiledInputs.MOVIE || type == CompiledInputs.EPISODE) {
                    evaluatePlayable(in, t, v, originalLanguage[v], row, table, pairs, live);
                }
            }
        });

        StatusTable containers = new StatusTable(rowLength);
        evaluateContainers(in, live, pairs, containers, rowLength);

        // Renumber in video-country order: deterministic whatever the thread count.
        int[] partOf = new int[n];
        for (int part = 0; part < parts; part++) {
            for (int v = part * n / parts, end = (part + 1) * n / parts; v < end; v++) {
                partOf[v] = part;
            }
        }
        int[][] remap = new int[parts + 1][];
        for (int part = 0; part < parts; part++) {
            remap[part] = filled(tables[part].size());
        }
        remap[parts] = filled(containers.size());
        StatusTable global = new StatusTable(rowLength);
        long[] row = new long[rowLength];
        for (int v = 0; v < n; v++) {
            boolean container = in.videoType[v] == CompiledInputs.SHOW || in.videoType[v] == CompiledInputs.SEASON;
            int source = container ? parts : partOf[v];
            StatusTable table = container ? containers : tables[partOf[v]];
            int[] map = remap[source];
            for (int c = 0, at = v * countries; c < countries; c++, at++) {
                int local = pairs[at];
                if (map[local] < 0) {
                    table.copyRow(local, row);
                    map[local] = global.intern(row);
                }
                pairs[at] = map[local];
            }
        }
        return new Evaluation(in, t, rules, global, pairs, originalLanguages, live);
    }

    private static int[] filled(int size) {
        int[] array = new int[size];
        java.util.Arrays.fill(array, -1);
        return array;
    }

    private static void evaluatePlayable(CompiledInputs in, long t, int v, int originalLanguage, long[] row,
                                         StatusTable table, int[] pairs, long[] live) {
        int countries = in.countries.length;
        int words = in.words;
        int cw = in.countryWords;
        int rw = in.ratingWords;
        int originalBit = in.languages.bit(in.originalLanguage[v]);
        long base = (in.readyVideo[v] ? 0 : MISSING_VIDEO) | (in.readyOriginalAudio[v] ? 0 : MISSING_AUDIO);
        int firstContract = in.contractOffset[v];
        int lastContract = in.contractOffset[v + 1];
        for (int c = 0; c < countries; c++) {
            CountryRequirements req = in.requirements[c];
            long flags = base;
            boolean blocked = base != 0;
            for (int w = 0; w < words; w++) {
                int o = v * words + w;
                long original = (originalBit >>> 6) == w && originalBit >= 0 ? 1L << originalBit : 0;
                long dubs = req.dubs[w] & ~original & ~in.readyAudio[o];
                long subtitles = req.subtitles[w] & ~in.readySubtitles[o];
                long titles = req.metadata[w] & ~in.titles[o];
                long synopses = req.metadata[w] & ~in.synopses[o];
                row[MASKS + w] = dubs;
                row[MASKS + words + w] = subtitles;
                row[MASKS + 2 * words + w] = titles;
                row[MASKS + 3 * words + w] = synopses;
                blocked |= (dubs | subtitles | titles | synopses) != 0;
            }
            if (req.ratingSystem >= 0 && !CompiledInputs.isSet(in.rated, v * rw, req.ratingSystem)) {
                flags |= MISSING_RATING | ((long) req.ratingSystem << 32);
                blocked = true;
            }
            boolean listed = false;
            boolean open = false;
            long openStart = Long.MAX_VALUE;
            long openEnd = Long.MIN_VALUE;
            long futureStart = Long.MAX_VALUE;
            for (int k = firstContract; k < lastContract; k++) {
                if ((in.contractCountries[k * cw + (c >>> 6)] & (1L << c)) == 0) {
                    continue;
                }
                listed = true;
                long start = in.contractStart[k];
                long end = in.contractEnd[k];
                if (start <= t && t < end) {
                    open = true;
                    openStart = Math.min(openStart, start);
                    openEnd = Math.max(openEnd, end);
                } else if (start > t) {
                    futureStart = Math.min(futureStart, start);
                }
            }
            long goLiveAt = 0;
            if (!listed) {
                flags |= NO_CONTRACT;
            } else if (!open) {
                if (futureStart != Long.MAX_VALUE) {
                    flags |= WINDOW_NOT_OPEN;
                    goLiveAt = futureStart;
                } else {
                    flags |= WINDOW_CLOSED;
                }
            }
            boolean isLive = !blocked && open && (flags & ~base) == 0;
            row[COUNTRY] = c;
            row[FLAGS] = flags;
            row[AUDIO_LANGUAGE] = (flags & MISSING_AUDIO) != 0 ? originalLanguage : -1;
            row[WINDOW_START] = isLive ? openStart : 0;
            row[WINDOW_END] = isLive ? openEnd : 0;
            row[GO_LIVE_AT] = goLiveAt;
            pairs[v * countries + c] = table.intern(row);
            if (isLive) {
                live[v * cw + (c >>> 6)] |= 1L << c;
            }
        }
    }

    /** Shows and seasons: metadata and rating rules, and a live child, as a least fixed point. */
    private static void evaluateContainers(CompiledInputs in, long[] live, int[] pairs, StatusTable table,
                                           int rowLength) {
        int n = in.videoCount();
        int countries = in.countries.length;
        int cw = in.countryWords;
        int words = in.words;
        int rw = in.ratingWords;
        long[] rulesPass = new long[n * cw];
        int containerCount = 0;
        for (int v = 0; v < n; v++) {
            if (in.videoType[v] != CompiledInputs.SHOW && in.videoType[v] != CompiledInputs.SEASON) {
                continue;
            }
            containerCount++;
            for (int c = 0; c < countries; c++) {
                if (!metadataOrRatingMissing(in, v, c, words, rw)) {
                    rulesPass[v * cw + (c >>> 6)] |= 1L << c;
                }
            }
        }
        if (containerCount == 0) {
            return;
        }
        long[] childLive = new long[n * cw];
        boolean changed = true;
        while (changed) {
            changed = false;
            java.util.Arrays.fill(childLive, 0);
            for (int v = 0; v < n; v++) {
                int p = in.parent[v];
                if (p >= 0 && (in.videoType[p] == CompiledInputs.SHOW || in.videoType[p] == CompiledInputs.SEASON)) {
                    for (int w = 0; w < cw; w++) {
                        childLive[p * cw + w] |= live[v * cw + w];
                    }
                }
            }
            for (int v = 0; v < n; v++) {
                if (in.videoType[v] != CompiledInputs.SHOW && in.videoType[v] != CompiledInputs.SEASON) {
                    continue;
                }
                for (int w = 0; w < cw; w++) {
                    long next = childLive[v * cw + w] & rulesPass[v * cw + w];
                    if (next != live[v * cw + w]) {
                        live[v * cw + w] = next;
                        changed = true;
                    }
                }
            }
        }
        long[] row = new long[rowLength];
        for (int v = 0; v < n; v++) {
            if (in.videoType[v] != CompiledInputs.SHOW && in.videoType[v] != CompiledInputs.SEASON) {
                continue;
            }
            for (int c = 0; c < countries; c++) {
                CountryRequirements req = in.requirements[c];
                long flags = (childLive[v * cw + (c >>> 6)] & (1L << c)) == 0 ? NO_LIVE_CHILD : 0;
                if (req.ratingSystem >= 0 && !CompiledInputs.isSet(in.rated, v * rw, req.ratingSystem)) {
                    flags |= MISSING_RATING | ((long) req.ratingSystem << 32);
                }
                row[COUNTRY] = c;
                row[FLAGS] = flags;
                row[AUDIO_LANGUAGE] = -1;
                row[WINDOW_START] = 0;
                row[WINDOW_END] = 0;
                row[GO_LIVE_AT] = 0;
                for (int w = 0; w < words; w++) {
                    int o = v * words + w;
                    row[MASKS + w] = 0;
                    row[MASKS + words + w] = 0;
                    row[MASKS + 2 * words + w] = req.metadata[w] & ~in.titles[o];
                    row[MASKS + 3 * words + w] = req.metadata[w] & ~in.synopses[o];
                }
                pairs[v * countries + c] = table.intern(row);
            }
        }
    }

    private static boolean metadataOrRatingMissing(CompiledInputs in, int v, int c, int words, int rw) {
        CountryRequirements req = in.requirements[c];
        for (int w = 0; w < words; w++) {
            int o = v * words + w;
            if ((req.metadata[w] & ~(in.titles[o] & in.synopses[o])) != 0) {
                return true;
            }
        }
        return req.ratingSystem >= 0 && !CompiledInputs.isSet(in.rated, v * rw, req.ratingSystem);
    }
}
