package org.gatekeeper.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Localization;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.codec.ChangeRecordCodec;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.producer.DatasetProducer;
import org.junit.jupiter.api.Test;

class SweepTest extends SweepTestSupport {

    private static List<Localization> localizations(int videos) {
        List<Localization> records = new ArrayList<>();
        for (int video = 1; video <= videos; video++) {
            for (String language : List.of("en", "fr", "pt-BR")) {
                records.add(new Localization(video, language, "Title " + video + " " + language, "Synopsis " + video));
            }
        }
        return records;
    }

    @Test
    void fullSweep_afterMissedEvents_datasetConvergesToTheSource() {
        Dataset<Video> dataset = Dataset.VIDEOS;
        DatasetProducer<Video> producer = startProducer(dataset);
        List<Video> source = new ArrayList<>();
        for (int id = 1; id <= 200; id++) {
            source.add(new Video(id, "MOVIE", 0, "en", "Video " + id, 90));
        }
        publishUpstream(dataset, source);
        catchUp(producer);
        // Upstream changes its records but the events never reach Kafka.
        for (int i = 0; i < 20; i++) {
            source.set(i, new Video(i + 1, "MOVIE", 0, "fr", "Renamed " + (i + 1), 95));
        }
        source.add(new Video(201, "SHOW", 0, "ja", "New show", 0));
        assertThat(announcedRecords(store.namespace("videos"), dataset)).doesNotContainAnyElementsOf(source.subList(0, 20));

        SweepReport report = Sweep.builder(new RecordListSource<>(dataset, "videos db", () -> source),
                store.namespace("videos"), settings(SweepMode.FULL)).build().run();
        catchUp(producer);

        assertThat(report.emitted()).isEqualTo(201);
        assertThat(report.read()).isEqualTo(201);
        assertThat(announcedRecords(store.namespace("videos"), dataset)).containsExactlyInAnyOrderElementsOf(source);
    }

    @Test
    void fullSweep_ofADatasetInSync_makesNoNewVersion() {
        Dataset<Video> dataset = Dataset.VIDEOS;
        DatasetProducer<Video> producer = startProducer(dataset);
        List<Video> source = List.of(new Video(1, "MOVIE", 0, "en", "One", 90), new Video(2, "MOVIE", 0, "en", "Two", 80));
        publishUpstream(dataset, source);
        catchUp(producer);
        long version = producer.announcedVersion();

        Sweep.builder(new RecordListSource<>(dataset, "videos db", () -> source), store.namespace("videos"),
                settings(SweepMode.FULL)).build().run();
        catchUp(producer);

        assertThat(producer.announcedVersion()).isEqualTo(version);
    }

    @Test
    void repairSweep_emitsExactlyTheDifferences_andTheDatasetConverges() {
        long seed = System.nanoTime();
        System.out.println("repairSweep seed=" + seed);
        Random random = new Random(seed);
        Dataset<Localization> dataset = Dataset.LOCALIZATIONS;
        BlobNamespace namespace = store.namespace(dataset.name());
        DatasetProducer<Localization> producer = startProducer(dataset);
        List<Localization> published = localizations(100);
        publishUpstream(dataset, published);
        catchUp(producer);

        // Drift: some records changed, some added, some deleted upstream, none of it on Kafka.
        List<Localization> source = new ArrayList<>(published);
        Set<String> staleKeys = new HashSet<>();
        while (staleKeys.size() < 7) {
            int i = random.nextInt(source.size());
            Localization old = source.get(i);
            if (staleKeys.add(Dataset.LOCALIZATIONS.keyText(old))) {
                source.set(i, new Localization(old.getVideoId(), old.getLanguage(), "Fixed title", old.getSynopsis()));
            }
        }
        List<Localization> added = List.of(new Localization(500, "en", "New", ""),
                new Localization(501, "de", "Neu", ""), new Localization(7, "ja", "Nana", ""));
        source.addAll(added);
        Set<String> ghostKeys = new HashSet<>();
        while (ghostKeys.size() < 4) {
            int i = random.nextInt(source.size() - added.size());
            String key = dataset.keyText(source.get(i));
            if (!staleKeys.contains(key) && ghostKeys.add(key)) {
                source.remove(i);
            }
        }
        Map<TopicPartition, Long> before = endOffsets(dataset.topic(prefix));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        SweepReport report = Sweep.builder(new RecordListSource<>(dataset, "localization db", () -> source), namespace,
                settings(SweepMode.REPAIR)).meterRegistry(registry).build().run();

        assertThat(report.comparedVersion()).hasValue(producer.announcedVersion());
        assertThat(report.stale()).isEqualTo(7);
        assertThat(report.missing()).isEqualTo(3);
        assertThat(report.ghosts()).isEqualTo(4);
        assertThat(report.inSync()).isEqualTo(300 - 7 - 4);
        assertThat(report.emitted()).isEqualTo(14);
        assertThat(report.inSyncWithSource()).isFalse();
        List<ConsumerRecord<byte[], byte[]>> sent = recordsAfter(dataset.topic(prefix), before);
        Map<String, byte[]> sentByKey = sent.stream().collect(Collectors.toMap(
                r -> new String(r.key(), StandardCharsets.UTF_8), r -> r.value() == null ? new byte[0] : r.value()));
        Set<String> expectedKeys = new HashSet<>(staleKeys);
        expectedKeys.addAll(ghostKeys);
        added.forEach(r -> expectedKeys.add(dataset.keyText(r)));
        assertThat(sent).hasSize(14);
        assertThat(sentByKey.keySet()).as("seed %d", seed).isEqualTo(expectedKeys);
        ghostKeys.forEach(key -> assertThat(sentByKey.get(key)).as("tombstone for %s", key).isEmpty());
        assertThat(registry.get("gatekeeper.sweep.records").tag("outcome", "ghost").counter().count()).isEqualTo(4);

        catchUp(producer);
        assertThat(announcedRecords(namespace, dataset)).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(source);
        SweepReport again = Sweep.builder(new RecordListSource<>(dataset, "localization db", () -> source), namespace,
                settings(SweepMode.REPAIR)).build().run();
        assertThat(again.inSyncWithSource()).isTrue();
        assertThat(again.emitted()).isZero();
    }

    @Test
    void repairSweep_comparesSetsAsSets() {
        Dataset<Contract> dataset = Dataset.CONTRACTS;
        DatasetProducer<Contract> producer = startProducer(dataset);
        publishUpstream(dataset, List.of(new Contract("c-1", 1, Set.of("US", "FR", "DE"), 0, 100)));
        catchUp(producer);
        List<Contract> source = List.of(new Contract("c-1", 1, Set.of("DE", "US", "FR"), 0, 100),
                new Contract("c-2", 1, Set.of("JP"), 0, 100));

        SweepReport report = Sweep.builder(new RecordListSource<>(dataset, "contracts db", () -> source),
                store.namespace(dataset.name()), settings(SweepMode.REPAIR)).build().run();

        assertThat(report.inSync()).isEqualTo(1);
        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.emitted()).isEqualTo(1);
    }

    @Test
    void repairSweep_crashedMidway_resumesFromItsCheckpoint_andSendsAtMostOneIntervalAgain() {
        Dataset<Localization> dataset = Dataset.LOCALIZATIONS;
        BlobNamespace namespace = store.namespace(dataset.name());
        DatasetProducer<Localization> producer = startProducer(dataset);
        List<Localization> published = localizations(40);
        publishUpstream(dataset, published);
        catchUp(producer);
        List<Localization> source = new ArrayList<>();
        for (Localization old : published) { // every record drifted: 120 to send
            source.add(new Localization(old.getVideoId(), old.getLanguage(), old.getTitle() + " (fixed)", ""));
        }
        Map<TopicPartition, Long> before = endOffsets(dataset.topic(prefix));
        SweepSettings settings = settings(SweepMode.REPAIR).withCheckpointEvery(25);
        RecordListSource<Localization> sweepSource = new RecordListSource<>(dataset, "localization db", () -> source);

        assertThatThrownBy(() -> Sweep.builder(sweepSource, namespace, settings).emitProbe(emitted -> {
            if (emitted == 60) {
                throw new IllegalStateException("injected crash after 60 records");
            }
        }).build().run()).hasMessageContaining("injected crash");
        assertThat(namespace.note("sweep-checkpoint")).get().asString().contains("\"position\":50");

        SweepReport resumed = Sweep.builder(sweepSource, namespace, settings).build().run();

        assertThat(resumed.resumedFrom()).isEqualTo(50);
        assertThat(resumed.emitted()).isEqualTo(70);
        assertThat(resumed.stale()).isEqualTo(120);
        assertThat(namespace.note("sweep-checkpoint")).isEmpty();
        List<ConsumerRecord<byte[], byte[]>> sent = recordsAfter(dataset.topic(prefix), before);
        assertThat(sent).hasSizeBetween(120, 120 + 25);
        catchUp(producer);
        assertThat(announcedRecords(namespace, dataset)).containsExactlyInAnyOrderElementsOf(source);
    }

    @Test
    void repairSweep_ofADatasetWithNoVersion_sendsEverything() {
        List<Video> source = List.of(new Video(1, "MOVIE", 0, "en", "One", 90));
        SweepReport report = Sweep.builder(new RecordListSource<>(Dataset.VIDEOS, "videos db", () -> source),
                store.namespace("videos"), settings(SweepMode.REPAIR)).build().run();

        assertThat(report.comparedVersion()).isEmpty();
        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.emitted()).isEqualTo(1);
    }

    @Test
    void jsonLinesSource_reportsInvalidLinesWithTheirLineNumbers_andSendsTheRest() throws Exception {
        Dataset<Video> dataset = Dataset.VIDEOS;
        DatasetProducer<Video> producer = startProducer(dataset);
        ChangeRecordCodec<Video> codec = ChangeRecordCodec.of(dataset);
        Video one = new Video(1, "MOVIE", 0, "en", "One <script>", 90);
        Video two = new Video(2, "EPISODE", 1, "fr", "Deux", 25);
        Path file = testDir.resolve("videos.jsonl");
        Files.writeString(file, new String(codec.encodeValue(one), StandardCharsets.UTF_8) + "\n\n"
                + "{\"id\":3,\"type\":\"movie\",\"parentId\":0,\"originalLanguage\":\"en\",\"title\":\"x\","
                + "\"runtimeMinutes\":1}\n"
                + "not json\n"
                + new String(codec.encodeValue(two), StandardCharsets.UTF_8) + "\n");

        SweepReport report = Sweep.builder(new JsonLinesSource<>(dataset, file), store.namespace("videos"),
                settings(SweepMode.FULL)).build().run();
        catchUp(producer);

        assertThat(report.read()).isEqualTo(2);
        assertThat(report.invalid()).isEqualTo(2);
        assertThat(report.emitted()).isEqualTo(2);
        assertThat(report.invalidSamples()).satisfiesExactly(
                first -> assertThat(first).startsWith("videos.jsonl line 3: field 'type' is 'movie'"),
                second -> assertThat(second).startsWith("videos.jsonl line 4: value is not valid JSON"));
        assertThat(announcedRecords(store.namespace("videos"), dataset)).containsExactlyInAnyOrder(one, two);
    }

    @Test
    void repairSweep_withAnInvalidSourceEntry_reportsGhostsButDeletesNone() throws Exception {
        Dataset<Video> dataset = Dataset.VIDEOS;
        DatasetProducer<Video> producer = startProducer(dataset);
        List<Video> published = List.of(new Video(1, "MOVIE", 0, "en", "One", 90),
                new Video(2, "MOVIE", 0, "en", "Two", 90), new Video(3, "MOVIE", 0, "en", "Three", 90));
        publishUpstream(dataset, published);
        catchUp(producer);
        Path file = testDir.resolve("videos.jsonl");
        ChangeRecordCodec<Video> codec = ChangeRecordCodec.of(dataset);
        // Video 2's line is broken (its record is still upstream); video 3 is really gone.
        Files.writeString(file, new String(codec.encodeValue(published.get(0)), StandardCharsets.UTF_8) + "\n"
                + "{\"id\":2,\"type\":\"MOVIE\",\"title\":\"Two\"}\n");

        SweepReport report = Sweep.builder(new JsonLinesSource<>(dataset, file), store.namespace("videos"),
                settings(SweepMode.REPAIR)).build().run();
        catchUp(producer);

        assertThat(report.invalid()).isEqualTo(1);
        assertThat(report.ghosts()).isEqualTo(2);
        assertThat(report.ghostsKept()).isEqualTo(2);
        assertThat(report.emitted()).isZero();
        assertThat(report.summary()).contains("2 not deleted: invalid source entries");
        assertThat(announcedRecords(store.namespace("videos"), dataset)).containsExactlyInAnyOrderElementsOf(published);
    }

    @Test
    void jsonLinesSource_missingFile_failsNamingIt() {
        Path file = testDir.resolve("nowhere.jsonl");
        assertThatThrownBy(() -> Sweep.builder(new JsonLinesSource<>(Dataset.VIDEOS, file),
                store.namespace("videos"), settings(SweepMode.FULL)).build().run())
                .isInstanceOf(SweepException.class).hasMessageContaining(file + " does not exist");
    }

    @Test
    void rateLimit_holdsTheSweepToItsRecordsPerSecond() {
        List<Video> source = new ArrayList<>();
        for (int id = 1; id <= 60; id++) {
            source.add(new Video(id, "MOVIE", 0, "en", "v" + id, 90));
        }
        SweepReport report = Sweep.builder(new RecordListSource<>(Dataset.VIDEOS, "videos db", () -> source),
                store.namespace("videos"), settings(SweepMode.FULL).withRecordsPerSecond(100)).build().run();

        // 60 records at 100/s cannot take less than 0.59 s, however fast the machine (a lower bound only).
        assertThat(report.duration().toMillis()).isGreaterThanOrEqualTo(590);
        assertThat(report.emitted()).isEqualTo(60);
    }

    @Test
    void schedule_sweepsAgainAndAgain_soAChangeMissedAfterTheFirstRoundHealsToo() throws Exception {
        Dataset<Video> dataset = Dataset.VIDEOS;
        DatasetProducer<Video> producer = startProducer(dataset);
        List<Video> source = new java.util.concurrent.CopyOnWriteArrayList<>(
                List.of(new Video(1, "MOVIE", 0, "en", "One", 90)));
        Sweep<Video> sweep = Sweep.builder(new RecordListSource<>(dataset, "videos db", () -> source),
                store.namespace("videos"), settings(SweepMode.REPAIR)).build();

        try (SweepSchedule schedule = SweepSchedule.start(List.of(sweep), java.time.Duration.ZERO,
                java.time.Duration.ofMillis(200))) {
            awaitState(producer, source);
            source.add(new Video(2, "MOVIE", 0, "en", "Two", 90));
            awaitState(producer, source);
            assertThat(schedule.lastReport("videos")).isPresent();
            assertThat(schedule.lastFailure("videos")).isEmpty();
        }
    }

    private void awaitState(DatasetProducer<Video> producer, List<Video> expected) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!new HashSet<>(announcedRecords(store.namespace("videos"), Dataset.VIDEOS))
                .equals(new HashSet<>(expected))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("dataset did not converge to " + expected);
            }
            producer.runCycle();
            Thread.sleep(50);
        }
    }
}
