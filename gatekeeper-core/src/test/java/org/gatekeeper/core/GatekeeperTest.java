package org.gatekeeper.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.api.producer.HollowProducer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.DatasetMarker;
import org.gatekeeper.model.ManualClock;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.gatekeeper.model.profile.SyntheticCatalog;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.NamespaceLease;
import org.gatekeeper.model.store.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatekeeperTest {
    @TempDir
    Path dataDir;

    @Test
    void tick_waitsForEveryInput_thenPublishesTheWholeCatalogWithReplayableHeaderTags() {
        long seed = System.nanoTime();
        System.out.println("GatekeeperTest seed=" + seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(new Random(seed));
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_500), ZoneOffset.UTC);
        try (BlobStore store = BlobStore.directory(dataDir)) {
            Map<Dataset<?>, List<?>> records = Map.of(Dataset.VIDEOS, catalog.videos(),
                    Dataset.CONTRACTS, catalog.contracts(), Dataset.ASSETS, catalog.assets(),
                    Dataset.LOCALIZATIONS, catalog.localizations(), Dataset.RATINGS, catalog.ratings(),
                    Dataset.COUNTRIES, catalog.countries());
            io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            Gatekeeper gatekeeper = new Gatekeeper(store, RuleSet.SPEC, clock).withMeterRegistry(registry);
            for (Dataset<?> dataset : Dataset.ALL) {
                if (dataset != Dataset.COUNTRIES) {
                    publishInput(store.namespace(dataset.name()), dataset, records.get(dataset));
                }
            }

            TickResult waiting = gatekeeper.tick();
            assertThat(waiting.outcome()).isEqualTo(TickResult.Outcome.WAITING);
            assertThat(waiting.missingInputs()).containsExactly("countries");
            assertThat(store.namespace("liveness-prod").announcedVersion()).isEmpty();

            long countriesVersion = publishInput(store.namespace("countries"), Dataset.COUNTRIES,
                    records.get(Dataset.COUNTRIES));
            TickResult published = gatekeeper.tick();

            assertThat(published.outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);
            BlobNamespace output = store.namespace("liveness-prod");
            assertThat(output.announcedVersion()).hasValue(published.outputVersion());
            Map<String, String> tags = output.headerTags(published.outputVersion());
            assertThat(tags).containsEntry("gatekeeper.evaluatedAt", "1500")
                    .containsEntry("gatekeeper.environment", "PROD")
                    .containsEntry("gatekeeper.rules", "spec-v1")
                    .containsEntry("gatekeeper.input.countries", Long.toString(countriesVersion))
                    .doesNotContainKey("gatekeeper.follows");
            for (Dataset<?> dataset : Dataset.ALL) {
                assertThat(tags).containsEntry("gatekeeper.input." + dataset.name(),
                        Long.toString(published.inputs().get(dataset)));
            }
            HollowConsumer reader = HollowConsumer.withBlobRetriever(output.retriever()).build();
            reader.triggerRefreshTo(published.outputVersion());
            assertThat(LivenessReader.readAll(reader.getStateEngine())).as("seed %d", seed)
                    .isEqualTo(ReferenceEvaluator.evaluate(catalog, 1_500, false));

            assertThat(registry.get("gatekeeper.tick").tag("phase", "evaluate").timer().count()).isEqualTo(1);
            assertThat(registry.get("gatekeeper.publish").tag("stage", "integrity-check").timer().count())
                    .as("the publish of a tick is timed by Hollow stage").isEqualTo(1);
            assertThat(registry.get("gatekeeper.output.version").gauge().value())
                    .isEqualTo((double) published.outputVersion());
            long announcedAt = store.namespace("videos").history().get(0).announcedAt().toEpochMilli();
            assertThat(registry.get("gatekeeper.input.staleness").tag("dataset", "videos").gauge().value())
                    .as("the age of the pinned videos version at T").isEqualTo((1_500 - announcedAt) / 1000.0);

            TickResult again = gatekeeper.tick();
            assertThat(again.outcome()).as("same inputs, same T: Hollow's no-op")
                    .isEqualTo(TickResult.Outcome.UNCHANGED);
            assertThat(again.outputVersion()).isEqualTo(published.outputVersion());
        }
    }

    /**
     * SPEC §5: an evaluation whose records equal the announced output makes no new version, yet metrics and status
     * show its T and the inputs it pinned (the note {@link LastEvaluation}), not those of the announced version.
     */
    @Test
    void anEvaluationThatChangesNothing_stillShowsItsInstantAndInputs() {
        long seed = System.nanoTime();
        System.out.println("GatekeeperTest seed=" + seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(new Random(seed));
        // Every window of the random catalog has ended by T=10,000: at T=20,000 every status is the same.
        org.gatekeeper.model.ManualClock clock = new org.gatekeeper.model.ManualClock(Instant.ofEpochMilli(10_000));
        try (BlobStore store = BlobStore.directory(dataDir)) {
            publishAll(store, catalog);
            io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            Gatekeeper gatekeeper = new Gatekeeper(store, RuleSet.SPEC, clock).withMeterRegistry(registry);
            TickResult first = gatekeeper.tick();
            assertThat(first.outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);
            BlobNamespace output = store.namespace("liveness-prod");
            assertThat(LastEvaluation.read(output)).hasValue(LastEvaluation.of(first));

            long ratings = publishInput(store.namespace("ratings"), Dataset.RATINGS, catalog.ratings()); // same records
            clock.set(Instant.ofEpochMilli(20_000));
            TickResult second = gatekeeper.tick();

            assertThat(second.outcome()).as("seed %d", seed).isEqualTo(TickResult.Outcome.UNCHANGED);
            assertThat(output.announcedVersion()).hasValue(first.outputVersion());
            assertThat(output.headerTags(first.outputVersion())).containsEntry("gatekeeper.evaluatedAt", "10000")
                    .containsEntry("gatekeeper.input.ratings", Long.toString(first.inputs().get(Dataset.RATINGS)));
            LastEvaluation last = LastEvaluation.read(output).orElseThrow();
            assertThat(last.evaluatedAt()).isEqualTo(20_000);
            assertThat(last.outcome()).isEqualTo(TickResult.Outcome.UNCHANGED);
            assertThat(last.outputVersion()).isEqualTo(first.outputVersion());
            assertThat(last.inputs()).containsEntry("ratings", ratings).hasSize(Dataset.ALL.size());
            assertThat(ratings).isNotEqualTo(first.inputs().get(Dataset.RATINGS));
            assertThat(registry.get("gatekeeper.evaluated.at").gauge().value()).isEqualTo(20_000.0);
            long announcedAt = store.namespace("ratings").history().stream().filter(v -> v.version() == ratings)
                    .findFirst().orElseThrow().announcedAt().toEpochMilli();
            assertThat(registry.get("gatekeeper.input.staleness").tag("dataset", "ratings").gauge().value())
                    .as("the age of the ratings version the last evaluation pinned")
                    .isEqualTo((20_000 - announcedAt) / 1000.0);
            clock.set(Instant.ofEpochMilli(25_000));
            assertThat(registry.get("gatekeeper.input.staleness").tag("dataset", "ratings").gauge().value())
                    .as("the staleness grows while no tick runs").isEqualTo((25_000 - announcedAt) / 1000.0);
            assertThat(LastEvaluation.parse("evaluatedAt=x")).isEmpty();
            output.writeNote(LastEvaluation.NOTE, new LastEvaluation(30_000, Map.of(), TickResult.Outcome.PUBLISHED,
                    first.outputVersion() - 1).text());
            assertThat(LastEvaluation.read(output)).as("a note older than the announced version").isEmpty();
        }
    }

    /** Every input announced but empty: PROD publishes an output with no videos, and PREPROD follows it. */
    @Test
    void anEmptyCatalog_getsAnOutput_andPreprodFollowsIt() {
        try (BlobStore store = BlobStore.directory(dataDir)) {
            for (Dataset<?> dataset : Dataset.ALL) {
                publishInput(store.namespace(dataset.name()), dataset, List.of());
            }
            TickResult prod = new Gatekeeper(store, RuleSet.SPEC, Clock.fixed(Instant.ofEpochMilli(1_000),
                    ZoneOffset.UTC)).tick();
            assertThat(prod.outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);
            TickResult preprod = Gatekeeper.preprod(store, RuleSet.SUBTITLES_IN_FIRST_METADATA_LANGUAGE).tick();
            assertThat(preprod.outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);

            BlobNamespace output = store.namespace("liveness-prod");
            assertThat(output.announcedVersion()).hasValue(prod.outputVersion());
            assertThat(output.headerTags(prod.outputVersion())).containsEntry("gatekeeper.evaluatedAt", "1000")
                    .containsEntry("gatekeeper.pairs", "0");
            HollowConsumer reader = HollowConsumer.withBlobRetriever(output.retriever()).build();
            reader.triggerRefreshTo(prod.outputVersion());
            assertThat(LivenessReader.readAll(reader.getStateEngine())).isEmpty();
            assertThat(store.namespace("liveness-preprod").headerTags(preprod.outputVersion()))
                    .containsEntry("gatekeeper.follows", Long.toString(prod.outputVersion()));
        }
    }

    @Test
    void keptTicks_followContractsChangedByDeltas_andMatchTheReferenceEachTime() throws Exception {
        long seed = System.nanoTime();
        System.out.println("GatekeeperTest seed=" + seed);
        Random random = new Random(seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(random);
        List<String> countries = catalog.countries().stream().map(CountryPolicy::getCountry).toList();
        try (BlobStore store = BlobStore.directory(dataDir)) {
            Map<Dataset<?>, List<?>> records = Map.of(Dataset.VIDEOS, catalog.videos(),
                    Dataset.ASSETS, catalog.assets(), Dataset.LOCALIZATIONS, catalog.localizations(),
                    Dataset.RATINGS, catalog.ratings(), Dataset.COUNTRIES, catalog.countries());
            records.forEach((dataset, list) -> publishInput(store.namespace(dataset.name()), dataset, list));
            // One producer for contracts across cycles, so each new version comes with a delta.
            BlobNamespace contracts = store.namespace(Dataset.CONTRACTS.name());
            HollowProducer.Builder<?> builder = HollowProducer.withPublisher(contracts.publisher());
            contracts.configure(builder, RetentionPolicy.DEFAULT);
            HollowProducer producer = builder.build();
            producer.initializeDataModel(Contract.class, DatasetMarker.class);
            // The churn below rewrites a fifth of the contracts a tick, far past the publish guard's 5 %.
            Gatekeeper gatekeeper = new Gatekeeper(store, RuleSet.SPEC,
                    Clock.fixed(Instant.ofEpochMilli(1_500), ZoneOffset.UTC)).withMaxUnliveShare(1.0);
            java.util.Set<Long> published = new java.util.TreeSet<>();
            for (int tick = 0; tick < 8; tick++) {
                if (tick > 0) {
                    EvaluatorAcrossDeltasTest.churn(random, catalog, countries, tick);
                }
                producer.runCycle(state -> {
                    state.add(new DatasetMarker(Dataset.CONTRACTS.name()));
                    catalog.contracts().forEach(state::add);
                });
                TickResult result = gatekeeper.tick();
                assertThat(result.outcome()).isIn(TickResult.Outcome.PUBLISHED, TickResult.Outcome.UNCHANGED);
                published.add(result.outputVersion());
                HollowConsumer reader = HollowConsumer.withBlobRetriever(store.namespace("liveness-prod").retriever())
                        .build();
                reader.triggerRefreshTo(result.outputVersion());
                assertThat(LivenessReader.readAll(reader.getStateEngine())).as("seed %d tick %d", seed, tick)
                        .isEqualTo(ReferenceEvaluator.evaluate(catalog, 1_500, false));
            }
            try (var blobs = java.nio.file.Files.list(dataDir.resolve(Dataset.CONTRACTS.name()))) {
                assertThat(blobs.map(blob -> blob.getFileName().toString()))
                        .as("the gatekeeper's contracts consumer had deltas to follow")
                        .anyMatch(name -> name.startsWith("delta-"));
            }
            // One replay of the whole range keeps its evaluator and scratch publisher from version to version.
            List<ReplayResult> replays = new Replay(store).range(Instant.EPOCH, Instant.now().plusSeconds(60),
                    (done, total, result) -> { });
            assertThat(replays).as("seed %d", seed).extracting(ReplayResult::prodVersion)
                    .containsExactlyElementsOf(published);
            assertThat(replays).as("seed %d", seed).allSatisfy(replay -> assertThat(replay.identical()).as("seed %d version %d", seed,
                            replay.prodVersion()).isTrue());

            // A second replay (another run of the command) starts the scratch namespace afresh, under a higher
            // version that a new consumer loads, and the chain before it stays loadable.
            long firstRun = replays.get(replays.size() - 1).replayVersion();
            ReplayResult again = new Replay(store).ofVersion(replays.get(0).prodVersion());
            assertThat(again.identical()).as("seed %d", seed).isTrue();
            assertThat(again.replayVersion()).isGreaterThan(firstRun);
            BlobNamespace scratch = store.namespace(Environment.REPLAY.namespace());
            assertThat(scratch.announcedVersion()).hasValue(again.replayVersion());
            for (long version : List.of(firstRun, again.replayVersion())) {
                HollowConsumer reader = HollowConsumer.withBlobRetriever(scratch.retriever()).build();
                reader.triggerRefreshTo(version);
                assertThat(reader.getCurrentVersionId()).as("seed %d: scratch version %d loads", seed, version)
                        .isEqualTo(version);
            }
            HollowConsumer follower = HollowConsumer.withBlobRetriever(scratch.retriever()).build();
            follower.triggerRefreshTo(firstRun);
            follower.triggerRefreshTo(again.replayVersion());
            assertThat(follower.getCurrentVersionId()).as("seed %d: a follower of the scratch namespace moves on",
                    seed).isEqualTo(again.replayVersion());
            HollowConsumer prodReader = HollowConsumer.withBlobRetriever(store.namespace("liveness-prod").retriever())
                    .build();
            prodReader.triggerRefreshTo(replays.get(0).prodVersion());
            assertThat(LivenessReader.readAll(follower.getStateEngine())).as("seed %d", seed)
                    .isEqualTo(LivenessReader.readAll(prodReader.getStateEngine()));
        }
    }

    private static long publishInput(BlobNamespace namespace, Dataset<?> dataset, List<?> records) {
        return CatalogPublisher.publish(namespace, dataset, records);
    }

    @Test
    void preprod_followsProdsInputsAndInstant_withItsOwnRules_andReplayReproducesProd() {
        long seed = System.nanoTime();
        System.out.println("GatekeeperTest seed=" + seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(new Random(seed));
        try (BlobStore store = BlobStore.directory(dataDir)) {
            publishAll(store, catalog);
            Gatekeeper prod = new Gatekeeper(store, RuleSet.SPEC,
                    Clock.fixed(Instant.ofEpochMilli(1_700), ZoneOffset.UTC));
            Gatekeeper preprod = Gatekeeper.preprod(store, RuleSet.SUBTITLES_IN_FIRST_METADATA_LANGUAGE);
            assertThat(preprod.tick().outcome()).as("nothing from PROD yet").isEqualTo(TickResult.Outcome.WAITING);
            TickResult prodTick = prod.tick();

            TickResult preprodTick = preprod.tick();

            assertThat(preprodTick.inputs()).isEqualTo(prodTick.inputs());
            assertThat(preprodTick.evaluatedAt()).isEqualTo(1_700);
            BlobNamespace output = store.namespace("liveness-preprod");
            Map<String, String> tags = output.headerTags(output.announcedVersion().getAsLong());
            assertThat(tags).containsEntry("gatekeeper.environment", "PREPROD")
                    .containsEntry("gatekeeper.follows", Long.toString(prodTick.outputVersion()))
                    .containsEntry("gatekeeper.evaluatedAt", "1700")
                    .containsEntry("gatekeeper.rules", RuleSet.SUBTITLES_IN_FIRST_METADATA_LANGUAGE.id());
            HollowConsumer reader = HollowConsumer.withBlobRetriever(output.retriever()).build();
            reader.triggerRefreshTo(output.announcedVersion().getAsLong());
            assertThat(LivenessReader.readAll(reader.getStateEngine())).as("seed %d", seed)
                    .isEqualTo(ReferenceEvaluator.evaluate(catalog, 1_700, true));
            assertThat(preprod.tick().outcome()).as("same PROD version: nothing to do")
                    .isEqualTo(TickResult.Outcome.UNCHANGED);

            ReplayResult replay = new Replay(store).ofVersion(prodTick.outputVersion());
            assertThat(replay.identical()).isTrue();
            assertThat(replay.evaluatedAt()).isEqualTo(1_700);
            ReplayResult.Stages stages = replay.stages();
            assertThat(List.of(stages.load(), stages.evaluate(), stages.publish(), stages.compare()))
                    .allMatch(d -> !d.isNegative() && !d.isZero());
            assertThat(stages.total()).isEqualTo(stages.load().plus(stages.evaluate()).plus(stages.publish())
                    .plus(stages.compare()));
            assertThat(store.namespace("liveness-replay").headerTags(replay.replayVersion()))
                    .containsEntry("gatekeeper.environment", "REPLAY")
                    .containsEntry("gatekeeper.follows", Long.toString(prodTick.outputVersion()));
            assertThat(store.namespace("liveness-prod").announcedVersion()).hasValue(prodTick.outputVersion());
        }
    }

    @Test
    void replay_ofAnOutputMadeByDifferentRulesUnderTheSameId_reportsTheDifferences() {
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(new Random(7));
        try (BlobStore store = BlobStore.directory(dataDir)) {
            publishAll(store, catalog);
            // A rules bug that kept its id: it requires subtitles nobody asked for.
            RuleSet changedUnderSameId = new RuleSet() {
                @Override
                public String id() {
                    return RuleSet.SPEC.id();
                }

                @Override
                public void adjust(CountryRequirements requirements) {
                    RuleSet.SUBTITLES_IN_FIRST_METADATA_LANGUAGE.adjust(requirements);
                }
            };
            TickResult prodTick = new Gatekeeper(store, changedUnderSameId,
                    Clock.fixed(Instant.ofEpochMilli(1_700), ZoneOffset.UTC)).tick();

            ReplayResult replay = new Replay(store).at(Instant.now());

            assertThat(replay.prodVersion()).isEqualTo(prodTick.outputVersion());
            assertThat(replay.identical()).isFalse();
            assertThat(replay.differingVideos()).isPositive();
            assertThat(replay.firstDifferences()).isNotEmpty();
        }
    }

    @Test
    void client_answersEveryPairLikeTheReference_followsNewVersions_andPins() throws Exception {
        long seed = 11; // fixed: the second tick below must change the output
        System.out.println("GatekeeperTest seed=" + seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(new Random(seed));
        BlobStore.Options fast = BlobStore.Options.DEFAULT.withPollInterval(java.time.Duration.ofMillis(20));
        try (BlobStore store = BlobStore.directory(dataDir, fast)) {
            publishAll(store, catalog);
            ManualClock clock = new ManualClock(Instant.ofEpochMilli(1_700));
            // Every window closes between the two ticks below: let the guard allow it, this test is the client's.
            Gatekeeper prod = new Gatekeeper(store, RuleSet.SPEC, clock).withMaxUnliveShare(1.0);
            long first = prod.tick().outputVersion();
            LivenessClient client = LivenessClient.follow(store.namespace("liveness-prod"));
            List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            client.addListener(seen::add);

            assertThat(client.currentVersion()).isEqualTo(first);
            assertThat(client.headerTags()).containsEntry("gatekeeper.environment", "PROD");
            for (var video : ReferenceEvaluator.evaluate(catalog, 1_700, false)) {
                List<String> live = new java.util.ArrayList<>();
                for (var status : video.getCountries()) {
                    assertThat(client.isLive(video.getVideoId(), status.getCountry()))
                            .as("seed %d video %d %s", seed, video.getVideoId(), status.getCountry())
                            .isEqualTo(status.isLive());
                    assertThat(client.blockers(video.getVideoId(), status.getCountry()))
                            .isEqualTo(status.getBlockers());
                    if (status.isLive()) {
                        live.add(status.getCountry());
                    }
                }
                assertThat(client.liveCountries(video.getVideoId())).isEqualTo(live);
                assertThat(client.status(video.getVideoId())).hasValue(video);
            }
            assertThat(client.isLive(-5, "FR")).isFalse();
            assertThat(client.isLive(catalog.videos().get(0).getId(), "XX")).isFalse();

            // Contracts end: a later tick publishes a new version, which the client follows.
            clock.set(Instant.ofEpochMilli(1_000_000_000L));
            TickResult changed = prod.tick();
            assertThat(changed.outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);
            long second = changed.outputVersion();
            awaitVersion(client, second);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!seen.contains(second) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(seen).as("listeners hear of each new version").contains(second);

            client.pin(first);
            awaitVersion(client, first);
            assertThat(client.headerTags()).as("the tags of the version served")
                    .isEqualTo(store.namespace("liveness-prod").loadState(first).getHeaderTags());
            client.unpin();
            awaitVersion(client, second);

            // A closed client stops following: a new version is not loaded.
            client.close();
            assertThat(client.isLive(catalog.videos().get(0).getId(), "FR")).isFalse();
            clock.set(Instant.ofEpochMilli(1_500));
            long third = prod.tick().outputVersion();
            assertThat(third).isNotEqualTo(second);
            Thread.sleep(1_000); // 50 polls
            assertThat(client.currentVersion()).isEqualTo(second);
        }
    }

    @Test
    void publishGuard_refusesAnOutputThatUnlivesTooMuch_untilAnOperatorOverrideNamesIt() {
        SyntheticCatalog synthetic = small();
        Catalog catalog = new Catalog(synthetic.videos(), synthetic.contracts(), synthetic.assets(),
                synthetic.localizations(), synthetic.ratings(), synthetic.countries());
        Clock clock = Clock.fixed(Instant.ofEpochMilli(SMALL_AT), ZoneOffset.UTC);
        try (BlobStore store = BlobStore.directory(dataDir)) {
            publishAll(store, catalog);
            Gatekeeper prod = new Gatekeeper(store, RuleSet.SPEC, clock);
            TickResult first = prod.tick();
            assertThat(first.outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);
            // An upstream bug: every asset is gone, so every live pair would stop being live.
            publishInput(store.namespace("assets"), Dataset.ASSETS, List.of());

            TickResult refused = prod.tick();

            assertThat(refused.outcome()).isEqualTo(TickResult.Outcome.REFUSED);
            assertThat(refused.refusal()).contains("not live (100.0 %, limit 5.0 %)");
            BlobNamespace output = store.namespace("liveness-prod");
            assertThat(output.announcedVersion()).as("the previous output stays announced")
                    .hasValue(first.outputVersion());
            assertThat(prod.refusals()).isEqualTo(1);
            String candidate = output.note(Gatekeeper.GUARD_REFUSED).orElseThrow().split("\n")[0];
            assertThat(prod.tick().refusal()).as("same inputs, same candidate version").contains(candidate);
            output.writeNote(Gatekeeper.GUARD_OVERRIDE, "1" + candidate); // a typo

            TickResult mistyped = prod.tick();

            assertThat(mistyped.outcome()).isEqualTo(TickResult.Outcome.REFUSED);
            assertThat(mistyped.refusal()).as("says why nothing happens").contains("the note " + Gatekeeper.GUARD_OVERRIDE
                    + " names '1" + candidate + "', not the refused version " + candidate + ", so it approves nothing");
            assertThat(output.announcedVersion()).hasValue(first.outputVersion());
            assertThat(output.note(Gatekeeper.GUARD_REFUSED)).as("the candidate still awaits approval").isPresent();

            output.writeNote(Gatekeeper.GUARD_OVERRIDE, candidate);
            TickResult overridden = prod.tick();

            assertThat(overridden.outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);
            assertThat(overridden.outputVersion()).isEqualTo(Long.parseLong(candidate));
            assertThat(output.announcedVersion()).hasValue(Long.parseLong(candidate));
            assertThat(output.note(Gatekeeper.GUARD_REFUSED)).isEmpty();
            assertThat(output.note(Gatekeeper.GUARD_OVERRIDE)).isEmpty();
        }
    }

    @Test
    void anApproval_publishesExactlyTheRefusedOutput_whileUpstreamTrafficGoesOn() {
        SyntheticCatalog synthetic = small();
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(SMALL_AT));
        try (BlobStore store = BlobStore.directory(dataDir)) {
            CatalogPublisher.publishAll(store, synthetic);
            Gatekeeper prod = new Gatekeeper(store, RuleSet.SPEC, clock);
            assertThat(prod.tick().outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);
            // Upstream withdraws one video: the output would lose it, which only an operator may allow.
            List<org.gatekeeper.model.Video> fewer = new java.util.ArrayList<>(synthetic.videos());
            long withdrawn = fewer.remove(0).getId();
            publishInput(store.namespace("videos"), Dataset.VIDEOS, fewer);
            clock.advance(java.time.Duration.ofMinutes(1));
            TickResult refused = prod.tick();
            assertThat(refused.outcome()).isEqualTo(TickResult.Outcome.REFUSED);
            assertThat(refused.refusal()).contains("lose 1 videos");
            BlobNamespace output = store.namespace("liveness-prod");
            String candidate = output.note(Gatekeeper.GUARD_REFUSED).orElseThrow().split("\n")[0];

            // Traffic goes on (a new ratings version) while the operator looks: later ticks are refused too, and
            // the candidate awaiting approval stays the one they read about.
            publishInput(store.namespace("ratings"), Dataset.RATINGS, synthetic.ratings());
            clock.advance(java.time.Duration.ofMinutes(1));
            TickResult later = prod.tick();
            assertThat(later.outcome()).isEqualTo(TickResult.Outcome.REFUSED);
            assertThat(later.inputs()).isNotEqualTo(refused.inputs());
            assertThat(later.refusal()).contains("version " + candidate + ", still awaits approval");
            assertThat(output.note(Gatekeeper.GUARD_REFUSED).orElseThrow()).startsWith(candidate + "\n");

            output.writeNote(Gatekeeper.GUARD_OVERRIDE, candidate);
            clock.advance(java.time.Duration.ofMinutes(1));
            TickResult approved = prod.tick();

            assertThat(approved.outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);
            assertThat(approved.outputVersion()).isEqualTo(Long.parseLong(candidate));
            assertThat(approved.inputs()).as("the refused output's inputs").isEqualTo(refused.inputs());
            assertThat(approved.evaluatedAt()).as("and its T").isEqualTo(refused.evaluatedAt());
            assertThat(ProdOutput.read(output, approved.outputVersion()).inputs()).isEqualTo(refused.inputs());
            assertThat(LivenessReader.readAll(output.loadState(approved.outputVersion())))
                    .noneMatch(video -> video.getVideoId() == withdrawn);
            assertThat(output.note(Gatekeeper.GUARD_REFUSED)).isEmpty();
            assertThat(output.note(Gatekeeper.GUARD_OVERRIDE)).isEmpty();

            // The next tick evaluates the latest inputs against the approved output, and passes.
            clock.advance(java.time.Duration.ofMinutes(1));
            TickResult next = prod.tick();
            assertThat(next.outcome()).isNotEqualTo(TickResult.Outcome.REFUSED);
            assertThat(next.inputs()).isEqualTo(later.inputs());
        }
    }

    @Test
    void anOutputAnnouncedAheadOfThisHostsClock_stillLetsARefusedCandidateBeApproved() {
        SyntheticCatalog synthetic = small();
        Catalog catalog = new Catalog(synthetic.videos(), synthetic.contracts(), synthetic.assets(),
                synthetic.localizations(), synthetic.ratings(), synthetic.countries());
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(SMALL_AT));
        try (BlobStore store = BlobStore.directory(dataDir)) {
            publishAll(store, catalog);
            BlobNamespace output = store.namespace("liveness-prod");
            // The announced output was made by a host whose clock was ahead (or this one's stepped back since).
            Map<Dataset<?>, Long> versions = new java.util.LinkedHashMap<>();
            Dataset.ALL.forEach(d -> versions.put(d, store.namespace(d.name()).announcedVersion().getAsLong()));
            long ahead = 99_990_101_000_000_000L;
            new LivenessPublisher(output, Environment.PROD, RetentionPolicy.DEFAULT).publish(
                    new LivenessEvaluator().evaluate(catalog.toInputs(), SMALL_AT, RuleSet.SPEC), versions, null,
                    ahead);
            Gatekeeper prod = new Gatekeeper(store, RuleSet.SPEC, clock);
            prod.tick(); // the same records: Hollow's no-op after the restore still takes a version number
            publishInput(store.namespace("assets"), Dataset.ASSETS, List.of());
            clock.advance(java.time.Duration.ofMinutes(1));
            assertThat(prod.tick().outcome()).isEqualTo(TickResult.Outcome.REFUSED);
            String candidate = output.note(Gatekeeper.GUARD_REFUSED).orElseThrow().split("\n")[0];

            output.writeNote(Gatekeeper.GUARD_OVERRIDE, candidate);
            clock.advance(java.time.Duration.ofMinutes(1));
            TickResult approved = prod.tick();

            assertThat(approved.outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);
            assertThat(approved.outputVersion()).isEqualTo(Long.parseLong(candidate)).isGreaterThan(ahead);
        }
    }

    @Test
    void anOverrideThatCannotPublishWhatItNames_isVoid_andTheTickRunsAsUsual() {
        SyntheticCatalog synthetic = small();
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(SMALL_AT));
        try (BlobStore store = BlobStore.directory(dataDir)) {
            CatalogPublisher.publishAll(store, synthetic);
            long announced = new Gatekeeper(store, RuleSet.SPEC, clock).tick().outputVersion();
            BlobNamespace output = store.namespace("liveness-prod");
            String inputs = "videos=1 contracts=1 assets=1 localizations=1 ratings=1 countries=1";
            long candidate = announced + 1_000_000;
            for (String line : List.of("rules=spec-v1 " + inputs, // inputs no longer retained
                    "rules=other-rules " + inputs.replace("=1", "=" + 0))) { // made by other rules
                output.writeNote(Gatekeeper.GUARD_REFUSED, candidate + "\nbase=" + announced + " t=" + SMALL_AT
                        + " " + line + "\nrefused\n");
                output.writeNote(Gatekeeper.GUARD_OVERRIDE, Long.toString(candidate));
                clock.advance(java.time.Duration.ofMinutes(1));

                // A gatekeeper started on these notes (one that refused and approved them would have written them)
                TickResult tick = new Gatekeeper(store, RuleSet.SPEC, clock).tick();

                assertThat(tick.outcome()).as(line).isEqualTo(TickResult.Outcome.UNCHANGED);
                assertThat(output.announcedVersion()).hasValue(announced);
                assertThat(output.note(Gatekeeper.GUARD_REFUSED)).as(line).isEmpty();
                assertThat(output.note(Gatekeeper.GUARD_OVERRIDE)).as(line).isEmpty();
            }
        }
    }

    @Test
    void aRefusalFromBeforeAPublish_cannotBeApprovedAfterIt() {
        SyntheticCatalog synthetic = small();
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(SMALL_AT));
        try (BlobStore store = BlobStore.directory(dataDir)) {
            CatalogPublisher.publishAll(store, synthetic);
            Gatekeeper prod = new Gatekeeper(store, RuleSet.SPEC, clock);
            prod.tick();
            publishInput(store.namespace("assets"), Dataset.ASSETS, List.of());
            clock.advance(java.time.Duration.ofMinutes(1));
            assertThat(prod.tick().outcome()).isEqualTo(TickResult.Outcome.REFUSED);
            BlobNamespace output = store.namespace("liveness-prod");
            String staleNote = output.note(Gatekeeper.GUARD_REFUSED).orElseThrow();
            String stale = staleNote.split("\n")[0];
            // The assets come back and a video is added: the next output passes the guard, and the refusal is moot.
            publishInput(store.namespace("assets"), Dataset.ASSETS, synthetic.assets());
            List<org.gatekeeper.model.Video> more = new java.util.ArrayList<>(synthetic.videos());
            more.add(new org.gatekeeper.model.Video(999_999_999L, "MOVIE", 0, "en", "New", 90));
            publishInput(store.namespace("videos"), Dataset.VIDEOS, more);
            clock.advance(java.time.Duration.ofMinutes(1));
            TickResult healed = prod.tick();
            assertThat(healed.outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);
            assertThat(output.note(Gatekeeper.GUARD_REFUSED)).isEmpty();

            // A note that survived anyway (a crash between announcing and removing it) and an override naming it:
            // publishing it would announce a version below the one announced, so neither counts.
            output.writeNote(Gatekeeper.GUARD_REFUSED, staleNote);
            output.writeNote(Gatekeeper.GUARD_OVERRIDE, stale);
            Gatekeeper restarted = new Gatekeeper(store, RuleSet.SPEC, clock);
            clock.advance(java.time.Duration.ofMinutes(1));
            TickResult after = restarted.tick();
            assertThat(after.outcome()).isNotEqualTo(TickResult.Outcome.REFUSED);
            assertThat(output.announcedVersion()).hasValue(healed.outputVersion());
            assertThat(output.note(Gatekeeper.GUARD_REFUSED)).isEmpty();
            assertThat(output.note(Gatekeeper.GUARD_OVERRIDE)).isEmpty();

            // Breaking again makes a new candidate, above the announced version.
            publishInput(store.namespace("assets"), Dataset.ASSETS, List.of());
            clock.advance(java.time.Duration.ofMinutes(1));
            assertThat(restarted.tick().outcome()).isEqualTo(TickResult.Outcome.REFUSED);
            long candidate = Long.parseLong(output.note(Gatekeeper.GUARD_REFUSED).orElseThrow().split("\n")[0]);
            assertThat(candidate).isGreaterThan(healed.outputVersion());
        }
    }

    @Test
    void anInputPinnedByAnOperator_isWhatProdEvaluates_untilUnpinned() {
        SyntheticCatalog synthetic = small();
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(SMALL_AT));
        try (BlobStore store = BlobStore.directory(dataDir)) {
            CatalogPublisher.publishAll(store, synthetic);
            Gatekeeper prod = new Gatekeeper(store, RuleSet.SPEC, clock);
            long good = prod.tick().inputs().get(Dataset.RATINGS);
            long bad = publishInput(store.namespace("ratings"), Dataset.RATINGS, synthetic.ratings());
            store.namespace("ratings").pin(good); // an operator holds the ratings back

            clock.advance(java.time.Duration.ofMinutes(1));
            assertThat(prod.tick().inputs()).containsEntry(Dataset.RATINGS, good);

            store.namespace("ratings").unpin();
            clock.advance(java.time.Duration.ofMinutes(1));
            assertThat(prod.tick().inputs()).containsEntry(Dataset.RATINGS, bad);
        }
    }

    @Test
    void twoProdGatekeepersOnOneOutput_theSecondCannotAnnounceOverTheFirst() {
        SyntheticCatalog synthetic = small();
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(SMALL_AT));
        try (BlobStore store = BlobStore.directory(dataDir)) {
            CatalogPublisher.publishAll(store, synthetic);
            Gatekeeper first = new Gatekeeper(store, RuleSet.SPEC, clock).withMaxUnliveShare(1.0);
            long v1 = first.tick().outputVersion();
            Gatekeeper second = new Gatekeeper(store, RuleSet.SPEC, clock).withMaxUnliveShare(1.0); // restores v1
            clock.advance(java.time.Duration.ofDays(400)); // windows close: a changed output
            long v2 = first.tick().outputVersion();
            assertThat(v2).isGreaterThan(v1);
            clock.advance(java.time.Duration.ofDays(400));
            List<org.gatekeeper.model.Video> more = new java.util.ArrayList<>(synthetic.videos());
            more.add(new org.gatekeeper.model.Video(999_999_999L, "MOVIE", 0, "en", "New", 90));
            publishInput(store.namespace("videos"), Dataset.VIDEOS, more); // the second one builds it on its stale v1

            assertThatThrownBy(second::tick).hasMessageContaining("another writer announced version " + v2)
                    .hasMessageContaining("after version " + v1);
            assertThat(store.namespace("liveness-prod").announcedVersion()).hasValue(v2);
        }
    }

    @Test
    void aGatekeeperWhoseLeaseWasTakenOver_announcesNothing() {
        SyntheticCatalog synthetic = small();
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(SMALL_AT));
        try (BlobStore store = BlobStore.directory(dataDir)) {
            CatalogPublisher.publishAll(store, synthetic);
            BlobNamespace output = store.namespace("liveness-prod");
            NamespaceLease lease = NamespaceLease.acquire(output, "PROD gatekeeper", "me", java.time.Duration.ofMinutes(1),
                    Clock.systemUTC(), () -> false).orElseThrow();
            Gatekeeper prod = new Gatekeeper(store, RuleSet.SPEC, clock).withMaxUnliveShare(1.0).withLease(lease);
            long v1 = prod.tick().outputVersion();
            // This process stalled past its lease; another gatekeeper took it.
            output.writeProducerLease(new org.gatekeeper.model.store.ProducerLease("other",
                    Instant.now().plusSeconds(60)));
            clock.advance(java.time.Duration.ofDays(400));

            assertThatThrownBy(prod::tick).hasMessageContaining("PROD gatekeeper lost the lease of")
                    .hasMessageContaining("to other");
            assertThat(lease.lostTo()).isEqualTo("other");
            assertThat(output.announcedVersion()).hasValue(v1);
            lease.close();
            assertThat(output.producerLease()).as("a lost lease is not released").get()
                    .extracting(org.gatekeeper.model.store.ProducerLease::owner).isEqualTo("other");
        }
    }

    /** When {@link #small()} is generated, and the first tick of the tests that use it. */
    private static final long SMALL_AT = 1_795_000_000_000L;

    private static SyntheticCatalog small() {
        return SyntheticCatalog.generate(org.gatekeeper.model.profile.Profile.SMALL, 5, SMALL_AT);
    }

    private static void awaitVersion(LivenessClient client, long version) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (client.currentVersion() != version) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("client stayed on " + client.currentVersion() + ", expected " + version);
            }
            Thread.sleep(10);
        }
    }

    private static void publishAll(BlobStore store, Catalog catalog) {
        CatalogPublisher.publishAll(store, catalog.toSynthetic());
    }
}
