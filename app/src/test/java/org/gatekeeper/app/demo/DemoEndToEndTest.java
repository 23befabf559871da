package org.gatekeeper.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.gatekeeper.core.LivenessClient;
import org.gatekeeper.model.Blocker;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Rating;
import org.gatekeeper.model.codec.ChangeRecordCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo in-process with 1 s cadences: a change record written to Kafka (a rating removed, then written back)
 * flips {@code isLive} in an embedded client, and the page shows the flip.
 */
class DemoEndToEndTest {
    @TempDir
    Path dataDir;

    @Test
    void aRatingChangeRecord_flipsIsLiveInTheClient_andThePageShowsTheFlip() throws Exception {
        DemoSettings settings = DemoSettings.defaults().withDataDir(dataDir).withPorts(0, 0)
                .withCadences(Duration.ofSeconds(1), Duration.ofSeconds(1)).withSimulation(true, 0)
                .withSweepEvery(Duration.ofHours(1));
        try (Demo demo = Demo.start(settings);
             KafkaProducer<byte[], byte[]> upstream = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, demo.bootstrapServers()),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            UpstreamSimulator simulated = demo.upstream().orElseThrow();
            List<Rating> ratings = simulated.records(Dataset.RATINGS);
            List<CountryPolicy> countries = simulated.records(Dataset.COUNTRIES);
            await("the first PROD output of the whole catalog", () ->
                    demo.store().namespace("liveness-prod").announcedVersion().isPresent()
                            && !live(demo, ratings, countries).isEmpty());
            try (LivenessClient client = LivenessClient.follow(demo.store().namespace("liveness-prod"))) {
                Object[] pair = live(demo, ratings, countries).get(0); // a live pair whose country needs a rating
                Rating rating = (Rating) pair[0];
                String country = (String) pair[1];
                long video = rating.getVideoId();
                assertThat(client.isLive(video, country)).isTrue();
                ChangeRecordCodec<Rating> codec = ChangeRecordCodec.of(Dataset.RATINGS);

                upstream.send(new ProducerRecord<>(Dataset.RATINGS.topic("gatekeeper"), codec.encodeKey(rating), null));
                upstream.flush();
                await("the tombstone to un-live " + video + "/" + country, () -> !client.isLive(video, country));
                assertThat(client.blockers(video, country))
                        .contains(new Blocker("MISSING_RATING", rating.getRatingSystem()));
                long notLiveVersion = client.currentVersion();

                upstream.send(new ProducerRecord<>(Dataset.RATINGS.topic("gatekeeper"), codec.encodeKey(rating),
                        codec.encodeValue(rating)));
                upstream.flush();
                await("the rating to make " + video + "/" + country + " live again",
                        () -> client.isLive(video, country));
                long liveVersion = client.currentVersion();

                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(demo.pageUri()
                        + "/compare?from=liveness-prod:" + notLiveVersion + "&to=liveness-prod:" + liveVersion
                        + "&video=" + video)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("<td>" + country + "</td><td>became-live</td>");
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(demo.pageUri()
                        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.body()).contains("gatekeeper_producer_records_total")
                        .contains("gatekeeper_live_pairs");
            }
        }
    }

    @Test
    void aRestartOnTheSameDataDir_resumesWithTheSameVersionsAndOffsets_andDoesNotLoadTheCatalogAgain()
            throws Exception {
        DemoSettings settings = DemoSettings.defaults().withDataDir(dataDir).withPorts(0, 0)
                .withCadences(Duration.ofSeconds(1), Duration.ofSeconds(1)).withSimulation(true, 0)
                .withSweepEvery(Duration.ofHours(1));
        Map<String, Long> versions = new java.util.TreeMap<>();
        Map<String, String> offsets = new java.util.TreeMap<>();
        try (Demo demo = Demo.start(settings)) {
            int videos = demo.upstream().orElseThrow().records(Dataset.VIDEOS).size();
            await("the producers to fold the whole catalog", () -> Dataset.ALL.stream().allMatch(d ->
                    offsetSum(demo, d) >= demo.upstream().orElseThrow().records(d).size()) && videos > 0);
            Thread.sleep(1_500); // one more cycle: nothing new, so no new version
            for (Dataset<?> dataset : Dataset.ALL) {
                long version = demo.store().namespace(dataset.name()).announcedVersion().getAsLong();
                versions.put(dataset.name(), version);
                offsets.put(dataset.name(), demo.store().namespace(dataset.name()).headerTags(version)
                        .get("gatekeeper.kafka.offsets"));
            }
        }

        try (Demo demo = Demo.start(settings)) {
            Thread.sleep(2_500); // a few cycles of nothing
            for (Dataset<?> dataset : Dataset.ALL) {
                long version = demo.store().namespace(dataset.name()).announcedVersion().getAsLong();
                assertThat(version).as(dataset.name()).isEqualTo(versions.get(dataset.name()));
                assertThat(demo.store().namespace(dataset.name()).headerTags(version).get("gatekeeper.kafka.offsets"))
                        .as(dataset.name()).isEqualTo(offsets.get(dataset.name()));
            }
            assertThat(demo.upstream().orElseThrow().records(Dataset.VIDEOS)).hasSize(1_000);
        }
    }

    private static long offsetSum(Demo demo, Dataset<?> dataset) {
        var namespace = demo.store().namespace(dataset.name());
        if (namespace.announcedVersion().isEmpty()) {
            return 0;
        }
        String tag = namespace.headerTags(namespace.announcedVersion().getAsLong()).get("gatekeeper.kafka.offsets");
        if (tag == null || tag.isBlank()) {
            return 0;
        }
        return java.util.Arrays.stream(tag.split(",")).mapToLong(p -> Long.parseLong(p.substring(p.indexOf(':') + 1)))
                .sum();
    }

    /** Live pairs (rating, country) of movies whose country requires the rating's system, from PROD's latest output. */
    private static List<Object[]> live(Demo demo, List<Rating> ratings, List<CountryPolicy> countries) {
        try (LivenessClient client = LivenessClient.follow(demo.store().namespace("liveness-prod"))) {
            return ratings.stream().flatMap(r -> countries.stream()
                    .filter(c -> c.getRatingSystem().equals(r.getRatingSystem()))
                    .filter(c -> client.isLive(r.getVideoId(), c.getCountry()))
                    .map(c -> new Object[] {r, c.getCountry()})).limit(1).toList();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
