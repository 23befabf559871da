package org.gatekeeper.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.Blocker;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.CountryStatus;
import org.gatekeeper.model.Localization;
import org.gatekeeper.model.Rating;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.VideoStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LivenessEvaluatorTest {
    private static final long T = 1_000_000L;
    private final Catalog catalog = Catalog.empty();

    // ---------------------------------------------------------------- one test per rule of SPEC §4

    @Test
    void completeMovie_isLive_withTheEarliestStartAndLatestEndOfItsOpenContracts() {
        completeMovie(1, "en");
        catalog.contracts().add(new Contract("c2", 1, Set.of("FR"), T - 50, T + 500));
        catalog.contracts().add(new Contract("c3", 1, Set.of("FR"), T + 10, T + 9_000)); // not open yet: ignored

        CountryStatus fr = status(1, "FR");

        assertThat(fr.isLive()).isTrue();
        assertThat(fr.getBlockers()).isEmpty();
        assertThat(fr.getWindowStart()).isEqualTo(T - 100);
        assertThat(fr.getWindowEnd()).isEqualTo(T + 500);
        assertThat(fr.getGoLiveAt()).isZero();
    }

    @Test
    void contractsFromBeforeTheEpoch_countOnlyForTheCountriesTheyList() {
        completeMovie(1, "en"); // FR and US, [T - 100, T + 100)
        catalog.contracts().add(new Contract("c-old", 1, Set.of("US"), -5_000, T + 5_000)); // open at T as well
        catalog.countries().add(policy("US", "", List.of(), List.of(), List.of()));

        CountryStatus fr = status(1, "FR");
        CountryStatus us = status(1, "US");

        assertThat(fr.getWindowStart()).isEqualTo(T - 100);
        assertThat(fr.getWindowEnd()).isEqualTo(T + 100);
        assertThat(us.getWindowStart()).isEqualTo(-5_000);
        assertThat(us.getWindowEnd()).isEqualTo(T + 5_000);
    }

    @Test
    void videoAssetWithoutALanguage_stillCountsAsTheReadyVideo() {
        // Off the SPEC (ingest refuses it), but a state may hold it: the evaluation must not fail on it.
        completeMovie(1, "en");
        catalog.assets().removeIf(a -> a.getKind().equals("VIDEO"));
        catalog.assets().add(new Asset("v1", 1, "VIDEO", null, "READY"));

        assertThat(status(1, "FR").isLive()).isTrue();
    }

    @Test
    void noContractListingTheCountry_blocksWithNoContract() {
        completeMovie(1, "en");
        catalog.countries().add(policy("DE", "", List.of(), List.of(), List.of()));

        assertThat(blockers(1, "DE")).containsExactly("NO_CONTRACT()");
    }

    @Test
    void onlyFutureWindows_blockWithWindowNotOpen_andGoLiveAtTheEarliestStart() {
        completeMovie(1, "en");
        catalog.contracts().clear();
        catalog.contracts().add(new Contract("c1", 1, Set.of("FR"), T + 500, T + 900));
        catalog.contracts().add(new Contract("c2", 1, Set.of("FR"), T + 1, T + 2));
        catalog.contracts().add(new Contract("c3", 1, Set.of("FR"), T - 9, T)); // ended exactly at T

        CountryStatus fr = status(1, "FR");

        assertThat(blockers(1, "FR")).containsExactly("WINDOW_NOT_OPEN()");
        assertThat(fr.getGoLiveAt()).isEqualTo(T + 1);
        assertThat(fr.getWindowStart()).isZero();
    }

    @Test
    void onlyEndedWindows_blockWithWindowClosed_windowEndIsExclusive() {
        completeMovie(1, "en");
        catalog.contracts().clear();
        catalog.contracts().add(new Contract("c1", 1, Set.of("FR"), T - 100, T));

        assertThat(blockers(1, "FR")).containsExactly("WINDOW_CLOSED()");
        assertThat(status(1, "FR").getGoLiveAt()).isZero();
    }

    @Test
    void invalidWindow_countsAsNoContractAtAll() {
        completeMovie(1, "en");
        catalog.contracts().clear();
        catalog.contracts().add(new Contract("c1", 1, Set.of("FR"), T + 10, T + 10));
        catalog.contracts().add(new Contract("c2", 1, Set.of("FR"), T + 10, T - 10));

        assertThat(blockers(1, "FR")).containsExactly("NO_CONTRACT()");
    }

    @Test
    void windowStartIsInclusive() {
        completeMovie(1, "en");
        catalog.contracts().clear();
        catalog.contracts().add(new Contract("c1", 1, Set.of("FR"), T, T + 1));

        assertThat(status(1, "FR").isLive()).isTrue();
    }

    @Test
    void assetRules_needReadyAssets_andEveryFailedRuleAddsABlocker() {
        completeMovie(1, "en");
        catalog.assets().clear();
        catalog.assets().add(new Asset("v", 1, "VIDEO", "", "PENDING"));
        catalog.assets().add(new Asset("a", 1, "AUDIO", "en", "FAILED"));
        catalog.assets().add(new Asset("s", 1, "SUBTITLE", "fr", "READY"));

        assertThat(blockers(1, "FR")).containsExactly("MISSING_AUDIO(en)", "MISSING_DUB(fr)", "MISSING_VIDEO()");
    }

    @Test
    void dubInTheOriginalLanguage_isNotRequired() {
        completeMovie(1, "fr");

        assertThat(status(1, "FR").isLive()).isTrue();
    }

    @Test
    void blankTitleSynopsisOrRating_countAsMissing_andBlockersAreSortedByCodeThenDetail() {
        completeMovie(1, "en");
        catalog.countries().clear();
        catalog.countries().add(policy("FR", "CNC", List.of("fr", "de", "fr"), List.of("fr"), List.of()));
        catalog.localizations().clear();
        catalog.localizations().add(new Localization(1, "fr", " \t", "ok"));
        catalog.localizations().add(new Localization(1, "de", "Titel", ""));
        catalog.ratings().clear();
        catalog.ratings().add(new Rating(1, "CNC", "  "));

        assertThat(blockers(1, "FR")).containsExactly("MISSING_RATING(CNC)", "MISSING_SYNOPSIS(de)",
                "MISSING_TITLE(fr)");
    }

    @Test
    void emptyRatingSystem_requiresNoRating() {
        completeMovie(1, "en");
        catalog.countries().clear();
        catalog.countries().add(policy("FR", "", List.of("fr"), List.of("fr"), List.of("fr")));
        catalog.ratings().clear();

        assertThat(status(1, "FR").isLive()).isTrue();
    }

    @Test
    void containers_areLiveWhenAChildIsLive_throughSeasonsToShows() {
        catalog.videos().add(new Video(10, "SHOW", 0, "en", "Show", 0));
        catalog.videos().add(new Video(11, "SEASON", 10, "en", "S1", 0));
        completeMovie(12, "en");
        catalog.videos().set(catalog.videos().size() - 1, new Video(12, "EPISODE", 11, "en", "E1", 30));
        describe(10);
        describe(11);

        assertThat(status(11, "FR").isLive()).isTrue();
        assertThat(status(10, "FR").isLive()).isTrue();
        assertThat(status(10, "FR").getWindowStart()).isZero();
    }

    @Test
    void containerWithoutLiveChild_isBlockedWithNoLiveChild_andItsOwnMetadataRules() {
        catalog.videos().add(new Video(10, "SHOW", 0, "en", "Show", 0));
        catalog.countries().add(policy("FR", "CNC", List.of("fr"), List.of(), List.of()));

        assertThat(blockers(10, "FR")).containsExactly("MISSING_RATING(CNC)", "MISSING_SYNOPSIS(fr)",
                "MISSING_TITLE(fr)", "NO_LIVE_CHILD()");
    }

    @Test
    void parentIdCycle_withNoLiveDescendantOutside_isNotLive() {
        catalog.videos().add(new Video(20, "SEASON", 21, "en", "A", 0));
        catalog.videos().add(new Video(21, "SEASON", 20, "en", "B", 0));
        catalog.videos().add(new Video(22, "SHOW", 22, "en", "Self", 0));
        catalog.countries().add(policy("FR", "", List.of(), List.of(), List.of()));

        assertThat(blockers(20, "FR")).containsExactly("NO_LIVE_CHILD()");
        assertThat(blockers(21, "FR")).containsExactly("NO_LIVE_CHILD()");
        assertThat(blockers(22, "FR")).containsExactly("NO_LIVE_CHILD()");
    }

    @Test
    void cycleWithALiveDescendantOutside_isLive() {
        catalog.videos().add(new Video(20, "SEASON", 21, "en", "A", 0));
        catalog.videos().add(new Video(21, "SEASON", 20, "en", "B", 0));
        completeMovie(23, "en");
        catalog.videos().set(catalog.videos().size() - 1, new Video(23, "EPISODE", 20, "en", "E", 30));
        describe(20);
        describe(21);

        assertThat(status(20, "FR").isLive()).isTrue();
        assertThat(status(21, "FR").isLive()).isTrue();
    }

    @Test
    void danglingParentAndRecordsAboutUnknownVideos_areIgnored() {
        completeMovie(1, "en");
        catalog.videos().set(0, new Video(1, "EPISODE", 999, "en", "Orphan", 30));
        catalog.assets().add(new Asset("x", 777, "VIDEO", "", "READY"));
        catalog.contracts().add(new Contract("x", 777, Set.of("FR"), 0, Long.MAX_VALUE));
        catalog.localizations().add(new Localization(777, "fr", "t", "s"));
        catalog.ratings().add(new Rating(777, "CNC", "12"));

        assertThat(status(1, "FR").isLive()).isTrue();
        assertThat(evaluate(RuleSet.SPEC).toVideoStatuses()).extracting(VideoStatus::getVideoId).containsExactly(1L);
    }

    @Test
    void demoRuleSet_alsoRequiresSubtitlesInTheFirstMetadataLanguageInSortedOrder() {
        completeMovie(1, "en");
        catalog.localizations().add(new Localization(1, "de", "Titel", "Inhalt"));
        for (List<String> metadata : List.of(List.of("fr", "de"), List.of("de", "fr"), List.of("fr", "de", "fr"))) {
            catalog.countries().clear();
            catalog.countries().add(policy("FR", "CNC", metadata, List.of(), List.of()));

            assertThat(status(1, "FR").isLive()).isTrue();
            CountryStatus strict = evaluate(RuleSet.SUBTITLES_IN_FIRST_METADATA_LANGUAGE).toVideoStatuses().get(0)
                    .getCountries().get(0);
            // SPEC §2: the list is a set, so the order it was written in must not matter
            assertThat(strict.getBlockers()).as("metadata languages %s", metadata)
                    .containsExactly(new Blocker("MISSING_SUBTITLES", "de"));
        }
    }

    // ---------------------------------------------------------------- against the reference evaluator

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void randomCatalogs_matchTheReferenceEvaluator_whateverTheThreadCount(int threads) {
        long seed = Long.getLong("gatekeeper.test.seed", System.nanoTime());
        System.out.println("LivenessEvaluatorTest seed=" + seed + " threads=" + threads);
        Random random = new Random(seed);
        for (int round = 0; round < 25; round++) {
            // Every fifth round names over 64 languages and countries, so masks span more than one long.
            boolean wide = round % 5 == 4;
            Catalog randomCatalog = wide ? randomCatalog(random, 70) : randomCatalog(random);
            if (wide) {
                CompiledInputs compiled = CompiledInputs.compile(randomCatalog.toInputs(), RuleSet.SPEC);
                assertThat(compiled.countryWords).as("seed %d round %d", seed, round).isGreaterThan(1);
                assertThat(compiled.words).as("seed %d round %d", seed, round).isGreaterThan(1);
            }
            long t = 1_000 + random.nextInt(1_000);
            for (RuleSet rules : List.of(RuleSet.SPEC, RuleSet.SUBTITLES_IN_FIRST_METADATA_LANGUAGE)) {
                List<VideoStatus> fast = new LivenessEvaluator(threads)
                        .evaluate(randomCatalog.toInputs(), t, rules).toVideoStatuses();
                List<VideoStatus> reference = ReferenceEvaluator.evaluate(randomCatalog, t,
                        rules == RuleSet.SUBTITLES_IN_FIRST_METADATA_LANGUAGE);
                assertThat(fast).as("seed %d round %d rules %s", seed, round, rules).isEqualTo(reference);
            }
        }
    }

    @Test
    void statusNumbering_isTheSameForEveryThreadCount() {
        Catalog randomCatalog = randomCatalog(new Random(42));
        Evaluation one = new LivenessEvaluator(1).evaluate(randomCatalog.toInputs(), 1_500, RuleSet.SPEC);
        Evaluation many = new LivenessEvaluator(4).evaluate(randomCatalog.toInputs(), 1_500, RuleSet.SPEC);

        assertThat(many.distinctStatuses()).isEqualTo(one.distinctStatuses());
        for (int v = 0; v < one.videoCount(); v++) {
            for (int c = 0; c < one.countries().size(); c++) {
                assertThat(many.statusId(v, c)).isEqualTo(one.statusId(v, c));
            }
        }
    }

    /** Small universes so that every edge case of SPEC §4 shows up often. */
    static Catalog randomCatalog(Random random) {
        return randomCatalog(random, List.of("ar", "de", "en", "fr", "ja", "pt-BR"),
                List.of("BR", "DE", "FR", "JP", "US"));
    }

    /** {@code size} languages and {@code size} countries, every language named by some policy. */
    static Catalog randomCatalog(Random random, int size) {
        List<String> languages = new ArrayList<>();
        List<String> countries = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            languages.add(String.format("l%02d", i));
            countries.add(String.format("C%02d", i));
        }
        Catalog catalog = randomCatalog(random, languages, countries);
        catalog.countries().add(new CountryPolicy("ZZ", "", languages, List.of(), List.of())); // names them all
        return catalog;
    }

    private static Catalog randomCatalog(Random random, List<String> languages, List<String> countries) {
        List<String> systems = List.of("CNC", "FSK", "MPAA");
        Catalog c = Catalog.empty();
        int videos = 5 + random.nextInt(30);
        String[] types = {"MOVIE", "SHOW", "SEASON", "EPISODE"};
        for (int id = 1; id <= videos; id++) {
            long parent = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(videos + 3); // some dangling
            c.videos().add(new Video(id, types[random.nextInt(4)], parent, pick(random, languages), "t", 1));
        }
        Map<String, Object> keyed = new LinkedHashMap<>();
        for (int i = 0; i < videos * 2; i++) {
            long video = 1 + random.nextInt(videos + 2); // some unknown videos
            long start = random.nextInt(2_500) - (random.nextInt(8) == 0 ? 3_000 : 0); // some before the epoch
            long end = random.nextInt(6) == 0 ? start - random.nextInt(50) : start + random.nextInt(2_000);
            List<String> listed = new ArrayList<>();
            countries.forEach(country -> {
                if (random.nextBoolean()) {
                    listed.add(country);
                }
            });
            keyed.put("c" + i, new Contract("c" + i, video, Set.copyOf(listed), start, end));
        }
        String[] kinds = {"VIDEO", "AUDIO", "SUBTITLE"};
        String[] statuses = {"READY", "READY", "PENDING", "FAILED"};
        for (int i = 0; i < videos * 8; i++) {
            String kind = kinds[random.nextInt(3)];
            keyed.put("a" + i, new Asset("a" + i, 1 + random.nextInt(videos + 2), kind,
                    kind.equals("VIDEO") ? "" : pick(random, languages), statuses[random.nextInt(4)]));
        }
        for (int i = 0; i < videos * 5; i++) {
            long video = 1 + random.nextInt(videos + 2);
            String language = pick(random, languages);
            keyed.put("l" + video + "|" + language, new Localization(video, language,
                    random.nextInt(5) == 0 ? " " : "title", random.nextInt(5) == 0 ? "" : "synopsis"));
        }
        for (int i = 0; i < videos * 2; i++) {
            long video = 1 + random.nextInt(videos + 2);
            String system = pick(random, systems);
            keyed.put("r" + video + "|" + system, new Rating(video, system, random.nextInt(5) == 0 ? "" : "12"));
        }
        for (Object record : keyed.values()) {
            if (record instanceof Contract x) {
                c.contracts().add(x);
            } else if (record instanceof Asset x) {
                c.assets().add(x);
            } else if (record instanceof Localization x) {
                c.localizations().add(x);
            } else if (record instanceof Rating x) {
                c.ratings().add(x);
            }
        }
        for (String country : countries) {
            c.countries().add(new CountryPolicy(country, random.nextInt(3) == 0 ? "" : pick(random, systems),
                    some(random, languages), some(random, languages), some(random, languages)));
        }
        return c;
    }

    private static List<String> some(Random random, List<String> from) {
        List<String> picked = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            picked.add(pick(random, from)); // repeats on purpose: the lists are sets in meaning
        }
        return picked;
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    // ---------------------------------------------------------------- helpers

    /** A movie that is live in FR (which requires fr metadata, fr subtitles, fr dubs and a CNC rating). */
    private void completeMovie(long id, String original) {
        catalog.videos().add(new Video(id, "MOVIE", 0, original, "Movie", 90));
        catalog.contracts().add(new Contract("c" + id, id, Set.of("FR", "US"), T - 100, T + 100));
        catalog.assets().add(new Asset("v" + id, id, "VIDEO", "", "READY"));
        catalog.assets().add(new Asset("a" + id + original, id, "AUDIO", original, "READY"));
        catalog.assets().add(new Asset("a" + id + "fr", id, "AUDIO", "fr", "READY"));
        catalog.assets().add(new Asset("s" + id + "fr", id, "SUBTITLE", "fr", "READY"));
        describe(id);
        if (catalog.countries().stream().noneMatch(p -> p.getCountry().equals("FR"))) {
            catalog.countries().add(policy("FR", "CNC", List.of("fr"), List.of("fr"), List.of("fr")));
        }
    }

    private void describe(long id) {
        catalog.localizations().add(new Localization(id, "fr", "Titre", "Résumé"));
        catalog.ratings().add(new Rating(id, "CNC", "12"));
    }

    private static CountryPolicy policy(String country, String system, List<String> metadata,
                                        List<String> subtitles, List<String> dubs) {
        return new CountryPolicy(country, system, metadata, subtitles, dubs);
    }

    private Evaluation evaluate(RuleSet rules) {
        return new LivenessEvaluator(2).evaluate(catalog.toInputs(), T, rules);
    }

    private CountryStatus status(long videoId, String country) {
        List<VideoStatus> statuses = evaluate(RuleSet.SPEC).toVideoStatuses();
        assertThat(statuses).isEqualTo(ReferenceEvaluator.evaluate(catalog, T, false));
        return statuses.stream().filter(s -> s.getVideoId() == videoId).findFirst().orElseThrow()
                .getCountries().stream().filter(s -> s.getCountry().equals(country)).findFirst().orElseThrow();
    }

    private List<String> blockers(long videoId, String country) {
        CountryStatus status = status(videoId, country);
        assertThat(status.isLive()).isEqualTo(status.getBlockers().isEmpty());
        return status.getBlockers().stream().map(b -> b.getCode() + "(" + b.getDetail() + ")").toList();
    }
}
