package org.gatekeeper.core;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Evaluates every video in every country at one instant (SPEC §4): a pure function of the pinned inputs, the
 * instant and the rule set. The same inputs, instant and rules give the same statuses, whatever the thread count,
 * and a new evaluator numbers them the same way each time; a kept evaluator keeps the ids of statuses it numbered
 * before (see {@link StatusTable}).
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
        CompiledInputs compiled = CompiledInputs.compile(inputs, rules, reusable.kept);
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
     * - Contracts are folded per video, once per evaluation at T, into three country masks (listed, open at T,
     *   starting after T) and the one window / start those contracts share; a pair tests three bits and scans a
     *   video's contracts only when those contracts disagree on the window or the start.
     * - No branch on what a pair's outcome is. Whether a pair is listed, open, waiting, blocked or live is random
     *   from one video to the next, so as branches they mispredict; the loop computes them as 0/1 longs and
     *   selects values with masks. Measured single-threaded on the evaluate step of `netflix` (2026-12-02, old
     *   and new code alternated in one JVM): one method per country with the arrays in locals, 0.69-0.77x the
     *   previous per-pair method; branch-free selection took the loop without its intern from 0.43x to 0.27x,
     *   though with the intern in place the whole step stayed near 0.78x: the intern's table probes are now
     *   most of what is left. Splitting live rows (keyed by window) from blocked rows was tried and was slower.
     * - Blocked pairs without a window (85 % of pairs) skip the row intern: within a country their status is
     *   fixed by flags, audio language and four masks whose bits the policy bounds, so the masks are rotated into
     *   one long and looked up with the flags in a small per-country index (BlockedStatusIndex: hundreds
     *   of entries that stay in cache) instead of hashing a nine-long row into a table of ~15 k rows, most of them
     *   live statuses each with a window of its own. With a video's per-country windows found in one branch-free
     *   pass over its contracts, the evaluate step went from 0.555 / 0.783 s to 0.454 / 0.432 s (two alternated
     *   runs each, 2026-12-02).
     * - Containers (shows, seasons) come after the playable videos of the same country: their liveness is the
     *   least fixed point over their children's live bits. Containers are visited children-first (an order
     *   computed once per evaluation), so one pass settles all but those on parentId cycles, which are then
     *   iterated from not-live until nothing changes (a cycle with no live child outside stays not live).
     *   Iterating every container to the fixed point took ~0.19 s of the single-threaded step.
     * - The compile reads out of Hollow only the records that changed since the last evaluation. What it decoded
     *   is kept by ordinal (CompiledInputs.Kept: each contract set's country mask; each asset, localization and
     *   rating as one long of video row, string ordinal and flags), and a listener forgets an ordinal when a
     *   delta touches it. The rest of a tick's compile walks plain arrays: with 1,000 records of each of four
     *   inputs changed by deltas, a kept compile went from 0.469 / 0.447 s to 0.125 / 0.148 s (2026-12-02,
     *   old and new code alternated), for ~65 MiB of kept rows (8.6 M records, 8 bytes each).
     *
     * Measured on this 2-core machine: docs/benchmarks.md ("Evaluation"), `gatekeeper bench evaluate`.
     */
    Evaluation evaluate(CompiledInputs in, long t, RuleSet rules) {
        int n = in.videoCount();
        int countries = in.countries.length;
        int rowLength = MASKS + 4 * in.words;
        reusable.keepTablesIfRowsMeanTheSame(in, rowLength);
        int[] originalLanguage = new int[n];
        for (int v = 0; v < n; v++) {
            originalLanguage[v] = reusable.originalLanguageId(in.originalLanguage[v]);
        }
        String[] originalLanguages = reusable.originalLanguages();
        Children children = new Children(in);
        VideoFacts facts = VideoFacts.of(in, t);

        int[] pairs = reusable.pairs(n * countries); // country-major: pairs[c * n + v]
        long[][] live = new long[countries][];
        StatusTable[] tables = new StatusTable[countries];
        int parts = Math.min(threads, countries);
        IntStream.range(0, parts).parallel().forEach(part -> {
            long[] row = new long[rowLength];
            BlockedStatusIndex blocked = new BlockedStatusIndex();
            for (int c = part * countries / parts, end = (part + 1) * countries / parts; c < end; c++) {
                // Sized from the previous evaluation of this shape would be better; a country holds ~15 k
                // statuses at `netflix`, so start at 1/8 of the videos and grow.
                StatusTable table = reusable.table(c, rowLength, n / 8);
                long[] liveInCountry = new long[(n + 63) >>> 6];
                evaluatePlayable(in, t, c, facts, originalLanguage, row, table, blocked, liveInCountry, pairs);
                evaluateContainers(in, c, children, liveInCountry, pairs, table, row);
                table.countUsedIfGrown(pairs, c * n, c * n + n);
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
     * {@link #evaluate} is not meant to run concurrently on one evaluator. What the compile read is
     * kept too, by ordinal (the contracts' country-set masks, the decoded assets, localizations and ratings), so
     * a tick reads only the records that changed ({@link CompiledInputs.Kept}).
     *
     * <p>The tables keep their rows, so a status keeps its id from one evaluation to the next and a publisher
     * writes only new statuses (see {@link StatusTable}). That holds while a row means the same: the same
     * countries, language bits and rating systems (all from the policies), and original-language ids that are
     * only ever added to. When the policies change any of those, every table starts over.
     */
    private static final class Reusable {
        private final CompiledInputs.Kept kept = new CompiledInputs.Kept();
        private int[] pairs = new int[0];
        private StatusTable[] tables = new StatusTable[0];
        private int rowLength = -1;
        private String[] countries;
        private String[] ratingSystems;
        private LanguageIndex languages;
        private final Map<String, Integer> originalLanguageIds = new HashMap<>();
        private String[] originalLanguages = new String[0];

        synchronized void keepTablesIfRowsMeanTheSame(CompiledInputs in, int length) {
            if (length != rowLength || !java.util.Arrays.equals(in.countries, countries)
                    || !java.util.Arrays.equals(in.ratingSystems, ratingSystems) || !in.languages.sameBits(languages)) {
                tables = new StatusTable[0];
                rowLength = length;
                countries = in.countries;
                ratingSystems = in.ratingSystems;
                languages = in.languages;
                originalLanguageIds.clear();
                originalLanguages = new String[0];
            }
        }

        /** A language's id in status rows: ids are handed out in order of first appearance and never change. */
        int originalLanguageId(String language) {
            Integer id = originalLanguageIds.get(language);
            if (id == null) {
                id = originalLanguageIds.size();
                originalLanguageIds.put(language, id);
                originalLanguages = java.util.Arrays.copyOf(originalLanguages, id + 1);
                originalLanguages[id] = language;
            }
            return id;
        }

        String[] originalLanguages() {
            return originalLanguages;
        }

        synchronized int[] pairs(int size) {
            if (pairs.length != size) {
                pairs = new int[size];
            }
            return pairs;
        }

        synchronized StatusTable table(int country, int length, int expectedRows) {
            if (country >= tables.length) {
                tables = java.util.Arrays.copyOf(tables, country + 1);
            }
            StatusTable table = tables[country];
            if (table == null) {
                table = new StatusTable(length, expectedRows);
                tables[country] = table;
            } else if (table.mostlyUnused()) {
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
        /** Containers with every container child before them, then (from {@code acyclic} on) those on cycles. */
        final int[] bottomUp;
        final int acyclic;

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
            // Kahn's order over the container forest: a container is ready once its container children are.
            int[] pending = new int[n];
            for (int v : containers) {
                int p = in.parent[v];
                if (p >= 0 && isContainer(in, p)) {
                    pending[p]++;
                }
            }
            bottomUp = new int[containerCount];
            int done = 0;
            for (int v : containers) {
                if (pending[v] == 0) {
                    bottomUp[done++] = v;
                }
            }
            for (int i = 0; i < done; i++) {
                int p = in.parent[bottomUp[i]];
                if (p >= 0 && isContainer(in, p) && --pending[p] == 0) {
                    bottomUp[done++] = p;
                }
            }
            acyclic = done;
            for (int v : containers) {
                if (pending[v] > 0) {
                    bottomUp[done++] = v;
                }
            }
        }
    }

    static boolean isPlayable(CompiledInputs in, int v) {
        return in.videoType[v] == CompiledInputs.MOVIE || in.videoType[v] == CompiledInputs.EPISODE;
    }

    static boolean isContainer(CompiledInputs in, int v) {
        return in.videoType[v] == CompiledInputs.SHOW || in.videoType[v] == CompiledInputs.SEASON;
    }

    /**
     * Every playable video of country {@code c}. The loop body has no data-dependent branch on the common path:
     * whether a pair is listed, open, waiting or live is random from one video to the next, and as branches
     * those outcomes cost more than the arithmetic that replaces them (see the block comment above).
     */
    private static void evaluatePlayable(CompiledInputs in, long t, int c, VideoFacts facts, int[] originalLanguage,
                                         long[] row, StatusTable table, BlockedStatusIndex blockedIndex, long[] live,
                                         int[] pairs) {
        final int n = in.videoCount();
        final int words = in.words;
        final long[] readyAudio = in.readyAudio;
        final long[] readySubtitles = in.readySubtitles;
        final long[] titles = in.titles;
        final long[] synopses = in.synopses;
        final long[] rated = in.rated;
        final int ratingWords = in.ratingWords;
        final long[] videoFlags = facts.videoFlags;
        final long[] notOriginal = facts.notOriginal;
        final long[] listedIn = facts.listed;
        final long[] openIn = facts.open;
        final long[] futureIn = facts.future;
        final long[] openStartOf = facts.openStart;
        final long[] openEndOf = facts.openEnd;
        final long[] goLiveAtOf = facts.goLiveAt;
        final CountryRequirements req = in.requirements[c];
        final long[] dubsRequired = req.dubs;
        final long[] subtitlesRequired = req.subtitles;
        final long[] metadataRequired = req.metadata;
        final int ratingSystem = req.ratingSystem;
        final long ratingFlags = ratingSystem < 0 ? 0 : MISSING_RATING | ((long) ratingSystem << 32);
        final int ratingWord = Math.max(0, ratingSystem) >>> 6;
        final int countryRow = (c >>> 6) * n;
        final int base = c * n;
        // Blocked statuses without a window go through a small index first when their masks fit one long.
        final int[] rotations = words == 1 ? BlockedStatusIndex.rotations(dubsRequired[0], subtitlesRequired[0],
                metadataRequired[0]) : null;
        final boolean indexed = rotations != null;
        final int subtitlesAt = indexed ? rotations[0] : 0;
        final int titlesAt = indexed ? rotations[1] : 0;
        final int synopsesAt = indexed ? rotations[2] : 0;
        blockedIndex.clear();
        for (int v : facts.playable) {
            long missing = 0;
            for (int w = 0, o = v * words; w < words; w++, o++) {
                long dubs = dubsRequired[w] & notOriginal[o] & ~readyAudio[o];
                long subtitles = subtitlesRequired[w] & ~readySubtitles[o];
                long noTitle = metadataRequired[w] & ~titles[o];
                long noSynopsis = metadataRequired[w] & ~synopses[o];
                row[MASKS + w] = dubs;
                row[MASKS + words + w] = subtitles;
                row[MASKS + 2 * words + w] = noTitle;
                row[MASKS + 3 * words + w] = noSynopsis;
                missing |= dubs | subtitles | noTitle | noSynopsis;
            }
            long unrated = ~(rated[v * ratingWords + ratingWord] >>> ratingSystem) & 1; // shifts are mod 64
            long flags = videoFlags[v] | (ratingFlags & -unrated);
            long blockers = flags | missing;
            long blocked = (blockers | -blockers) >>> 63;
            // Contract rules as 0/1 longs: listed, open, and (listed, not open, one starting later) waiting.
            long listed = (listedIn[countryRow + v] >>> c) & 1;
            long open = (openIn[countryRow + v] >>> c) & 1;
            long future = (futureIn[countryRow + v] >>> c) & 1;
            long notOpen = listed & ~open;
            long waiting = notOpen & future;
            flags |= (listed ^ 1) * NO_CONTRACT | waiting * WINDOW_NOT_OPEN | (notOpen & ~future) * WINDOW_CLOSED;
            long isLive = open & ~blocked;
            long goLiveAt = goLiveAtOf[v] & -waiting;
            long windowStart = openStartOf[v] & -isLive;
            long windowEnd = openEndOf[v] & -isLive;
            long audioMissing = (flags & MISSING_AUDIO) >>> 4;
            row[FLAGS] = flags;
            row[AUDIO_LANGUAGE] = (originalLanguage[v] & -audioMissing) | (audioMissing - 1); // the language, or -1
            row[WINDOW_START] = windowStart;
            row[WINDOW_END] = windowEnd;
            row[GO_LIVE_AT] = goLiveAt;
            if (goLiveAt == VideoFacts.PER_COUNTRY || windowStart == VideoFacts.PER_COUNTRY) {
                contractWindows(in, facts, v, c, isLive, waiting, row);
            }
            live[v >>> 6] |= isLive << v;
            if (indexed && (isLive | waiting) == 0) {
                // No window: flags (the rating system is the country's), audio language and masks are the status.
                long shape = row[MASKS] | Long.rotateLeft(row[MASKS + 1], subtitlesAt)
                        | Long.rotateLeft(row[MASKS + 2], titlesAt) | Long.rotateLeft(row[MASKS + 3], synopsesAt);
                long tags = (flags & 0xFF) | ((row[AUDIO_LANGUAGE] + 1) << 8);
                int id = blockedIndex.get(shape, tags);
                if (id < 0) {
                    id = table.intern(row);
                    blockedIndex.put(shape, tags, id);
                }
                pairs[base + v] = id;
            } else {
                pairs[base + v] = table.intern(row);
            }
        }
    }

    /**
     * The window of a live pair (earliest start, latest end of the open contracts listing {@code c}) or the goLiveAt
     * of a waiting one (earliest start after T among them), for a video whose contracts disagree across countries:
     * one pass over its contracts, with no branch on whether a contract lists the country.
     */
    private static void contractWindows(CompiledInputs in, VideoFacts facts, int v, int c, long isLive, long waiting,
                                        long[] row) {
        long from = Long.MAX_VALUE;
        long until = Long.MIN_VALUE;
        long next = Long.MAX_VALUE;
        final long[] listing = in.contractCountries;
        final int cw = in.countryWords;
        final int word = c >>> 6;
        for (int k = in.contractOffset[v], last = in.contractOffset[v + 1]; k < last; k++) {
            long lists = -((listing[k * cw + word] >>> c) & 1); // all ones when contract k lists c
            // A contract not listing c contributes the neutral value (masked in, not ORed: times may be negative).
            from = Math.min(from, facts.openFrom[k] & lists | ~lists & Long.MAX_VALUE);
            until = Math.max(until, facts.openUntil[k] & lists | ~lists & Long.MIN_VALUE);
            next = Math.min(next, facts.futureFrom[k] & lists | ~lists & Long.MAX_VALUE);
        }
        row[WINDOW_START] = from & -isLive;
        row[WINDOW_END] = until & -isLive;
        row[GO_LIVE_AT] = next & -waiting;
    }

    /**
     * What the pair loop reads per video, derived once per evaluation (they depend on T but not on the country):
     * the playable videos, the asset flags, the original language as a mask to clear from required dubs, and the
     * contracts folded into country masks ({@code listed}, {@code open} at T, {@code future}: starting after T;
     * country-word-major, {@code [word * n + video]}, so a country's loop reads them in order). When all the open
     * contracts of a video share one window (or all its future contracts one start) the pair takes it from here;
     * otherwise the value is {@link #PER_COUNTRY} and the pair scans that video's contracts, reading per contract
     * its start and end if open at T ({@code openFrom}, {@code openUntil}) and its start if after T
     * ({@code futureFrom}), with neutral values otherwise.
     */
    static final class VideoFacts {
        static final long PER_COUNTRY = Long.MIN_VALUE;

        final int[] playable;
        final long[] videoFlags;
        final long[] notOriginal;
        final long[] listed;
        final long[] open;
        final long[] future;
        final long[] openStart;
        final long[] openEnd;
        final long[] goLiveAt;
        final long[] openFrom;
        final long[] openUntil;
        final long[] futureFrom;

        private VideoFacts(int n, int words, int countryWords, int playableCount, int contracts) {
            playable = new int[playableCount];
            videoFlags = new long[n];
            notOriginal = new long[n * words];
            listed = new long[countryWords * n];
            open = new long[countryWords * n];
            future = new long[countryWords * n];
            openStart = new long[n];
            openEnd = new long[n];
            goLiveAt = new long[n];
            openFrom = new long[contracts];
            openUntil = new long[contracts];
            futureFrom = new long[contracts];
        }

        static VideoFacts of(CompiledInputs in, long t) {
            int n = in.videoCount();
            int words = in.words;
            int cw = in.countryWords;
            int playableCount = 0;
            for (int v = 0; v < n; v++) {
                playableCount += isPlayable(in, v) ? 1 : 0;
            }
            VideoFacts f = new VideoFacts(n, words, cw, playableCount, in.contractStart.length);
            java.util.Arrays.fill(f.notOriginal, -1L);
            int at = 0;
            for (int v = 0; v < n; v++) {
                if (isPlayable(in, v)) {
                    f.playable[at++] = v;
                }
                f.videoFlags[v] = (in.readyVideo[v] ? 0 : MISSING_VIDEO) | (in.readyOriginalAudio[v] ? 0 : MISSING_AUDIO);
                int originalBit = in.languages.bit(in.originalLanguage[v]); // once per video, not per pair
                if (originalBit >= 0) {
                    f.notOriginal[v * words + (originalBit >>> 6)] = ~(1L << originalBit);
                }
                boolean anyOpen = false;
                boolean anyFuture = false;
                for (int k = in.contractOffset[v], last = in.contractOffset[v + 1]; k < last; k++) {
                    long start = in.contractStart[k];
                    long end = in.contractEnd[k];
                    long[] into;
                    boolean isOpen = start <= t && t < end;
                    f.openFrom[k] = isOpen ? start : Long.MAX_VALUE;
                    f.openUntil[k] = isOpen ? end : Long.MIN_VALUE;
                    f.futureFrom[k] = start > t ? start : Long.MAX_VALUE;
                    if (isOpen) {
                        into = f.open;
                        f.openStart[v] = !anyOpen || f.openStart[v] == start && f.openEnd[v] == end ? start : PER_COUNTRY;
                        f.openEnd[v] = end;
                        anyOpen = true;
                    } else if (start > t) {
                        into = f.future;
                        f.goLiveAt[v] = !anyFuture || f.goLiveAt[v] == start ? start : PER_COUNTRY;
                        anyFuture = true;
                    } else {
                        into = null;
                    }
                    for (int w = 0; w < cw; w++) {
                        long countries = in.contractCountries[k * cw + w];
                        f.listed[w * n + v] |= countries;
                        if (into != null) {
                            into[w * n + v] |= countries;
                        }
                    }
                }
            }
            return f;
        }
    }

    /** Shows and seasons of one country: metadata and rating rules, and a live child, as a least fixed point. */
    private static void evaluateContainers(CompiledInputs in, int c, Children children, long[] live, int[] pairs,
                                           StatusTable table, long[] row) {
        int n = in.videoCount();
        int words = in.words;
        int rw = in.ratingWords;
        CountryRequirements req = in.requirements[c];
        int[] containers = children.containers;
        // Children before parents: one pass settles every container not on a cycle; the least fixed point is
        // then iterated over the cycles alone, from not-live.
        for (int i = 0; i < children.acyclic; i++) {
            int container = children.bottomUp[i];
            if (hasLiveChild(children, container, live) && !metadataOrRatingMissing(in, container, c, words, rw)) {
                live[container >>> 6] |= 1L << container;
            }
        }
        boolean changed = children.acyclic < containers.length;
        while (changed) {
            changed = false;
            for (int i = children.acyclic; i < containers.length; i++) {
                int container = children.bottomUp[i];
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
