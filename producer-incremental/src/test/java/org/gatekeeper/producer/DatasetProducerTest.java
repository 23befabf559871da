package org.gatekeeper.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Localization;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.codec.ChangeRecordCodec;
import org.gatekeeper.model.store.BlobNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatasetProducerTest extends ProducerTestSupport {

    @Test
    void start_onAnEmptyDataset_announcesAFirstVersionRightAway() {
        BlobNamespace videos = store.namespace("videos");

        DatasetProducer<Video> producer = startProducer(Dataset.VIDEOS,
                DatasetProducer.builder(Dataset.VIDEOS, videos, settings()));

        assertThat(videos.announcedVersion()).hasValue(producer.announcedVersion());
        assertThat(announcedRecords(videos, Dataset.VIDEOS)).isEmpty();
        assertThat(announcedState(videos).getTypeState("DatasetMarker").getPopulatedOrdinals().cardinality())
                .isEqualTo(1);
    }

    @Test
    void cycles_foldUpsertsAndTombstones_lastRecordPerKeyWins() {
        long seed = System.nanoTime();
        System.out.println("seed=" + seed);
        Random random = new Random(seed);
        BlobNamespace localizations = store.namespace("localizations");
        DatasetProducer<Localization> producer = startProducer(Dataset.LOCALIZATIONS,
                DatasetProducer.builder(Dataset.LOCALIZATIONS, localizations, settings()));
        Upstream<Localization> upstream = upstream(Dataset.LOCALIZATIONS);
        List<String> languages = List.of("en", "fr", "pt-BR", "ar", "ja");

        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 300; i++) {
                Localization record = new Localization(random.nextInt(40), languages.get(random.nextInt(5)),
                        "title " + random.nextInt(3), "synopsis 😀 " + round);
                if (random.nextInt(5) == 0) {
                    upstream.delete(record);
                } else {
                    upstream.upsert(record);
                }
            }
            catchUp(producer);
        }

        assertThat(announcedRecords(localizations, Dataset.LOCALIZATIONS)).as("seed %d", seed)
                .containsExactlyInAnyOrderElementsOf(upstream.expectedRecords());
    }

    @Test
    void equalUpsert_makesNoNewVersion() {
        BlobNamespace videos = store.namespace("videos");
        DatasetProducer<Video> producer = startProducer(Dataset.VIDEOS,
                DatasetProducer.builder(Dataset.VIDEOS, videos, settings()));
        Upstream<Video> upstream = upstream(Dataset.VIDEOS);
        Video heat = new Video(42, "MOVIE", 0, "en", "Heat", 170);
        upstream.upsert(heat);
        catchUp(producer);
        long version = producer.announcedVersion();

        upstream.upsert(heat);
        CycleResult result = producer.runCycle();

        assertThat(result.received()).isEqualTo(1);
        assertThat(result.newVersion()).isFalse();
        assertThat(result.unchanged()).isEqualTo(1);
        assertThat(videos.announcedVersion()).hasValue(version);
        assertThat(producer.offsets().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
    }

    /** A tombstone deletes only what the dataset holds: one for an absent key counts as unchanged, not deleted. */
    @Test
    void tombstones_countAsDeletedOnlyWhenTheyRemoveARecord() {
        BlobNamespace videos = store.namespace("videos");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DatasetProducer<Video> producer = startProducer(Dataset.VIDEOS,
                DatasetProducer.builder(Dataset.VIDEOS, videos, settings()).meterRegistry(registry));
        Upstream<Video> upstream = upstream(Dataset.VIDEOS);
        Video heat = new Video(42, "MOVIE", 0, "en", "Heat", 170);
        upstream.upsert(heat);
        catchUp(producer);

        upstream.delete(new Video(777, "MOVIE", 0, "en", "never there", 1));
        CycleResult absent = nextCycleWithRecords(upstream, producer);
        assertThat(absent.newVersion()).isFalse();
        assertThat(absent.deleted()).isZero();
        assertThat(absent.unchanged()).isEqualTo(1);

        upstream.delete(heat);
        CycleResult present = nextCycleWithRecords(upstream, producer);
        assertThat(present.newVersion()).isTrue();
        assertThat(present.deleted()).isEqualTo(1);
        assertThat(registry.get("gatekeeper.producer.records").tag("outcome", "deleted").counter().count())
                .isEqualTo(1);
        assertThat(announcedRecords(videos, Dataset.VIDEOS)).isEmpty();
    }

    private static CycleResult nextCycleWithRecords(Upstream<?> upstream, DatasetProducer<?> producer) {
        upstream.flush();
        for (int attempt = 0; attempt < 20; attempt++) {
            CycleResult result = producer.runCycle();
            if (result.received() > 0) {
                return result;
            }
        }
        throw new AssertionError("no record arrived in 20 cycles");
    }

    @Test
    void badRecords_goToTheDeadLetterTopicUnchangedWithHeaders_andTheirNeighboursApply() {
        BlobNamespace videos = store.namespace("videos");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DatasetProducer<Video> producer = startProducer(Dataset.VIDEOS,
                DatasetProducer.builder(Dataset.VIDEOS, videos, settings()).meterRegistry(registry));
        Upstream<Video> upstream = upstream(Dataset.VIDEOS);
        upstream.upsert(new Video(1, "MOVIE", 0, "en", "Before", 90));
        upstream.bad("2".getBytes(StandardCharsets.UTF_8), "{\"id\":2,\"type\":\"movie\"}".getBytes());
        upstream.bad(null, "{}".getBytes());
        upstream.bad("3".getBytes(), new byte[(1 << 20) + 1]);
        upstream.upsert(new Video(4, "EPISODE", 0, "fr", "After", 45));

        catchUp(producer);

        assertThat(announcedRecords(videos, Dataset.VIDEOS)).extracting(Video::getTitle)
                .containsExactlyInAnyOrder("Before", "After");
        List<ConsumerRecord<byte[], byte[]>> dead = readTopic(Dataset.VIDEOS.deadLetterTopic(prefix), 3);
        assertThat(dead).hasSize(3);
        ConsumerRecord<byte[], byte[]> lowerCase = dead.stream()
                .filter(r -> r.key() != null && new String(r.key()).equals("2")).findFirst().orElseThrow();
        assertThat(lowerCase.value()).isEqualTo("{\"id\":2,\"type\":\"movie\"}".getBytes());
        assertThat(header(lowerCase, "gatekeeper.error")).contains("field 'type' is 'movie'");
        assertThat(header(lowerCase, "gatekeeper.source.topic")).isEqualTo(producer.topic());
        assertThat(header(lowerCase, "gatekeeper.source.partition")).matches("\\d+");
        assertThat(header(lowerCase, "gatekeeper.source.offset")).matches("\\d+");
        assertThat(dead).anySatisfy(r -> assertThat(header(r, "gatekeeper.error")).contains("null key"));
        assertThat(dead).anySatisfy(r -> {
            assertThat(r.value()).hasSize((1 << 20) + 1);
            assertThat(header(r, "gatekeeper.error")).contains("over the 1 MiB limit");
        });
        assertThat(registry.get("gatekeeper.producer.records").tag("outcome", "dead-lettered").counter().count())
                .isEqualTo(3);
        assertThat(registry.get("gatekeeper.producer.version").gauge().value())
                .isEqualTo((double) producer.announcedVersion());
    }

    /**
     * SPEC §3: a record the topic took but the dead-letter topic cannot (it came compressed, or the DLQ headers push
     * it over the limit) never stops the producer: it is compressed again, or, failing that, dead-lettered without
     * its value; the record behind it applies.
     */
    @Test
    void oversizedRecords_theTopicTook_areDeadLettered_andNeverBlockTheRecordsBehindThem() throws Exception {
        BlobNamespace videos = store.namespace("videos");
        DatasetProducer<Video> producer = startProducer(Dataset.VIDEOS,
                DatasetProducer.builder(Dataset.VIDEOS, videos, settings()));
        String topic = producer.topic();
        ChangeRecordCodec<Video> codec = ChangeRecordCodec.of(Dataset.VIDEOS);
        Video after = new Video(4, "MOVIE", 0, "en", "After", 90);
        long seed = System.nanoTime();
        System.out.println("oversizedRecords seed: " + seed);
        byte[] incompressible = new byte[(8 << 20) - 400]; // just under the topic's limit, as sent
        new java.util.Random(seed).nextBytes(incompressible);
        try (KafkaProducer<byte[], byte[]> gzipUpstream = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 32 << 20), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            gzipUpstream.send(new ProducerRecord<>(topic, 0, "1".getBytes(), new byte[12 << 20])).get();
        }
        try (KafkaProducer<byte[], byte[]> plainUpstream = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 32 << 20), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            plainUpstream.send(new ProducerRecord<>(topic, 0, "2".getBytes(), incompressible)).get();
            plainUpstream.send(new ProducerRecord<>(topic, 0, codec.encodeKey(after), codec.encodeValue(after)))
                    .get();
        }

        List<String> failures = new ArrayList<>();
        for (int cycle = 0; cycle < 10 && !announcedRecords(videos, Dataset.VIDEOS).contains(after); cycle++) {
            try {
                producer.runCycle();
            } catch (RuntimeException e) {
                failures.add(e.getMessage());
            }
        }

        assertThat(announcedRecords(videos, Dataset.VIDEOS)).as("failed cycles: %s", failures).containsExactly(after);
        assertThat(failures).as("only the cycle that learnt the DLQ refuses the random one failed").hasSize(1);
        List<ConsumerRecord<byte[], byte[]>> dead = readTopic(Dataset.VIDEOS.deadLetterTopic(prefix), 2);
        assertThat(dead).hasSize(2);
        ConsumerRecord<byte[], byte[]> zeros = dead.stream().filter(r -> new String(r.key()).equals("1")).findFirst()
                .orElseThrow();
        assertThat(zeros.value()).as("compressed again, sent whole").isEqualTo(new byte[12 << 20]);
        ConsumerRecord<byte[], byte[]> random = dead.stream().filter(r -> new String(r.key()).equals("2"))
                .findFirst().orElseThrow();
        assertThat(random.value()).as("too large for the DLQ even compressed").isNull();
        assertThat(header(random, DeadLetter.VALUE_DROPPED)).isEqualTo(Integer.toString(incompressible.length));
        assertThat(header(random, "gatekeeper.source.offset")).isEqualTo("1");
    }

    @Test
    void restart_seeksToTheOffsetsInTheAnnouncedVersion() {
        BlobNamespace videos = store.namespace("videos");
        Upstream<Video> upstream = upstream(Dataset.VIDEOS);
        DatasetProducer<Video> first = DatasetProducer.builder(Dataset.VIDEOS, videos, settings()).build();
        assertThat(first.start()).isTrue();
        for (int i = 0; i < 50; i++) {
            upstream.upsert(new Video(i, "MOVIE", 0, "en", "v" + i, 90));
        }
        catchUp(first);
        first.close();
        for (int i = 50; i < 60; i++) {
            upstream.upsert(new Video(i, "MOVIE", 0, "en", "v" + i, 90));
        }

        DatasetProducer<Video> second = startProducer(Dataset.VIDEOS,
                DatasetProducer.builder(Dataset.VIDEOS, videos, settings()));
        assertThat(second.offsets().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(50);
        CycleResult next = second.runCycle();

        assertThat(next.received()).as("only what came after the announced offsets").isEqualTo(10);
        assertThat(announcedRecords(videos, Dataset.VIDEOS)).containsExactlyInAnyOrderElementsOf(
                upstream.expectedRecords());
        assertThat(videos.headerTags(second.announcedVersion())).containsKey("gatekeeper.kafka.offsets");
    }

    /**
     * SPEC §3: only a crash may send a record to the dead-letter topic twice. A cycle of bad records makes no
     * version; after a clean stop the next producer starts past them (the note), and reads only what came after.
     */
    @Test
    void restartAfterACycleThatMadeNoVersion_startsPastIt_andDeadLettersNothingTwice() {
        BlobNamespace videos = store.namespace("videos");
        Upstream<Video> upstream = upstream(Dataset.VIDEOS);
        DatasetProducer<Video> first = startProducer(Dataset.VIDEOS,
                DatasetProducer.builder(Dataset.VIDEOS, videos, settings()));
        Video heat = new Video(1, "MOVIE", 0, "en", "Heat", 170);
        upstream.upsert(heat);
        catchUp(first);
        long version = first.announcedVersion();
        upstream.bad("2".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8));
        upstream.upsert(heat); // equal: changes nothing either
        catchUp(first);
        assertThat(first.announcedVersion()).as("bad and equal records make no version").isEqualTo(version);
        java.util.Map<Integer, Long> moved = first.offsets();
        first.close();

        DatasetProducer<Video> second = startProducer(Dataset.VIDEOS,
                DatasetProducer.builder(Dataset.VIDEOS, videos, settings()));
        assertThat(second.announcedVersion()).isEqualTo(version);
        assertThat(second.offsets()).as("past the records that changed nothing").isEqualTo(moved);
        upstream.upsert(new Video(3, "MOVIE", 0, "en", "After", 90));
        catchUp(second);

        assertThat(announcedRecords(videos, Dataset.VIDEOS)).extracting(Video::getTitle)
                .containsExactlyInAnyOrder("Heat", "After");
        assertThat(committedRecords(Dataset.VIDEOS.deadLetterTopic(prefix))).as("dead-lettered once").hasSize(1);
        assertThat(KafkaOffsets.extend(java.util.Map.of(0, 5L), version + 1, KafkaOffsets.note(version,
                java.util.Map.of(0, 9L)))).as("a note of another version is stale").isEqualTo(java.util.Map.of(0, 5L));
        assertThat(KafkaOffsets.extend(java.util.Map.of(0, 5L), version, KafkaOffsets.note(version,
                java.util.Map.of(0, 4L)))).as("a note behind the header is ignored").isEqualTo(java.util.Map.of(0, 5L));
    }

    /** A cycle that fails after its dead letters are committed reads its records again, and sends none twice. */
    @Test
    void aCycleThatFailsAfterItsDeadLetters_doesNotSendThemAgain() {
        BlobNamespace videos = store.namespace("videos");
        Upstream<Video> upstream = upstream(Dataset.VIDEOS);
        boolean[] failOnce = {false};
        DatasetProducer<Video> producer = startProducer(Dataset.VIDEOS,
                DatasetProducer.builder(Dataset.VIDEOS, videos, settings()).crashProbe(point -> {
                    if (failOnce[0] && point == CrashPoint.AFTER_DEAD_LETTERS) {
                        failOnce[0] = false;
                        throw new IllegalStateException("the store is down"); // a failed cycle, not a crash
                    }
                }));
        upstream.bad("5".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8));
        upstream.upsert(new Video(6, "MOVIE", 0, "en", "Six", 90));
        failOnce[0] = true;
        upstream.flush();
        assertThatThrownBy(() -> {
            for (int i = 0; i < 20; i++) {
                producer.runCycle();
            }
        }).hasMessageContaining("the store is down");

        catchUp(producer);

        assertThat(announcedRecords(videos, Dataset.VIDEOS)).extracting(Video::getTitle).containsExactly("Six");
        assertThat(committedRecords(Dataset.VIDEOS.deadLetterTopic(prefix))).as("dead-lettered once").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    void crashAtEveryStepOfACycle_restartEndsWithTheFoldOfAllRecords(CrashPoint crashPoint) {
        BlobNamespace videos = store.namespace("videos");
        Upstream<Video> upstream = upstream(Dataset.VIDEOS);
        boolean[] armed = {false};
        DatasetProducer<Video> crashing = DatasetProducer.builder(Dataset.VIDEOS, videos, settings())
                .crashProbe(point -> {
                    if (armed[0] && point == crashPoint) {
                        throw new SimulatedCrash(point);
                    }
                }).build();
        assertThat(crashing.start()).isTrue();
        for (int i = 0; i < 20; i++) {
            upstream.upsert(new Video(i, "MOVIE", 0, "en", "first " + i, 90));
        }
        catchUp(crashing);
        for (int i = 10; i < 30; i++) {
            upstream.upsert(new Video(i, "SHOW", 0, "en", "second " + i, 0));
        }
        upstream.delete(new Video(3, "MOVIE", 0, "en", "", 0));
        upstream.bad("99".getBytes(), "not json".getBytes());
        armed[0] = true;

        assertThatThrownBy(() -> {
            for (int i = 0; i < 20; i++) {
                crashing.runCycle();
            }
        }).satisfies(e -> assertThat(rootCause(e)).isInstanceOf(SimulatedCrash.class));
        crashing.abandon();

        for (int i = 30; i < 35; i++) {
            upstream.upsert(new Video(i, "EPISODE", 12, "ko", "third " + i, 50));
        }
        DatasetProducer<Video> restarted = startProducer(Dataset.VIDEOS,
                DatasetProducer.builder(Dataset.VIDEOS, videos, settings()));
        catchUp(restarted);

        assertThat(announcedRecords(videos, Dataset.VIDEOS)).as("after a crash %s", crashPoint)
                .containsExactlyInAnyOrderElementsOf(upstream.expectedRecords());
        assertThat(readTopic(Dataset.VIDEOS.deadLetterTopic(prefix), 1)).as("the bad record is never lost")
                .isNotEmpty()
                .allSatisfy(r -> assertThat(new String(r.key())).isEqualTo("99"));
    }

    @Test
    void secondProducerForTheSameDataset_standsByUntilTheFirstStops() throws Exception {
        BlobNamespace videos = store.namespace("videos");
        Upstream<Video> upstream = upstream(Dataset.VIDEOS);
        DatasetProducer<Video> first = DatasetProducer.builder(Dataset.VIDEOS, videos, settings())
                .owner("first").build();
        assertThat(first.start()).isTrue();
        DatasetProducer<Video> second = DatasetProducer.builder(Dataset.VIDEOS, videos, settings())
                .owner("second").build();
        closeables.add(second);
        CompletableFuture<Boolean> secondStarted = CompletableFuture.supplyAsync(second::start);

        upstream.upsert(new Video(1, "MOVIE", 0, "en", "by first", 90));
        catchUp(first);
        Thread.sleep(1_500);
        assertThat(secondStarted).as("the second stands by while the first holds the lease").isNotDone();
        assertThat(videos.producerLease()).hasValueSatisfying(lease -> assertThat(lease.owner()).isEqualTo("first"));
        long firstVersion = first.announcedVersion();
        first.close();

        assertThat(secondStarted.get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(second.announcedVersion()).isEqualTo(firstVersion);
        upstream.upsert(new Video(2, "MOVIE", 0, "en", "by second", 90));
        catchUp(second);
        assertThat(announcedRecords(videos, Dataset.VIDEOS)).extracting(Video::getTitle)
                .containsExactlyInAnyOrder("by first", "by second");
    }

    @Test
    void producerThatLostItsLease_stopsWithoutAnnouncing() {
        BlobNamespace videos = store.namespace("videos");
        Upstream<Video> upstream = upstream(Dataset.VIDEOS);
        DatasetProducer<Video> producer = startProducer(Dataset.VIDEOS,
                DatasetProducer.builder(Dataset.VIDEOS, videos, settings()).owner("zombie"));
        long version = producer.announcedVersion();
        videos.writeProducerLease(new org.gatekeeper.model.store.ProducerLease("usurper",
                java.time.Instant.now().plusSeconds(60)));
        upstream.upsert(new Video(1, "MOVIE", 0, "en", "never", 90));

        assertThatThrownBy(() -> catchUp(producer))
                .isInstanceOf(DatasetProducer.LeaseLostException.class)
                .hasMessageContaining("lost its lease to usurper");
        assertThat(videos.announcedVersion()).hasValue(version);
    }

    @Test
    void requestStop_fromAnotherThread_endsTheRunLoopAndReleasesTheLease() throws Exception {
        BlobNamespace videos = store.namespace("videos");
        DatasetProducer<Video> producer = DatasetProducer.builder(Dataset.VIDEOS, videos,
                settings().withCycle(java.time.Duration.ofSeconds(30))).owner("stopping").build();
        assertThat(producer.start()).isTrue();
        CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
            producer.runUntil(() -> false);
            producer.close();
        });
        Thread.sleep(500);

        producer.requestStop();

        loop.get(10, TimeUnit.SECONDS);
        assertThat(videos.producerLease()).isEmpty();
    }

    private static Throwable rootCause(Throwable e) {
        return e.getCause() == null ? e : rootCause(e.getCause());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Thrown by the crash probe: unwinds the producer mid-cycle as a crash would. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(CrashPoint point) {
            super("simulated crash " + point);
        }
    }
}
