package org.gatekeeper.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.util.StateEngineRoundTripper;
import com.netflix.hollow.core.write.HollowWriteStateEngine;
import com.netflix.hollow.core.write.objectmapper.HollowObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.Blocker;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.CountryStatus;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Localization;
import org.gatekeeper.model.Rating;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.VideoStatus;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison by ordinal a replay reports must name exactly the videos that a comparison of the two sides as
 * model objects finds different: a changed status, a video on one side only, every pair of a changed catalog.
 */
class OutputComparisonTest {
    @TempDir
    Path dir;

    @Test
    void differingVideos_areExactlyThoseWhoseRecordsDiffer() {
        long seed = System.nanoTime();
        System.out.println("OutputComparisonTest seed=" + seed);
        Random random = new Random(seed);
        Map<Dataset<?>, Long> versions = Catalog.versionOne();
        try (BlobStore store = BlobStore.directory(dir)) {
            int changesShown = 0;
            for (int round = 0; round < 14; round++) {
                Catalog catalog = LivenessEvaluatorTest.randomCatalog(random);
                LivenessEvaluator evaluator = new LivenessEvaluator();
                Evaluation published = evaluator.evaluate(catalog.toInputs(), 1_000, RuleSet.SPEC);
                String namespace = "liveness-" + round;
                long version = new LivenessPublisher(store.namespace(namespace), Environment.PROD,
                        RetentionPolicy.DEFAULT).publish(published, versions, null);
                HollowConsumer consumer = HollowConsumer.withBlobRetriever(store.namespace(namespace).retriever())
                        .build();
                consumer.triggerRefreshTo(version);
                HollowReadStateEngine state = consumer.getStateEngine();
                String as = "seed " + seed + " round " + round;
                assertThat(OutputComparison.differingVideos(state, published)).as(as).isEmpty();

                String change = change(round, random, catalog);
                // Rounds alternate a kept evaluator (status ids carried over) and a new one (numbered afresh).
                Evaluation replayed = (round % 2 == 0 ? evaluator : new LivenessEvaluator())
                        .evaluate(catalog.toInputs(), change.equals("T moves") ? 1_500 : 1_000, RuleSet.SPEC);
                List<Long> expected = byObjects(LivenessReader.readAll(state), replayed.toVideoStatuses());
                assertThat(OutputComparison.differingVideos(state, replayed)).as(as + " (" + change + ")")
                        .isEqualTo(expected);
                if (change.startsWith("video ")) {
                    // Its statuses are now those of a video with a lower id, compared first: its pairs are found
                    // different by ordinal alone once the other video's statuses have matched.
                    long copy = Long.parseLong(change.split(" ")[1]);
                    long original = Long.parseLong(change.split(" ")[7]);
                    List<VideoStatus> before = LivenessReader.readAll(state);
                    if (!status(before, copy).getCountries().equals(status(before, original).getCountries())) {
                        assertThat(expected).as(as + " (" + change + ")").contains(copy);
                    }
                }
                changesShown += expected.isEmpty() ? 0 : 1;
            }
            assertThat(changesShown).as("seed %d: rounds whose change shows in the output", seed)
                    .isGreaterThanOrEqualTo(7);
        }
    }

    /**
     * Each field of a status counts: a published state in which one status of a video differs from the evaluation
     * in one field (or one blocker more, less or changed) names exactly those videos, whatever the others share.
     */
    @Test
    void everyFieldOfAStatus_counts() throws Exception {
        long seed = Long.getLong("gatekeeper.test.seed", System.nanoTime());
        System.out.println("OutputComparisonTest.everyFieldOfAStatus_counts seed=" + seed);
        Random random = new Random(seed);
        Catalog catalog;
        do { // enough videos for one tamper each, with room to skip those with no blocker to change
            catalog = LivenessEvaluatorTest.randomCatalog(random);
        } while (catalog.videos().size() < 20);
        Evaluation evaluation = new LivenessEvaluator().evaluate(catalog.toInputs(), 1_000, RuleSet.SPEC);
        List<VideoStatus> records = new ArrayList<>(evaluation.toVideoStatuses());
        List<String> tampers = List.of("country", "live", "windowStart", "windowEnd", "goLiveAt", "code", "detail",
                "extra blocker", "blocker less");
        List<Long> tampered = new ArrayList<>();
        for (int v = 0; v < records.size() && tampered.size() < tampers.size(); v++) {
            VideoStatus video = records.get(v);
            List<CountryStatus> countries = new ArrayList<>(video.getCountries());
            String tamper = tampers.get(tampered.size());
            boolean needsBlocker = List.of("code", "detail", "blocker less").contains(tamper);
            int offset = random.nextInt(countries.size());
            int c = -1;
            for (int i = 0; i < countries.size() && c < 0; i++) {
                int candidate = (offset + i) % countries.size();
                if (!needsBlocker || !countries.get(candidate).getBlockers().isEmpty()) {
                    c = candidate;
                }
            }
            if (c < 0) {
                continue; // live everywhere: no blocker to change or take away
            }
            CountryStatus s = countries.get(c);
            List<Blocker> blockers = new ArrayList<>(s.getBlockers());
            switch (tamper) {
                case "code" -> blockers.set(0, new Blocker(blockers.get(0).getCode() + "X",
                        blockers.get(0).getDetail()));
                case "detail" -> blockers.set(0, new Blocker(blockers.get(0).getCode(),
                        blockers.get(0).getDetail() + "x"));
                case "extra blocker" -> blockers.add(new Blocker("ZZ_EXTRA", ""));
                case "blocker less" -> blockers.remove(blockers.size() - 1);
                default -> { }
            }
            countries.set(c, new CountryStatus(
                    tamper.equals("country") ? s.getCountry() + "X" : s.getCountry(),
                    tamper.equals("live") != s.isLive(), blockers,
                    s.getWindowStart() + (tamper.equals("windowStart") ? 1 : 0),
                    s.getWindowEnd() + (tamper.equals("windowEnd") ? 1 : 0),
                    s.getGoLiveAt() + (tamper.equals("goLiveAt") ? 1 : 0)));
            records.set(v, new VideoStatus(video.getVideoId(), countries));
            tampered.add(video.getVideoId());
        }
        assertThat(tampered).as("seed %d: every tamper applied", seed).hasSize(tampers.size());
        HollowWriteStateEngine write = new HollowWriteStateEngine();
        HollowObjectMapper mapper = new HollowObjectMapper(write);
        records.forEach(mapper::add);
        HollowReadStateEngine state = new HollowReadStateEngine();
        StateEngineRoundTripper.roundTripSnapshot(write, state);

        assertThat(byObjects(LivenessReader.readAll(state), evaluation.toVideoStatuses())).as("seed %d", seed)
                .isEqualTo(tampered);
        assertThat(OutputComparison.differingVideos(state, evaluation)).as("seed %d", seed).isEqualTo(tampered);
    }

    @Test
    void keptComparison_acrossARangeOfVersions_namesWhatAComparisonAsObjectsNames() {
        long seed = Long.getLong("gatekeeper.test.seed", System.nanoTime());
        System.out.println("OutputComparisonTest range seed=" + seed);
        Random random = new Random(seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(random);
        List<String> countries = new ArrayList<>(catalog.countries().stream().map(CountryPolicy::getCountry).toList());
        Map<Dataset<?>, Long> versions = Catalog.versionOne();
        try (BlobStore store = BlobStore.directory(dir)) {
            // As in a range replay: PROD's output followed by deltas, one evaluator and one comparison kept.
            LivenessEvaluator prod = new LivenessEvaluator();
            LivenessPublisher publisher = new LivenessPublisher(store.namespace("liveness-prod"), Environment.PROD,
                    RetentionPolicy.DEFAULT);
            HollowConsumer consumer = HollowConsumer.withBlobRetriever(store.namespace("liveness-prod").retriever())
                    .build();
            LivenessEvaluator replay = new LivenessEvaluator();
            OutputComparison.Kept kept = new OutputComparison.Kept();
            EvaluatorAcrossDeltasTest.OrdinalHistory statusOrdinals = new EvaluatorAcrossDeltasTest.OrdinalHistory();
            int differed = 0;
            int carried = 0;
            for (int step = 0; step < 30; step++) {
                if (step > 0) {
                    EvaluatorAcrossDeltasTest.churnEverything(random, catalog, countries, step);
                }
                long t = 1_000 + 40L * step;
                long version = publisher.publish(prod.evaluate(catalog.toInputs(), t, RuleSet.SPEC), versions, null);
                if (step == 20) {
                    // PROD's output loaded afresh, as after a double snapshot: a new state, nothing carried over.
                    consumer = HollowConsumer.withBlobRetriever(store.namespace("liveness-prod").retriever()).build();
                }
                consumer.triggerRefreshTo(version);
                HollowReadStateEngine state = consumer.getStateEngine();
                if (step == 0) {
                    state.getTypeState("CountryStatus").addListener(statusOrdinals);
                }
                // Most steps replay what PROD did; some move T or run other rules, so that statuses differ.
                Evaluation replayed = switch (step % 4) {
                    case 1 -> replay.evaluate(catalog.toInputs(), t + 700, RuleSet.SPEC);
                    case 3 -> replay.evaluate(catalog.toInputs(), t, RuleSet.SUBTITLES_IN_FIRST_METADATA_LANGUAGE);
                    default -> replay.evaluate(catalog.toInputs(), t, RuleSet.SPEC);
                };
                List<Long> expected = byObjects(LivenessReader.readAll(state), replayed.toVideoStatuses());
                assertThat(OutputComparison.differingVideos(state, replayed, kept)).as("seed %d step %d", seed, step)
                        .isEqualTo(expected);
                if (step == 20) {
                    assertThat(kept.carried()).as("seed %d: a new state carries nothing over", seed).isZero();
                }
                differed += expected.isEmpty() ? 0 : 1;
                carried += kept.carried();
            }
            assertThat(differed).as("seed %d: steps whose replay differs", seed).isGreaterThanOrEqualTo(5);
            assertThat(carried).as("seed %d: statuses found equal in an earlier version and not compared again", seed)
                    .isPositive();
            assertThat(statusOrdinals.reused).as("seed %d: PROD status ordinals removed and later reused", seed)
                    .isNotEmpty();
        }
    }

    private static String change(int round, Random random, Catalog catalog) {
        switch (round % 7) {
            case 0 -> {
                long id = catalog.videos().stream().mapToLong(Video::getId).max().orElse(0) + 1; // a new id
                catalog.videos().remove(random.nextInt(catalog.videos().size()));
                catalog.videos().add(new Video(id, "MOVIE", 0, "en", "t", 1));
                return "a video removed, one added";
            }
            case 1 -> {
                catalog.contracts().clear();
                return "every contract gone";
            }
            case 2 -> {
                return "T moves";
            }
            case 3 -> {
                CountryPolicy first = catalog.countries().get(0);
                catalog.countries().set(0, new CountryPolicy(first.getCountry(), first.getRatingSystem(),
                        first.getMetadataLanguages(), List.of("zz"), first.getDubLanguages()));
                return "a country requires subtitles nobody has";
            }
            case 4 -> {
                catalog.countries().add(new CountryPolicy("ZZ", "", List.of(), List.of(), List.of()));
                for (int i = 0; i < catalog.contracts().size(); i++) {
                    Contract c = catalog.contracts().get(i);
                    HashSet<String> countries = new HashSet<>(c.getCountries());
                    countries.add("ZZ");
                    catalog.contracts().set(i, new Contract(c.getId(), c.getVideoId(), countries,
                            c.getWindowStart(), c.getWindowEnd()));
                }
                return "a country added";
            }
            case 6 -> {
                List<Video> movies = catalog.videos().stream()
                        .filter(v -> v.getType().equals("MOVIE") && v.getParentId() == 0)
                        .sorted(java.util.Comparator.comparingLong(Video::getId)).toList();
                if (movies.size() < 2) {
                    return "T moves"; // nothing to copy: this round only checks the comparison itself
                }
                Video original = movies.get(0);
                Video copy = movies.get(movies.size() - 1);
                long from = original.getId();
                long to = copy.getId();
                catalog.videos().set(catalog.videos().indexOf(copy), new Video(to, original.getType(), 0,
                        original.getOriginalLanguage(), original.getTitle(), original.getRuntimeMinutes()));
                catalog.contracts().removeIf(c -> c.getVideoId() == to);
                catalog.assets().removeIf(a -> a.getVideoId() == to);
                catalog.localizations().removeIf(l -> l.getVideoId() == to);
                catalog.ratings().removeIf(r -> r.getVideoId() == to);
                for (Contract c : List.copyOf(catalog.contracts())) {
                    if (c.getVideoId() == from) {
                        catalog.contracts().add(new Contract(c.getId() + "-copy", to, c.getCountries(),
                                c.getWindowStart(), c.getWindowEnd()));
                    }
                }
                for (Asset a : List.copyOf(catalog.assets())) {
                    if (a.getVideoId() == from) {
                        catalog.assets().add(new Asset(a.getId() + "-copy", to, a.getKind(), a.getLanguage(),
                                a.getStatus()));
                    }
                }
                for (Localization l : List.copyOf(catalog.localizations())) {
                    if (l.getVideoId() == from) {
                        catalog.localizations().add(new Localization(to, l.getLanguage(), l.getTitle(),
                                l.getSynopsis()));
                    }
                }
                for (Rating r : List.copyOf(catalog.ratings())) {
                    if (r.getVideoId() == from) {
                        catalog.ratings().add(new Rating(to, r.getRatingSystem(), r.getValue()));
                    }
                }
                return "video " + to + " made a copy of video " + from;
            }
            default -> {
                for (int i = 0; i < catalog.assets().size(); i += 3) {
                    Asset a = catalog.assets().get(i);
                    catalog.assets().set(i, new Asset(a.getId(), a.getVideoId(), a.getKind(), a.getLanguage(),
                            a.getStatus().equals("READY") ? "FAILED" : "READY"));
                }
                return "assets flipped";
            }
        }
    }

    private static VideoStatus status(List<VideoStatus> videos, long id) {
        return videos.stream().filter(video -> video.getVideoId() == id).findFirst().orElseThrow();
    }

    /** The old replay's comparison: both sides as model objects, video by video. */
    private static List<Long> byObjects(List<VideoStatus> published, List<VideoStatus> replayed) {
        Map<Long, VideoStatus> left = new TreeMap<>();
        published.forEach(video -> left.put(video.getVideoId(), video));
        Map<Long, VideoStatus> right = new TreeMap<>();
        replayed.forEach(video -> right.put(video.getVideoId(), video));
        TreeMap<Long, Boolean> all = new TreeMap<>();
        left.keySet().forEach(id -> all.put(id, true));
        right.keySet().forEach(id -> all.put(id, true));
        List<Long> differing = new ArrayList<>();
        for (Long id : all.keySet()) {
            if (!java.util.Objects.equals(left.get(id), right.get(id))) {
                differing.add(id);
            }
        }
        return differing;
    }
}
