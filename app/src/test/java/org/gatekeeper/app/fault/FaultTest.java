package org.gatekeeper.app.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.hollow.api.consumer.HollowConsumer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.gatekeeper.core.Gatekeeper;
import org.gatekeeper.core.LivenessClient;
import org.gatekeeper.core.RuleSet;
import org.gatekeeper.core.TickResult;
import org.gatekeeper.diff.web.DiffServer;
import org.gatekeeper.embedded.KafkaBroker;
import org.gatekeeper.embedded.S3Server;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.ManualClock;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.codec.ChangeRecordCodec;
import org.gatekeeper.model.codec.HollowRecordReader;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.profile.SyntheticCatalog;
import org.gatekeeper.model.store.AnnouncedVersion;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.S3Location;
import org.gatekeeper.producer.DatasetProducer;
import org.gatekeeper.producer.ProducerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Faults injected into real parts, each asserting that nothing is lost. Short variants run in CI; set
 * {@code -Dgatekeeper.test.long=true} for the long ones (a 30 s S3 outage).
 */
class FaultTest {
    private static final boolean LONG = Boolean.getBoolean("gatekeeper.test.long");

    @TempDir
    Path dir;

    @Test
    void kafkaBrokerRestartMidStream_nothingIsLost() throws Exception {
        long seed = System.nanoTime();
        System.out.println("kafkaBrokerRestartMidStream seed=" + seed);
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"), 0);
             BlobStore store = BlobStore.directory(dir.resolve("data"))) {
            ProducerSettings settings = ProducerSettings.defaults(kafka.bootstrapServers()).withTopicPrefix("f")
                    .withCycle(Duration.ofMillis(300)).withLeaseDuration(Duration.ofSeconds(2));
            Map<Long, Video> expected = new LinkedHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            try (DatasetProducer<Video> producer = DatasetProducer.builder(Dataset.VIDEOS,
                    store.namespace("videos"), settings).build()) {
                assertThat(producer.start()).isTrue();
                Thread folding = new Thread(() -> producer.runUntil(stop::get), "folding");
                folding.start();
                Random random = new Random(seed);
                ChangeRecordCodec<Video> codec = ChangeRecordCodec.of(Dataset.VIDEOS);
                try (KafkaProducer<byte[], byte[]> upstream = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
                    for (int i = 0; i < 3_000; i++) {
                        Video video = new Video(1 + random.nextInt(400), "MOVIE", 0, "en", "v" + i, 90);
                        expected.put(video.getId(), video);
                        upstream.send(new ProducerRecord<>(Dataset.VIDEOS.topic("f"), codec.encodeKey(video),
                                codec.encodeValue(video)));
                        if (i == 1_500) {
                            upstream.flush();
                            kafka.stop(); // mid-stream: the upstream keeps sending into its buffer
                            Thread.sleep(2_000);
                            kafka.restart();
                        }
                        if (i % 100 == 0) {
                            Thread.sleep(20);
                        }
                    }
                    upstream.flush();
                }
                await("the producer to fold everything after the restart", () ->
                        records(store.namespace("videos")).size() == expected.size()
                                && records(store.namespace("videos")).containsAll(expected.values()));
                stop.set(true);
                folding.join(30_000);
            }
            assertThat(records(store.namespace("videos"))).as("seed %d", seed)
                    .containsExactlyInAnyOrderElementsOf(expected.values());
        }
    }

    @Test
    void s3EndpointDownMidCycle_noVersionWithMissingBlobs_everyoneRecovers_clientsStayOnTheirLastGoodVersion()
            throws Exception {
        Duration outage = LONG ? Duration.ofSeconds(30) : Duration.ofSeconds(5);
        try (S3Server s3 = S3Server.start(); KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"), 0)) {
            s3.createBucket("gatekeeper-faults");
            S3Location location = new S3Location("gatekeeper-faults", "env", S3Server.REGION,
                    Optional.of(s3.endpoint()), Optional.of(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY))));
            try (BlobStore store = BlobStore.s3(location, BlobStore.Options.DEFAULT
                    .withPollInterval(Duration.ofMillis(200)))) {
                SyntheticCatalog catalog = SyntheticCatalog.generate(Profile.SMALL, 9, 1_795_000_000_000L);
                CatalogPublisher.publishAll(store, catalog);
                Gatekeeper prod = new Gatekeeper(store, RuleSet.SPEC, java.time.Clock.systemUTC());
                assertThat(prod.tick().outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);
                ProducerSettings settings = ProducerSettings.defaults(kafka.bootstrapServers()).withTopicPrefix("s")
                        .withCycle(Duration.ofMillis(300)).withLeaseDuration(Duration.ofSeconds(60));
                AtomicBoolean stop = new AtomicBoolean();
                List<Video> added = new ArrayList<>();
                try (DatasetProducer<Video> producer = DatasetProducer.builder(Dataset.VIDEOS,
                        store.namespace("videos"), settings).build();
                     LivenessClient client = LivenessClient.follow(store.namespace("liveness-prod"));
                     KafkaProducer<byte[], byte[]> upstream = new KafkaProducer<>(Map.of(
                             ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                             new ByteArraySerializer(), new ByteArraySerializer())) {
                    assertThat(producer.start()).isTrue();
                    Thread folding = new Thread(() -> producer.runUntil(stop::get), "folding");
                    Thread ticking = new Thread(() -> {
                        while (!stop.get()) {
                            try {
                                prod.tick();
                            } catch (RuntimeException e) {
                                // the loop logs and retries on the next tick, as GatekeeperLoopCommand does
                            }
                            sleep(300);
                        }
                    }, "ticking");
                    folding.start();
                    ticking.start();
                    ChangeRecordCodec<Video> codec = ChangeRecordCodec.of(Dataset.VIDEOS);
                    long before = client.currentVersion();
                    for (int i = 0; i < 30; i++) {
                        Video video = new Video(900_000 + i, "SHOW", 0, "en", "New show " + i, 0);
                        added.add(video);
                        upstream.send(new ProducerRecord<>(Dataset.VIDEOS.topic("s"), codec.encodeKey(video),
                                codec.encodeValue(video)));
                        upstream.flush();
                        if (i == 10) {
                            s3.stop();
                            long during = client.currentVersion();
                            sleep(outage.toMillis() / 2);
                            assertThat(client.currentVersion()).as("the client stays on its last good version")
                                    .isEqualTo(during);
                            assertThat(client.status(catalog.videos().get(0).getId())).isPresent();
                            await("the client to say it cannot follow", () -> client.lastRefreshFailure()
                                    .filter(why -> why.contains("liveness-prod")).isPresent());
                            sleep(outage.toMillis() / 2);
                            s3.restart();
                        }
                        sleep(100);
                    }
                    await("the new videos to reach the PROD output after the outage", () ->
                            client.status(added.get(added.size() - 1).getId()).isPresent());
                    assertThat(client.currentVersion()).isGreaterThan(before);
                    await("the client to say it follows again", () -> client.lastRefreshFailure().isEmpty());
                    stop.set(true);
                    folding.join(30_000);
                    ticking.join(30_000);
                }
                assertThat(records(store.namespace("videos"))).containsAll(added);
                for (String namespace : List.of("videos", "liveness-prod")) {
                    for (AnnouncedVersion version : store.namespace(namespace).history()) {
                        HollowConsumer consumer = HollowConsumer.withBlobRetriever(
                                store.namespace(namespace).retriever()).build();
                        consumer.triggerRefreshTo(version.version());
                        assertThat(consumer.getCurrentVersionId()).as("%s version %d loads from its blobs",
                                namespace, version.version()).isEqualTo(version.version());
                    }
                }
            }
        }
    }

    @Test
    void upstreamSilentForHours_outputsKeepFlowing_andStalenessShowsInStatusAndOnThePage() throws Exception {
        Instant start = Instant.parse("2026-06-01T00:00:00Z");
        ManualClock clock = new ManualClock(start);
        try (BlobStore store = BlobStore.directory(dir.resolve("data"), BlobStore.Options.DEFAULT.withClock(clock))) {
            CatalogPublisher.publishAll(store, SyntheticCatalog.generate(Profile.SMALL, 2, start.toEpochMilli()));
            Gatekeeper prod = new Gatekeeper(store, RuleSet.SPEC, clock);
            assertThat(prod.tick().outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);

            clock.advance(Duration.ofHours(6)); // no input publishes anything for six hours
            TickResult later = prod.tick();

            assertThat(later.outcome()).isIn(TickResult.Outcome.PUBLISHED, TickResult.Outcome.UNCHANGED);
            assertThat(later.evaluatedAt()).isEqualTo(clock.millis());
            assertThat(prod.inputStaleness().get(Dataset.VIDEOS)).isGreaterThanOrEqualTo(6 * 3600.0);
            StringWriter out = new StringWriter();
            picocli.CommandLine status = new picocli.CommandLine(newStatusCommand(clock));
            status.setOut(new PrintWriter(out, true));
            assertThat(status.execute("--data-dir", dir.resolve("data").toString(), "--no-records")).isZero();
            assertThat(out.toString()).containsPattern("videos +\\d+ +announced 6h0\\dm ago");
            try (DiffServer page = DiffServer.start(store, DiffServer.Settings.loopback(0), clock)) {
                String home = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(page.uri() + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(home).containsPattern("<td>videos</td><td>\\d+</td><td>[^<]+</td><td class=\"num\">6 h</td>");
            }
        }
    }

    @Test
    void aRuleBugThatWouldUnliveAThirdOfTheCatalog_isRefused_andTheOverrideWorks() {
        Instant start = Instant.parse("2026-06-01T00:00:00Z");
        ManualClock clock = new ManualClock(start);
        try (BlobStore store = BlobStore.directory(dir.resolve("data"))) {
            CatalogPublisher.publishAll(store, SyntheticCatalog.generate(Profile.SMALL, 1, start.toEpochMilli()));
            TickResult good = new Gatekeeper(store, RuleSet.SPEC, clock).tick();
            assertThat(good.outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);

            // The bug ships to PROD: a stricter rule set by mistake.
            Gatekeeper buggy = new Gatekeeper(store, RuleSet.SUBTITLES_IN_FIRST_METADATA_LANGUAGE, clock);
            TickResult refused = buggy.tick();

            assertThat(refused.outcome()).isEqualTo(TickResult.Outcome.REFUSED);
            assertThat(refused.refusal()).containsPattern("not live \\((2\\d|3\\d)\\.\\d %, limit 5\\.0 %\\)");
            BlobNamespace output = store.namespace("liveness-prod");
            assertThat(output.announcedVersion()).hasValue(good.outputVersion());
            String candidate = output.note(Gatekeeper.GUARD_REFUSED).orElseThrow().split("\n")[0];
            output.writeNote(Gatekeeper.GUARD_OVERRIDE, candidate);

            TickResult overridden = buggy.tick();

            assertThat(overridden.outcome()).isEqualTo(TickResult.Outcome.PUBLISHED);
            assertThat(output.announcedVersion()).hasValue(Long.parseLong(candidate));
        }
    }

    private static Object newStatusCommand(java.time.Clock clock) throws Exception {
        var constructor = Class.forName("org.gatekeeper.app.StatusCommand").getDeclaredConstructor(java.time.Clock.class);
        constructor.setAccessible(true);
        return constructor.newInstance(clock);
    }

    private static List<Video> records(BlobNamespace namespace) {
        if (namespace.announcedVersion().isEmpty()) {
            return List.of();
        }
        HollowConsumer consumer = HollowConsumer.withBlobRetriever(namespace.retriever()).build();
        consumer.triggerRefreshTo(namespace.announcedVersion().getAsLong());
        return HollowRecordReader.of(Dataset.VIDEOS).readAll(consumer.getStateEngine());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
