package org.gatekeeper.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.IntegrityCheck;
import org.gatekeeper.model.store.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A publisher kept across cycles carries over by ordinal what the last cycle wrote. Whatever changed in between
 * (contracts, assets, videos added and removed, T, the countries, the policies' languages, a cycle that failed, a
 * restart that restores the write state from the announced version),
 * a consumer following its deltas must read exactly the reference evaluation, and the state must hold exactly the
 * records a publisher writing everything afresh would: nothing missing, nothing left over.
 */
class LivenessPublisherTest {
    private static final List<String> TYPES = List.of("String", "Blocker", "ListOfBlocker", "CountryStatus",
            "ListOfCountryStatus", "VideoStatus", "DatasetMarker");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = IntegrityCheck.class, names = {"CHANGES", "FULL"})
    void keptPublisher_writesWhatAFullWriteWould_acrossEveryKindOfChange(IntegrityCheck check) throws Exception {
        long seed = Long.getLong("gatekeeper.test.seed", System.nanoTime());
        System.out.println("LivenessPublisherTest seed=" + seed);
        Random random = new Random(seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(random);
        List<String> countries = new ArrayList<>(catalog.countries().stream().map(CountryPolicy::getCountry).toList());
        Map<Dataset<?>, Long> versions = Catalog.versionOne();
        try (BlobStore store = BlobStore.directory(dir)) {
            LivenessPublisher kept = new LivenessPublisher(store.namespace("liveness-kept"), Environment.PROD,
                    RetentionPolicy.DEFAULT, check);
            LivenessPublisher beforeRestart = kept;
            HollowConsumer follower = HollowConsumer.withBlobRetriever(store.namespace("liveness-kept").retriever())
                    .build();
            LivenessEvaluator evaluator = new LivenessEvaluator(2);
            long t = 1_000;
            long version = 0;
            int lightSteps = 0;
            for (int step = 0; step < 36; step++) {
                String change = change(step, random, catalog, countries);
                if (change.equals("T moves")) {
                    t += 50 + random.nextInt(400);
                }
                Evaluation evaluation = evaluator.evaluate(catalog.toInputs(), t, RuleSet.SPEC);
                if (change.equals("the cycle fails")) {
                    Path output = dir.resolve("liveness-kept");
                    Files.move(output, dir.resolve("moved-away"));
                    Files.writeString(output, "not a folder");
                    LivenessPublisher failing = kept;
                    assertThatThrownBy(() -> failing.publish(evaluation, versions, null))
                            .as("seed %d step %d", seed, step).isInstanceOf(RuntimeException.class);
                    Files.delete(output);
                    Files.move(dir.resolve("moved-away"), output);
                    continue;
                }
                if (change.equals("the gatekeeper restarts")) {
                    // A new process: the publisher restores Hollow's write state from the announced version.
                    kept = new LivenessPublisher(store.namespace("liveness-kept"), Environment.PROD,
                            RetentionPolicy.DEFAULT, check);
                }
                long previous = version;
                version = kept.publish(evaluation, versions, null);
                LivenessPublisher.WriteCounts counts = kept.lastWrite();
                String as = String.format("%s check, seed %d step %d (%s), %s", check, seed, step, change, counts);
                follower.triggerRefreshTo(version);
                assertThat(follower.getCurrentVersionId()).as(as).isEqualTo(version);
                assertThat(LivenessReader.readAll(follower.getStateEngine())).as(as)
                        .isEqualTo(ReferenceEvaluator.evaluate(catalog, t, false));

                // The same evaluation written afresh: a new publisher has no last cycle to follow.
                LivenessPublisher full = new LivenessPublisher(store.namespace("liveness-full-" + step),
                        Environment.PROD, RetentionPolicy.DEFAULT);
                HollowConsumer fresh = HollowConsumer.withBlobRetriever(
                        store.namespace("liveness-full-" + step).retriever()).build();
                fresh.triggerRefreshTo(full.publish(evaluation, versions, null));
                assertThat(full.lastWrite().statusesKept()).isZero();
                for (String type : TYPES) {
                    assertThat(records(follower.getStateEngine(), type)).as("%s: %s records", as, type)
                            .isEqualTo(records(fresh.getStateEngine(), type));
                }

                if (version != previous) {
                    assertThat(kept.lastStages().cycleRan()).as(as).isTrue();
                }
                switch (change) {
                    case "nothing" -> {
                        assertThat(version).as(as + ": no new version").isEqualTo(previous);
                        assertThat(kept.lastStages().cycleRan()).as(as + ": found before asking Hollow").isFalse();
                    }
                    case "one contract" -> {
                        assertThat(counts.statusesKept()).as(as).isPositive();
                        assertThat(counts.videosKept()).as(as).isPositive();
                        lightSteps++;
                    }
                    case "a country added", "a policy names a new language", "after the failed cycle",
                         "the gatekeeper restarts" ->
                            assertThat(counts.statusesKept()).as(as + ": everything written again").isZero();
                    default -> {
                    }
                }
            }
            assertThat(lightSteps).isEqualTo(5);
            assertThat(kept).as("the last steps ran on a restored publisher").isNotSameAs(beforeRestart);
        }
    }

    @Test
    void aConsumerMovingBackByAReverseDelta_readsTheHeaderTagsOfTheVersionItMovedTo() {
        long seed = System.nanoTime();
        System.out.println("LivenessPublisherTest seed=" + seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(new Random(seed));
        Map<Dataset<?>, Long> versions = Catalog.versionOne();
        try (BlobStore store = BlobStore.directory(dir)) {
            LivenessPublisher publisher = prodPublisher(store);
            LivenessEvaluator evaluator = new LivenessEvaluator();
            long first = publisher.publish(evaluator.evaluate(catalog.toInputs(), 1_000, RuleSet.SPEC), versions, null);
            catalog.contracts().clear(); // every pair blocked: surely another state
            long second = publisher.publish(evaluator.evaluate(catalog.toInputs(), 2_000, RuleSet.SPEC), versions,
                    null);
            assertThat(second).as("seed %d", seed).isNotEqualTo(first);

            HollowConsumer consumer = HollowConsumer.withBlobRetriever(store.namespace("liveness-prod").retriever())
                    .build();
            consumer.triggerRefreshTo(second);
            assertThat(consumer.getStateEngine().getHeaderTag(OutputTags.EVALUATED_AT)).isEqualTo("2000");
            consumer.triggerRefreshTo(first); // by the reverse delta
            assertThat(consumer.getCurrentVersionId()).isEqualTo(first);
            assertThat(consumer.getStateEngine().getHeaderTag(OutputTags.EVALUATED_AT)).as("seed %d", seed)
                    .isEqualTo("1000");
        }
    }

    @Test
    void aRestoredPublisherGivenTheSameEvaluation_returnsTheAnnouncedVersion() {
        long seed = System.nanoTime();
        System.out.println("LivenessPublisherTest seed=" + seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(new Random(seed));
        Map<Dataset<?>, Long> versions = Catalog.versionOne();
        try (BlobStore store = BlobStore.directory(dir)) {
            Evaluation evaluation = new LivenessEvaluator().evaluate(catalog.toInputs(), 1_000, RuleSet.SPEC);
            long announced = prodPublisher(store).publish(evaluation, versions, null);
            LivenessPublisher restarted = prodPublisher(store);
            // Hollow's no-op after a restore names no version (0); the restored one stands.
            assertThat(restarted.publish(evaluation, versions, null)).as("seed %d", seed).isEqualTo(announced);
            assertThat(store.namespace("liveness-prod").announcedVersion()).hasValue(announced);
        }
    }

    /** With no country policy yet, a video added since the last cycle is written (its empty list too). */
    @Test
    void withNoCountries_aNewVideoIsWritten() {
        long seed = System.nanoTime();
        System.out.println("LivenessPublisherTest seed=" + seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(new Random(seed));
        catalog.countries().clear();
        Map<Dataset<?>, Long> versions = Catalog.versionOne();
        try (BlobStore store = BlobStore.directory(dir)) {
            LivenessPublisher publisher = prodPublisher(store);
            LivenessEvaluator evaluator = new LivenessEvaluator();
            long first = publisher.publish(evaluator.evaluate(catalog.toInputs(), 1_000, RuleSet.SPEC), versions, null);
            long id = catalog.videos().stream().mapToLong(Video::getId).max().orElse(0) + 1;
            catalog.videos().add(new Video(id, "MOVIE", 0, "en", "t", 1));
            Evaluation evaluation = evaluator.evaluate(catalog.toInputs(), 1_000, RuleSet.SPEC);
            long second = publisher.publish(evaluation, versions, null);
            assertThat(second).as("seed %d", seed).isGreaterThan(first);

            HollowConsumer consumer = HollowConsumer.withBlobRetriever(store.namespace("liveness-prod").retriever())
                    .build();
            consumer.triggerRefreshTo(first);
            consumer.triggerRefreshTo(second); // by the delta
            assertThat(LivenessReader.readAll(consumer.getStateEngine())).as("seed %d", seed)
                    .isEqualTo(evaluation.toVideoStatuses()).hasSize(catalog.videos().size());
        }
    }

    private static LivenessPublisher prodPublisher(BlobStore store) {
        return new LivenessPublisher(store.namespace("liveness-prod"), Environment.PROD, RetentionPolicy.DEFAULT);
    }

    /** Changes the catalog for step {@code step} and says what changed. */
    private static String change(int step, Random random, Catalog catalog, List<String> countries) {
        if (step == 0) {
            return "first cycle";
        }
        if (step == 13) {
            countries.add(0, "AA"); // sorts first: every country's index moves
            catalog.countries().add(new CountryPolicy("AA", "", List.of("en"), List.of(), List.of()));
            return "a country added";
        }
        if (step == 20) {
            CountryPolicy first = catalog.countries().get(0);
            List<String> dubs = new ArrayList<>(first.getDubLanguages());
            dubs.add("aa"); // sorts first: every language bit moves
            catalog.countries().set(0, new CountryPolicy(first.getCountry(), first.getRatingSystem(),
                    first.getMetadataLanguages(), first.getSubtitleLanguages(), dubs));
            return "a policy names a new language";
        }
        if (step == 30) {
            EvaluatorAcrossDeltasTest.churn(random, catalog, countries, step);
            return "the gatekeeper restarts";
        }
        if (step == 26) {
            // A new video: a new record for sure, so the cycle has blobs to write (and fails writing them).
            long id = catalog.videos().stream().mapToLong(Video::getId).max().orElse(0) + 1;
            catalog.videos().add(new Video(id, "MOVIE", 0, "en", "t", 1));
            return "the cycle fails";
        }
        if (step == 27) {
            EvaluatorAcrossDeltasTest.churn(random, catalog, countries, step);
            return "after the failed cycle";
        }
        switch (step % 6) {
            case 0 -> {
                EvaluatorAcrossDeltasTest.churn(random, catalog, countries, step);
                return "contracts churned";
            }
            case 1 -> {
                int at = random.nextInt(catalog.contracts().size());
                Contract one = catalog.contracts().get(at);
                List<String> listed = new ArrayList<>(one.getCountries());
                String country = countries.get(random.nextInt(countries.size()));
                if (!listed.remove(country)) {
                    listed.add(country);
                }
                catalog.contracts().set(at, new Contract(one.getId(), one.getVideoId(), new java.util.HashSet<>(listed),
                        one.getWindowStart(), one.getWindowEnd()));
                return "one contract";
            }
            case 2 -> {
                return "nothing";
            }
            case 3 -> {
                return "T moves";
            }
            case 4 -> {
                long id = catalog.videos().stream().mapToLong(Video::getId).max().orElse(0) + 1;
                catalog.videos().remove(random.nextInt(catalog.videos().size()));
                catalog.videos().add(new Video(id, "MOVIE", 0, "en", "t", 1));
                catalog.contracts().add(new Contract("new-" + id, id, new java.util.HashSet<>(countries), 0, 10_000));
                return "a video removed, one added";
            }
            default -> {
                for (int i = 0; i < 3 && !catalog.assets().isEmpty(); i++) {
                    int at = random.nextInt(catalog.assets().size());
                    Asset a = catalog.assets().get(at);
                    catalog.assets().set(at, new Asset(a.getId(), a.getVideoId(), a.getKind(), a.getLanguage(),
                            a.getStatus().equals("READY") ? "FAILED" : "READY"));
                }
                return "assets flipped";
            }
        }
    }

    private static int records(HollowReadStateEngine state, String type) {
        return state.getTypeState(type).getPopulatedOrdinals().cardinality();
    }
}
