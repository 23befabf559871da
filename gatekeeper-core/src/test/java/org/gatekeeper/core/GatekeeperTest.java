package org.gatekeeper.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.api.objects.generic.GenericHollowList;
import com.netflix.hollow.api.objects.generic.GenericHollowObject;
import com.netflix.hollow.api.producer.HollowProducer;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gatekeeper.model.Blocker;
import org.gatekeeper.model.CountryStatus;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.DatasetMarker;
import org.gatekeeper.model.VideoStatus;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
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
            Gatekeeper gatekeeper = new Gatekeeper(store, RuleSet.SPEC, clock);
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
            assertThat(readOutput(reader.getStateEngine())).as("seed %d", seed)
                    .isEqualTo(ReferenceEvaluator.evaluate(catalog, 1_500, false));

            TickResult again = gatekeeper.tick();
            assertThat(again.outcome()).as("same inputs, same T: Hollow's no-op")
                    .isEqualTo(TickResult.Outcome.UNCHANGED);
            assertThat(again.outputVersion()).isEqualTo(published.outputVersion());
        }
    }

    private static long publishInput(BlobNamespace namespace, Dataset<?> dataset, List<?> records) {
        HollowProducer.Builder<?> builder = HollowProducer.withPublisher(namespace.publisher());
        namespace.configure(builder, RetentionPolicy.DEFAULT);
        HollowProducer producer = builder.build();
        producer.initializeDataModel(dataset.type(), DatasetMarker.class);
        return producer.runCycle(state -> {
            state.add(new DatasetMarker(dataset.name()));
            records.forEach(state::add);
        });
    }

    /** The published output as model objects, through Hollow's generic API. */
    static List<VideoStatus> readOutput(HollowReadStateEngine state) {
        HollowObjectTypeReadState type = (HollowObjectTypeReadState) state.getTypeState("VideoStatus");
        List<VideoStatus> videos = new ArrayList<>();
        BitSet ordinals = type.getPopulatedOrdinals();
        for (int o = ordinals.nextSetBit(0); o >= 0; o = ordinals.nextSetBit(o + 1)) {
            GenericHollowObject video = new GenericHollowObject(state, "VideoStatus", o);
            List<CountryStatus> countries = new ArrayList<>();
            GenericHollowList list = video.getList("countries");
            for (int i = 0; i < list.size(); i++) {
                GenericHollowObject status = list.getObject(i);
                List<Blocker> blockers = new ArrayList<>();
                GenericHollowList blockerList = status.getList("blockers");
                for (int b = 0; b < blockerList.size(); b++) {
                    GenericHollowObject blocker = blockerList.getObject(b);
                    blockers.add(new Blocker(blocker.getObject("code").getString("value"),
                            blocker.getObject("detail").getString("value")));
                }
                countries.add(new CountryStatus(status.getObject("country").getString("value"),
                        status.getBoolean("live"), blockers, status.getLong("windowStart"),
                        status.getLong("windowEnd"), status.getLong("goLiveAt")));
            }
            videos.add(new VideoStatus(video.getLong("videoId"), countries));
        }
        videos.sort(Comparator.comparingLong(VideoStatus::getVideoId));
        return videos;
    }
}
