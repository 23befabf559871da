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

    // A status row, within its country's table: [flags (+ rating system << 32), original-language id,
    // windowStart, windowEnd, goLiveAt, then four language masks of `words` longs: missing dubs, subtitles,
    // titles, synopses].
    static final int FLAGS = 0;
    static final int AUDIO_LANGUAGE = 1;
    static final int WINDOW_START = 2;
    static final int WINDOW_END = 3;
    static final int GO_LIVE_AT = 4;
    static final int MASKS = 5;

    private final int threads;
    private final Reusable reusable = new Reusable();

    public LivenessEvaluator() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public LivenessEvaluator(int threads) {
        this.threads = Math.max(1, threads);
    }

    /**
     * Compiles the inputs and evaluates them at {@code evaluatedAt} (epoch milliseconds) with {@code rules}. The
     * result is valid until this evaluator's next evaluation, which reuses its arrays.
     */
    public Evaluation evaluate(PinnedInputs inputs, long evaluatedAt, RuleSet rules) {
        long started = System.nanoTime();
        CompiledInputs compiled = CompiledInputs.compile(inputs, rules);
        long compiledAt = System.nanoTime();
        Evaluation evaluation = evaluate(compiled, evaluatedAt, rules);
        evaluation.timings(compiledAt - started, System.nanoTime() - compiledAt);
        return evaluation;
    }

    /*
     * Why the layout. Profile `netflix` is 100 k videos x 190 countries = 19 M pairs over ~9 M input records, and
     * the target is about a second on two cores: ~100 ns per pair for everything, so the pair loop below must not
     * allocate, hash strings or chase references.
     *
     * - Every per-video fact the rules read is a bit in a long mask compiled once per evaluation: READY audio and
     *   subtitle languages, languages with a non-blank title or synopsis, rating systems with a non-blank value.
     *   Language bits cover only languages some policy names (40 at `netflix`, one long), in sorted order, so a
     *   country's missing dubs are `dubs & ~readyAudio & ~original` and blocker details come out sorted by walking
     *   bits. A pair's asset and metadata rules cost a handful of ANDs.
     * - Contracts are flattened per video (start, end, a country bit mask); the window rules scan the one to three
     *   contracts of a video instead of a map of windows per pair.
     * - A pair's outcome is a fixed-length row (blocker flags, windows, four missing-language masks) interned in
     *   a table per country. Statuses only repeat within a country (the country is part of every status), and
     *   windows make live statuses nearly unique: `netflix` has ~2.9 M distinct statuses for 19 M pairs. One
     *   global table of 2.9 M rows (230 MB) made every pair a cache miss (3.1 s measured); a table per country
     *   holds ~15 k rows (~1 MB) and stays in cache while the loop walks every video of that country.
     * - So the loop is country-major: a thread takes whole countries, and within a country walks the videos in
     *   id order, reading the per-video arrays sequentially. Status ids are (country, order of first
     *   appearance), so they never depend on the thread count.
     * - Containers (shows, seasons) come after the playable videos of the same country: their liveness is the
     *   least fixed point over their children's live bits, iterated from all-not-live until nothing changes (a
     *   parentId cycle with no live child outside stays not live).
     *
     * Measured on this 2-core machine: docs/benchmarks.md ("Evaluation"), `gatekeeper bench evaluate`.
     */
    Evaluation evaluate(CompiledInputs in, long t, RuleSet rules) {
        int n = in.videoCount();
        int countries = in.countries.length;
        int rowLength = MASKS + 4 * in.words;
        Map<String, Integer> originalLanguageIds = new HashMap<>();
        int[] originalLanguage = new int[n];
        int[] originalBit = new int[n]; // the original language's bit, looked up once per video, not per pair
        for (int v = 0; v < n; v++) {
            originalLanguage[v] = originalLanguageIds.computeIfAbsent(in.originalLanguage[v],
                    l -> originalLanguageIds.size());
            originalBit[v] = in.languages.bit(in.originalLanguage[v]);
        }
        String[] originalLanguages = new String[originalLanguageIds.size()];
        originalLanguageIds.forEach((language, id) -> originalLanguages[id] = language);
        Children children = new Children(in);

        int[] pairs = reusable.pairs(n * countries); // country-major: pairs[c * n + v]
        long[][] live = new long[countries][];
        StatusTable[] tables = new StatusTable[countries];
        int parts = Math.min(threads, countries);
        IntStream.range(0, parts).parallel().forEach(part -> {
            long[] row = new long[rowLength];
            for (int c = part * countries / parts, end = (part + 1) * countries / parts; c < end; c++) {
                // Sized from the previous evaluation of this shape would be better; a country holds ~15 k
                // statuses at `netflix`, so start at 1/8 of the videos and grow.
                StatusTable table = reusable.table(c, rowLength, n / 8);
                long[] liveInCountry = new long[(n + 63) >>> 6];
                for (int v = 0; v < n; v++) {
                    byte type = in.videoType[v];
                    if (type == CompiledInputs.MOVIE || type == CompiledInputs.EPISODE) {
                        pairs[c * n + v] = evaluatePlayable(in, t, v, c, originalLanguage[v], originalBit[v], row,
                                table, liveInCountry);
                    }
                }
                evaluateContainers(in, c, children, liveInCountry, pairs, table, row);
                tables[c] = table;
                live[c] = liveInCountry;
            }
        });
        return new Evaluation(in, t, rules, tables, pairs, originalLanguages, live);
    }

    /**
     * The pair array and the per-country tables, kept from one evaluation to the next: a PROD loop evaluates the
     * same shape every minute, and re-allocating ~300 MB each time showed up as GC pauses and a wide spread of
     * evaluation times. An {@link Evaluation} is therefore valid until the next evaluation by the same evaluator;
     * {@link #evaluate} is not meant to run concurrently on one evaluator.
     */
    private static final class Reusable {
        private int[] pairs = new int[0];
        private StatusTable[] tables = new StatusTable[0];
        private int rowLength = -1;

        synchronized int[] pairs(int size) {
            if (pairs.length != size) {
                pairs = new int[size];
            }
            return pairs;
        }

        synchronized StatusTable table(int country, int length, int expectedRows) {
            if (length != rowLength) {
                tables = new StatusTable[0];
                rowLength = length;
            }
            if (country >= tables.length) {
                tables = java.util.Arrays.copyOf(tables, country + 1);
            }
            StatusTable table = tables[country];
            if (table == null) {
                table = new StatusTable(length, expectedRows);
                tables[country] = table;
            } else {
                table.clear();
            }
            return table;
        }
    }

    /** Each container's children, as compressed rows: children of v are child[first[v] .. first[v + 1]). */
    static final class Children {
        final int[] first;
        final int[] child;
        final int[] containers;

        Children(CompiledInputs in) {
            int n = in.videoCount();
            first = new int[n + 1];
            int count = 0;
            int containerCount = 0;
            for (int v = 0; v < n; v++) {
                if (isContainer(in, v)) {
                    containerCount++;
                }
                int p = in.parent[v];
                if (p >= 0 && isContainer(in, p)) {
                    first[p + 1]++;
                    count++;
                }
            }
            for (int v = 0; v < n; v++) {
                first[v + 1] += first[v];
            }
            child = new int[count];
            int[] next = java.util.Arrays.copyOf(first, n);
            containers = new int[containerCount];
            int at = 0;
            for (int v = 0; v < n; v++) {
                if (isContainer(in, v)) {
                    containers[at++] = v;
                }
                int p = in.parent[v];
                if (p >= 0 && isContainer(in, p)) {
                    child[next[p]++] = v;
                }
            }
        }
    }

    static boolean isContainer(CompiledInputs in, int v) {
        return in.videoType[v] == CompiledInputs.SHOW || in.videoType[v] == CompiledInputs.SEASON;
    }

    private static int evaluatePlayable(CompiledInputs in, long t, int v, int c, int originalLanguage,
                                        int originalBit, long[] row, StatusTable table, long[] live) {
        int words = in.words;
        int cw = in.countryWords;
        CountryRequirements req = in.requirements[c];
        long flags = (in.readyVideo[v] ? 0 : MISSING_VIDEO) | (in.readyOriginalAudio[v] ? 0 : MISSING_AUDIO);
        boolean blocked = flags != 0;
        for (int w = 0; w < words; w++) {
            int o = v * words + w;
            long original = originalBit >= 0 && (originalBit >>> 6) == w ? 1L << originalBit : 0;
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
        if (req.ratingSystem >= 0 && !CompiledInputs.isSet(in.rated, v * in.ratingWords, req.ratingSystem)) {
            flags |= MISSING_RATING | ((long) req.ratingSystem << 32);
            blocked = true;
        }
        boolean listed = false;
        boolean open = false;
        long openStart = Long.MAX_VALUE;
        long openEnd = Long.MIN_VALUE;
        long futureStart = Long.MAX_VALUE;
        long countryBit = 1L << c;
        int countryWord = c >>> 6;
        for (int k = in.contractOffset[v], last = in.contractOffset[v + 1]; k < last; k++) {
            if ((in.contractCountries[k * cw + countryWord] & countryBit) == 0) {
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
        boolean isLive = !blocked && open;
        row[FLAGS] = flags;
        row[AUDIO_LANGUAGE] = (flags & MISSING_AUDIO) != 0 ? originalLanguage : -1;
        row[WINDOW_START] = isLive ? openStart : 0;
        row[WINDOW_END] = isLive ? openEnd : 0;
        row[GO_LIVE_AT] = goLiveAt;
        if (isLive) {
            live[v >>> 6] |= 1L << v;
        }
        return table.intern(row);
    }

    /** Shows and seasons of one country: metadata and rating rules, and a live child, as a least fixed point. */
    private static void evaluateContainers(CompiledInputs in, int c, Children children, long[] live, int[] pairs,
                                           StatusTable table, long[] row) {
        int n = in.videoCount();
        int words = in.words;
        int rw = in.ratingWords;
        CountryRequirements req = in.requirements[c];
        int[] containers = children.containers;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int container : containers) {
                boolean next = hasLiveChild(children, container, live)
                        && !metadataOrRatingMissing(in, container, c, words, rw);
                boolean now = (live[container >>> 6] & (1L << container)) != 0;
                if (next != now) {
                    live[container >>> 6] ^= 1L << container;
                    changed = true;
                }
            }
        }
        for (int v : containers) {
            long flags = hasLiveChild(children, v, live) ? 0 : NO_LIVE_CHILD;
            if (req.ratingSystem >= 0 && !CompiledInputs.isSet(in.rated, v * rw, req.ratingSystem)) {
                flags |= MISSING_RATING | ((long) req.ratingSystem << 32);
            }
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
            pairs[c * n + v] = table.intern(row);
        }
    }

    private static boolean hasLiveChild(Children children, int container, long[] live) {
        for (int i = children.first[container], end = children.first[container + 1]; i < end; i++) {
            int child = children.child[i];
            if ((live[child >>> 6] & (1L << child)) != 0) {
                return true;
            }
        }
        return false;
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
