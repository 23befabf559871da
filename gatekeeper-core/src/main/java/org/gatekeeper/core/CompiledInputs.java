package org.gatekeeper.core;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.VideoType;

/**
 * The pinned inputs compiled into dense per-evaluation arrays: one row per video (sorted by id), one per
 * country (sorted by code), language and rating-system sets as bit masks. Built once per evaluation in a few
 * linear passes over the Hollow states. An evaluator keeps what it read by ordinal between evaluations
 * ({@link Kept}): the masks of the contracts' country sets, and the decoded assets, localizations and ratings, so
 * a tick reads out of Hollow only the records that changed. See {@link LivenessEvaluator} for why this layout.
 */
final class CompiledInputs {
    static final byte MOVIE = 0;
    static final byte SHOW = 1;
    static final byte SEASON = 2;
    static final byte EPISODE = 3;
    private static final byte KIND_VIDEO = 0;
    private static final byte KIND_AUDIO = 1;
    private static final byte KIND_SUBTITLE = 2;
    private static final int HAS_TITLE = 1;
    private static final int HAS_SYNOPSIS = 2;

    final LanguageIndex languages;
    final int words;
    final String[] ratingSystems;
    final int ratingWords;

    final String[] countries;
    final CountryRequirements[] requirements;
    final int countryWords;

    final long[] videoIds;
    final byte[] videoType;
    final int[] parent;
    final String[] originalLanguage;
    final boolean[] readyVideo;
    final boolean[] readyOriginalAudio;
    final long[] readyAudio;
    final long[] readySubtitles;
    final long[] titles;
    final long[] synopses;
    final long[] rated;

    final int[] contractOffset;
    final long[] contractStart;
    final long[] contractEnd;
    final long[] contractCountries;

    private CompiledInputs(Builder b) {
        this.languages = b.languages;
        this.words = b.languages.words();
        this.ratingSystems = b.ratingSystems;
        this.ratingWords = Math.max(1, (ratingSystems.length + 63) >>> 6);
        this.countries = b.countries;
        this.requirements = b.requirements;
        this.countryWords = Math.max(1, (countries.length + 63) >>> 6);
        this.videoIds = b.videoIds;
        this.videoType = b.videoType;
        this.parent = b.parent;
        this.originalLanguage = b.originalLanguage;
        this.readyVideo = b.readyVideo;
        this.readyOriginalAudio = b.readyOriginalAudio;
        this.readyAudio = b.readyAudio;
        this.readySubtitles = b.readySubtitles;
        this.titles = b.titles;
        this.synopses = b.synopses;
        this.rated = b.rated;
        this.contractOffset = b.contractOffset;
        this.contractStart = b.contractStart;
        this.contractEnd = b.contractEnd;
        this.contractCountries = b.contractCountries;
    }

    int videoCount() {
        return videoIds.length;
    }

    /** What an evaluator keeps from one compile to the next, each part by ordinal of the type it was read from. */
    static final class Kept {
        final CountrySetMasks countrySets = new CountrySetMasks();
        final DecodedRecords assets = new DecodedRecords();
        final DecodedRecords localizations = new DecodedRecords();
        final DecodedRecords ratings = new DecodedRecords();
    }

    static CompiledInputs compile(PinnedInputs inputs, RuleSet rules) {
        return compile(inputs, rules, new Kept());
    }

    /** Compiles with what {@code kept} holds from earlier evaluations: only what it does not know is read. */
    static CompiledInputs compile(PinnedInputs inputs, RuleSet rules, Kept kept) {
        CountrySetMasks countrySets = kept.countrySets;
        Builder b = new Builder();
        b.countries(new HollowTypeReader(inputs.state(Dataset.COUNTRIES), Dataset.COUNTRIES.hollowTypeName()), rules);
        b.videos(new HollowTypeReader(inputs.state(Dataset.VIDEOS), Dataset.VIDEOS.hollowTypeName()));
        HollowReadStateEngine contractState = inputs.state(Dataset.CONTRACTS);
        String contractType = Dataset.CONTRACTS.hollowTypeName();
        HollowTypeReader contracts = new HollowTypeReader(contractState, contractType);
        // The per-video passes write disjoint arrays: run them side by side. One lock on the kept set masks for
        // all of it: a delta's listener waits until the compile is done.
        synchronized (countrySets) {
            int[] countryOfString = b.useCountrySets(contracts, countrySets);
            List<Runnable> passes = new ArrayList<>(List.of(
                    () -> b.assets(new HollowTypeReader(inputs.state(Dataset.ASSETS),
                            Dataset.ASSETS.hollowTypeName()), kept.assets),
                    () -> b.localizations(new HollowTypeReader(inputs.state(Dataset.LOCALIZATIONS),
                            Dataset.LOCALIZATIONS.hollowTypeName()), kept.localizations),
                    () -> b.ratings(new HollowTypeReader(inputs.state(Dataset.RATINGS),
                            Dataset.RATINGS.hollowTypeName()), kept.ratings)));
            int field = contracts.field("countries");
            int bound = countrySets.sizeForEverySet();
            // Most sets unknown (a first evaluation, a new state): the sets are most of the work, so two passes
            // read them by set ordinal, in halves aligned to 64 (each owns its masks and known bits), beside the
            // others; the contracts pass then only copies. Otherwise it reads the few changed sets itself.
            boolean cold = 4L * countrySets.unknownCount() > bound;
            if (cold) {
                int half = (bound / 2 + 63) & ~63;
                passes.add(() -> countrySets.read(0, half, new HollowTypeReader(contractState, contractType), field,
                        countryOfString));
                passes.add(() -> countrySets.read(half, bound, new HollowTypeReader(contractState, contractType),
                        field, countryOfString));
            } else {
                passes.add(() -> b.contracts(contracts, countrySets, countryOfString));
            }
            passes.parallelStream().forEach(Runnable::run);
            if (cold) {
                b.contracts(contracts, countrySets, countryOfString);
            }
        }
        return new CompiledInputs(b);
    }

    private static final class Builder {
        LanguageIndex languages;
        String[] ratingSystems;
        Map<String, Integer> ratingIndex = new HashMap<>();
        String[] countries;
        Map<String, Integer> countryIndex = new HashMap<>();
        CountryRequirements[] requirements;

        long[] videoIds;
        LongIntMap videoIndex;
        byte[] videoType;
        int[] parent;
        String[] originalLanguage;
        boolean[] readyVideo;
        boolean[] readyOriginalAudio;
        long[] readyAudio;
        long[] readySubtitles;
        long[] titles;
        long[] synopses;
        long[] rated;
        int[] contractOffset;
        long[] contractStart;
        long[] contractEnd;
        long[] contractCountries;

        void countries(HollowTypeReader policies, RuleSet rules) {
            int country = policies.field("country");
            int ratingSystem = policies.field("ratingSystem");
            int metadata = policies.field("metadataLanguages");
            int subtitles = policies.field("subtitleLanguages");
            int dubs = policies.field("dubLanguages");
            String[] strings = policies.strings();
            Map<String, Integer> ordinalByCountry = new HashMap<>();
            Set<String> named = new TreeSet<>();
            Set<String> systems = new TreeSet<>();
            policies.forEachOrdinal(o -> {
                ordinalByCountry.put(policies.readString(o, country), o);
                for (int field : new int[] {metadata, subtitles, dubs}) {
                    policies.forEachElement(o, field, e -> named.add(strings[e]));
                }
                String system = policies.readString(o, ratingSystem);
                if (!system.isEmpty()) {
                    systems.add(system);
                }
            });
            languages = new LanguageIndex(named);
            ratingSystems = systems.toArray(String[]::new);
            for (int i = 0; i < ratingSystems.length; i++) {
                ratingIndex.put(ratingSystems[i], i);
            }
            countries = new TreeSet<>(ordinalByCountry.keySet()).toArray(String[]::new);
            requirements = new CountryRequirements[countries.length];
            for (int c = 0; c < countries.length; c++) {
                countryIndex.put(countries[c], c);
                int o = ordinalByCountry.get(countries[c]);
                List<String> metadataLanguages = new ArrayList<>();
                policies.forEachElement(o, metadata, e -> metadataLanguages.add(strings[e]));
                CountryRequirements requirement = new CountryRequirements(countries[c],
                        List.copyOf(metadataLanguages), languages);
                policies.forEachElement(o, metadata, e -> set(requirement.metadata, 0, languages.bit(strings[e])));
                policies.forEachElement(o, subtitles, e -> set(requirement.subtitles, 0, languages.bit(strings[e])));
                policies.forEachElement(o, dubs, e -> set(requirement.dubs, 0, languages.bit(strings[e])));
                String system = policies.readString(o, ratingSystem);
                requirement.ratingSystem = system.isEmpty() ? -1 : ratingIndex.get(system);
                rules.adjust(requirement);
                requirements[c] = requirement;
            }
        }

        void videos(HollowTypeReader videos) {
            int id = videos.field("id");
            int type = videos.field("type");
            int parentId = videos.field("parentId");
            int original = videos.field("originalLanguage");
            List<Integer> ordinals = new ArrayList<>();
            videos.forEachOrdinal(ordinals::add);
            long[][] rows = new long[ordinals.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = new long[] {videos.readLong(ordinals.get(i), id), ordinals.get(i)};
            }
            Arrays.sort(rows, (x, y) -> Long.compare(x[0], y[0]));
            int n = rows.length;
            videoIds = new long[n];
            videoIndex = n == 0 ? new LongIntMap(1) : new LongIntMap(n, rows[0][0], rows[n - 1][0]); // ids sorted
            videoType = new byte[n];
            parent = new int[n];
            originalLanguage = new String[n];
            long[] parentIds = new long[n];
            for (int v = 0; v < n; v++) {
                int o = (int) rows[v][1];
                videoIds[v] = rows[v][0];
                videoIndex.put(videoIds[v], v);
                videoType[v] = (byte) VideoType.valueOf(videos.readString(o, type)).ordinal();
                parentIds[v] = videos.readLong(o, parentId);
                originalLanguage[v] = videos.readString(o, original);
            }
            for (int v = 0; v < n; v++) {
                parent[v] = parentIds[v] == 0 ? -1 : videoIndex.get(parentIds[v]);
            }
            int words = languages.words();
            readyVideo = new boolean[n];
            readyOriginalAudio = new boolean[n];
            readyAudio = new long[n * words];
            readySubtitles = new long[n * words];
            titles = new long[n * words];
            synopses = new long[n * words];
            rated = new long[n * Math.max(1, (ratingSystems.length + 63) >>> 6)];
        }

        void assets(HollowTypeReader assets, DecodedRecords kept) {
            int videoId = assets.field("videoId");
            int kind = assets.field("kind");
            int language = assets.field("language");
            int status = assets.field("status");
            String[] strings = assets.strings();
            int[] bits = bitsOf(strings);
            // What each string means, decided once per string instead of compared once per asset.
            boolean[] ready = new boolean[strings.length];
            byte[] kindOf = new byte[strings.length];
            for (int i = 0; i < strings.length; i++) {
                ready[i] = "READY".equals(strings[i]);
                kindOf[i] = "VIDEO".equals(strings[i]) ? KIND_VIDEO : "AUDIO".equals(strings[i]) ? KIND_AUDIO
                        : KIND_SUBTITLE;
            }
            int[] original = stringOrdinals(strings, originalLanguage);
            int words = languages.words();
            synchronized (kept) {
                kept.use(assets.typeState(), videoIds, videoIndex);
                assets.forEachOrdinal(o -> {
                    long row = kept.row(o);
                    int v;
                    int languageOrdinal;
                    int assetKind;
                    if (row == DecodedRecords.UNREAD) {
                        if (!ready[assets.readStringOrdinal(o, status)]) {
                            kept.keep(o, DecodedRecords.IGNORED);
                            return;
                        }
                        v = videoIndex.get(assets.readLong(o, videoId));
                        if (v < 0) {
                            return; // about a video that videos does not hold
                        }
                        languageOrdinal = assets.readStringOrdinal(o, language);
                        assetKind = kindOf[assets.readStringOrdinal(o, kind)];
                        kept.keep(o, DecodedRecords.row(v, languageOrdinal, assetKind));
                    } else if (row == DecodedRecords.IGNORED) {
                        return;
                    } else {
                        v = DecodedRecords.video(row);
                        languageOrdinal = DecodedRecords.string(row);
                        assetKind = DecodedRecords.flags(row);
                    }
                    if (assetKind == KIND_VIDEO) {
                        readyVideo[v] = true;
                        return;
                    }
                    if (languageOrdinal < 0) {
                        return; // no language (SPEC §2 requires one; ingest refuses such a record)
                    }
                    if (assetKind == KIND_AUDIO) {
                        set(readyAudio, v * words, bits[languageOrdinal]);
                        if (languageOrdinal == original[v]) {
                            readyOriginalAudio[v] = true;
                        }
                    } else {
                        set(readySubtitles, v * words, bits[languageOrdinal]);
                    }
                });
            }
        }

        void localizations(HollowTypeReader localizations, DecodedRecords kept) {
            int videoId = localizations.field("videoId");
            int language = localizations.field("language");
            int title = localizations.field("title");
            int synopsis = localizations.field("synopsis");
            int[] bits = bitsOf(localizations.strings());
            int words = languages.words();
            synchronized (kept) {
                kept.use(localizations.typeState(), videoIds, videoIndex);
                localizations.forEachOrdinal(o -> {
                    long row = kept.row(o);
                    int v;
                    int languageOrdinal;
                    int flags;
                    if (row == DecodedRecords.UNREAD) {
                        v = videoIndex.get(localizations.readLong(o, videoId));
                        if (v < 0) {
                            return;
                        }
                        languageOrdinal = localizations.readStringOrdinal(o, language);
                        flags = (localizations.isBlank(o, title) ? 0 : HAS_TITLE)
                                | (localizations.isBlank(o, synopsis) ? 0 : HAS_SYNOPSIS);
                        kept.keep(o, DecodedRecords.row(v, languageOrdinal, flags));
                    } else {
                        v = DecodedRecords.video(row);
                        languageOrdinal = DecodedRecords.string(row);
                        flags = DecodedRecords.flags(row);
                    }
                    int bit = languageOrdinal < 0 ? -1 : bits[languageOrdinal];
                    if (bit < 0) {
                        return; // no policy asks for this language
                    }
                    if ((flags & HAS_TITLE) != 0) {
                        set(titles, v * words, bit);
                    }
                    if ((flags & HAS_SYNOPSIS) != 0) {
                        set(synopses, v * words, bit);
                    }
                });
            }
        }

        void ratings(HollowTypeReader ratings, DecodedRecords kept) {
            int videoId = ratings.field("videoId");
            int system = ratings.field("ratingSystem");
            int value = ratings.field("value");
            String[] strings = ratings.strings();
            int[] systemBits = new int[strings.length];
            for (int i = 0; i < strings.length; i++) {
                Integer bit = strings[i] == null ? null : ratingIndex.get(strings[i]);
                systemBits[i] = bit == null ? -1 : bit;
            }
            int ratingWords = Math.max(1, (ratingSystems.length + 63) >>> 6);
            synchronized (kept) {
                kept.use(ratings.typeState(), videoIds, videoIndex);
                ratings.forEachOrdinal(o -> {
                    long row = kept.row(o);
                    int v;
                    int systemOrdinal;
                    if (row == DecodedRecords.UNREAD) {
                        if (ratings.isBlank(o, value)) {
                            kept.keep(o, DecodedRecords.IGNORED); // a blank rating never counts
                            return;
                        }
                        v = videoIndex.get(ratings.readLong(o, videoId));
                        if (v < 0) {
                            return;
                        }
                        systemOrdinal = ratings.readStringOrdinal(o, system);
                        kept.keep(o, DecodedRecords.row(v, systemOrdinal, 0));
                    } else if (row == DecodedRecords.IGNORED) {
                        return;
                    } else {
                        v = DecodedRecords.video(row);
                        systemOrdinal = DecodedRecords.string(row);
                    }
                    if (systemOrdinal >= 0) {
                        set(rated, v * ratingWords, systemBits[systemOrdinal]);
                    }
                });
            }
        }

        /**
         * Points {@code countrySets} at the contracts' set type and this country list; returns each contract
         * string's country bit (-1 for none).
         */
        int[] useCountrySets(HollowTypeReader contracts, CountrySetMasks countrySets) {
            String[] strings = contracts.strings();
            int[] countryOfString = new int[strings.length];
            for (int i = 0; i < strings.length; i++) {
                Integer c = strings[i] == null ? null : countryIndex.get(strings[i]);
                countryOfString[i] = c == null ? -1 : c;
            }
            HollowTypeReadState sets = contracts.collectionState(contracts.field("countries"));
            countrySets.use(sets, countries, Math.max(1, (countries.length + 63) >>> 6));
            return countryOfString;
        }

        /** Callers hold the lock of {@code countrySets}, which {@link #useCountrySets} prepared. */
        void contracts(HollowTypeReader contracts, CountrySetMasks countrySets, int[] countryOfString) {
            int videoId = contracts.field("videoId");
            int countriesField = contracts.field("countries");
            int start = contracts.field("windowStart");
            int end = contracts.field("windowEnd");
            int countryWords = Math.max(1, (countries.length + 63) >>> 6);
            int n = videoIds.length;
            int[] counts = new int[n + 1];
            // The valid contracts in ordinal order, in growable primitive arrays: no object per contract.
            int[] valid = {0};
            int[][] video = {new int[1024]};
            long[][] window = {new long[2 * 1024]};
            long[][] masks = {new long[1024 * countryWords]};
            contracts.forEachOrdinal(o -> {
                long windowStart = contracts.readLong(o, start);
                long windowEnd = contracts.readLong(o, end);
                int v = videoIndex.get(contracts.readLong(o, videoId));
                if (v < 0 || windowEnd <= windowStart) {
                    return; // unknown video, or an invalid window: counts as no contract at all
                }
                int k = valid[0]++;
                if (k == video[0].length) {
                    video[0] = Arrays.copyOf(video[0], 2 * k);
                    window[0] = Arrays.copyOf(window[0], 4 * k);
                    masks[0] = Arrays.copyOf(masks[0], 2 * k * countryWords);
                }
                video[0][k] = v;
                window[0][2 * k] = windowStart;
                window[0][2 * k + 1] = windowEnd;
                countrySets.or(contracts.readReference(o, countriesField), contracts, countriesField,
                        countryOfString, masks[0], k * countryWords);
                counts[v + 1]++;
            });
            contractOffset = new int[n + 1];
            for (int v = 0; v < n; v++) {
                contractOffset[v + 1] = contractOffset[v] + counts[v + 1];
            }
            int total = valid[0];
            contractStart = new long[total];
            contractEnd = new long[total];
            contractCountries = new long[total * countryWords];
            int[] next = Arrays.copyOf(contractOffset, n);
            for (int k = 0; k < total; k++) {
                int at = next[video[0][k]]++;
                contractStart[at] = window[0][2 * k];
                contractEnd[at] = window[0][2 * k + 1];
                System.arraycopy(masks[0], k * countryWords, contractCountries, at * countryWords, countryWords);
            }
        }

        /**
         * For each video, the ordinal in {@code strings} of its {@code language} (-1 when no record holds it), so
         * that a record's language is matched to the video's by comparing ints.
         */
        private static int[] stringOrdinals(String[] strings, String[] language) {
            Map<String, Integer> ordinals = new HashMap<>();
            for (int i = 0; i < strings.length; i++) {
                if (strings[i] != null) {
                    ordinals.put(strings[i], i);
                }
            }
            int[] result = new int[language.length];
            for (int v = 0; v < language.length; v++) {
                result[v] = ordinals.getOrDefault(language[v], -1);
            }
            return result;
        }

        private int[] bitsOf(String[] strings) {
            int[] bits = new int[strings.length];
            for (int i = 0; i < strings.length; i++) {
                bits[i] = strings[i] == null ? -1 : languages.bit(strings[i]);
            }
            return bits;
        }
    }

    /** Sets {@code bit} of the mask starting at {@code offset}; a negative bit (not indexed) is ignored. */
    static void set(long[] masks, int offset, int bit) {
        if (bit >= 0) {
            masks[offset + (bit >>> 6)] |= 1L << bit;
        }
    }

    static boolean isSet(long[] masks, int offset, int bit) {
        return (masks[offset + (bit >>> 6)] & (1L << bit)) != 0;
    }

}
