package org.gatekeeper.app.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.gatekeeper.embedded.KafkaBroker;
import org.gatekeeper.model.codec.HollowRecordReader;
import org.gatekeeper.producer.DatasetProducer;
import org.gatekeeper.producer.ProducerSettings;
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.sweep.RecordListSource;
import org.gatekeeper.sweep.Sweep;
import org.gatekeeper.sweep.SweepMode;
import org.gatekeeper.sweep.SweepReport;
import org.gatekeeper.sweep.SweepSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatekeeper bench sweep}: a repair sweep over a large dataset with a little drift, against a full sweep of the
 * same source in the same run (issue 5). The dataset is {@code assets}, published straight to a directory store; the
 * source is the same records with {@code --drift} of them changed: 40 % stale (a status flipped), 30 % missing (new
 * assets), 30 % ghosts (deleted from the source). Both sweeps write to a real embedded broker.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Measure a repair sweep against a full sweep of the same drifted source.")
final class SweepBench implements Callable<Integer> {
    @Option(names = "--records", defaultValue = "3000000", description = "Dataset size (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--drift", defaultValue = "0.01", description = "Share of records that differ (default ${DEFAULT-VALUE}).")
    double drift;

    @Option(names = "--repair-runs", defaultValue = "3", description = "Repair sweeps measured (default ${DEFAULT-VALUE}).")
    int repairRuns;

    @Option(names = "--full-runs", defaultValue = "1", description = "Full sweeps measured (default ${DEFAULT-VALUE}).")
    int fullRuns;

    @Option(names = "--work-dir", description = "Where the broker log and the blobs go (default: a temporary directory).")
    Path workDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("gatekeeper-bench-sweep");
        int differing = (int) Math.round(records * drift);
        int stale = differing * 4 / 10;
        int missing = differing * 3 / 10;
        int ghosts = differing - stale - missing;
        List<Asset> published = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            published.add(ProducerBench.asset(i, "READY"));
        }
        // Spread the drift over the whole dataset: every (records / differing)-th record.
        List<Asset> source = new ArrayList<>(records + missing);
        int step = Math.max(1, records / Math.max(1, stale + ghosts));
        int staleLeft = stale;
        int ghostsLeft = ghosts;
        for (int i = 0; i < records; i++) {
            if (i % step == 0 && staleLeft > 0 && (ghostsLeft == 0 || (i / step) % 7 < 4)) {
                source.add(ProducerBench.asset(i, "FAILED"));
                staleLeft--;
            } else if (i % step == 0 && ghostsLeft > 0) {
                ghostsLeft--;
            } else {
                source.add(published.get(i));
            }
        }
        for (int i = 0; i < missing; i++) {
            source.add(ProducerBench.asset(records + i, "PENDING"));
        }

        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"), 0);
             BlobStore store = BlobStore.directory(dir.resolve("data"))) {
            kafka.createTopics(List.of("bench.assets", "repair.assets", "full.assets"), 3);
            BlobNamespace namespace = store.namespace("assets");
            long started = System.nanoTime();
            CatalogPublisher.publish(namespace, Dataset.ASSETS, published);
            published = null;
            out.printf("Published %,d assets in %.1f s; source: %,d records (%,d stale, %,d missing, %,d ghosts)%n%n",
                    records, (System.nanoTime() - started) / 1e9, source.size(), stale - staleLeft, missing,
                    ghosts - ghostsLeft);
            SweepSettings settings = SweepSettings.defaults(kafka.bootstrapServers()).withTopicPrefix("bench");
            RecordListSource<Asset> sweepSource = new RecordListSource<>(Dataset.ASSETS, "bench assets", () -> source);

            SweepReport warmup = run(sweepSource, namespace, settings.withMode(SweepMode.REPAIR));
            out.println("warm-up: " + warmup.summary());
            double[] repairSeconds = new double[repairRuns];
            SweepReport repair = warmup;
            for (int i = 0; i < repairRuns; i++) {
                System.gc();
                repair = run(sweepSource, namespace, settings.withMode(SweepMode.REPAIR));
                repairSeconds[i] = repair.duration().toNanos() / 1e9;
            }
            double[] fullSeconds = new double[fullRuns];
            SweepReport full = null;
            for (int i = 0; i < fullRuns; i++) {
                System.gc();
                full = run(sweepSource, namespace, settings.withMode(SweepMode.FULL));
                fullSeconds[i] = full.duration().toNanos() / 1e9;
            }

            // What each sweep costs downstream: the dataset's producer folding what it sent, from the same base
            // version, with default settings (a cycle folds at most 200,000 records).
            Fold repairFold = fold(kafka, namespace, settings.withMode(SweepMode.REPAIR), sweepSource, dir, "repair");
            Fold fullFold = fold(kafka, namespace, settings.withMode(SweepMode.FULL), sweepSource, dir, "full");

            out.printf("%nMachine: %s%n%n", Stats.machine());
            out.println("| sweep | median | min | max | records emitted |");
            out.println("|---|---|---|---|---|");
            out.printf("| repair (%d runs) | %.2f s | %.2f s | %.2f s | %,d (%,d stale + %,d missing + %,d tombstones) |%n",
                    repairRuns, Stats.median(repairSeconds), Stats.percentile(repairSeconds, 0),
                    Stats.percentile(repairSeconds, 100), repair.emitted(), repair.stale(), repair.missing(),
                    repair.ghosts());
            out.printf("| baseline: full (%d run%s) | %.2f s | %.2f s | %.2f s | %,d |%n", fullRuns,
                    fullRuns == 1 ? "" : "s", Stats.median(fullSeconds), Stats.percentile(fullSeconds, 0),
                    Stats.percentile(fullSeconds, 100), full.emitted());
            out.printf("%n| the producer folding what the sweep sent (one run each) | cycles | Hollow cycle time |%n"
                    + "|---|---|---|%n");
            out.printf("| after the repair sweep | %d | %.2f s |%n| after the full sweep | %d | %.2f s |%n",
                    repairFold.cycles(), repairFold.seconds(), fullFold.cycles(), fullFold.seconds());
            out.printf("%nRepair vs full: %.2f× the sweep time, %.1f× fewer records emitted (%.2f %% of a full "
                            + "sweep); sweep plus the producer's Hollow cycles: %.1f s vs %.1f s.%n",
                    Stats.median(repairSeconds) / Stats.median(fullSeconds),
                    (double) full.emitted() / repair.emitted(), 100.0 * repair.emitted() / full.emitted(),
                    Stats.median(repairSeconds) + repairFold.seconds(), Stats.median(fullSeconds) + fullFold.seconds());
        }
        return 0;
    }

    /**
     * Copies the base version into a store of its own, sweeps once into a topic of its own, then times a producer
     * catching up with that topic from the base version.
     */
    /** What a producer spent folding one sweep's records. */
    private record Fold(long cycles, double seconds) {
    }

    private static Fold fold(KafkaBroker kafka, BlobNamespace base, SweepSettings settings,
                                      RecordListSource<Asset> source, Path dir, String prefix) {
        try (BlobStore store = BlobStore.directory(dir.resolve("data-" + prefix))) {
            BlobNamespace namespace = store.namespace("assets");
            CatalogPublisher.publish(namespace, Dataset.ASSETS, readBase(base));
            run(source, namespace, settings.withTopicPrefix(prefix));
            System.gc();
            ProducerSettings producerSettings = ProducerSettings.defaults(kafka.bootstrapServers())
                    .withTopicPrefix(prefix);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (DatasetProducer<Asset> producer = DatasetProducer.builder(Dataset.ASSETS, namespace,
                    producerSettings).meterRegistry(registry).build()) {
                producer.start();
                long end = endOffsetSum(kafka, Dataset.ASSETS.topic(prefix));
                while (producer.offsets().values().stream().mapToLong(Long::longValue).sum() < end) {
                    producer.runCycle();
                }
                // The cycles' Hollow work (populate, publish, integrity check), not the time a cycle waits for records.
                Timer hollow = registry.get("gatekeeper.producer.cycle").tag("phase", "hollow-cycle").timer();
                return new Fold(hollow.count(), hollow.totalTime(TimeUnit.NANOSECONDS) / 1e9);
            }
        }
    }

    private static List<Asset> readBase(BlobNamespace base) {
        return HollowRecordReader.of(Dataset.ASSETS).readAll(base.loadState(base.announcedVersion().getAsLong()));
    }

    private static long endOffsetSum(KafkaBroker kafka, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static SweepReport run(RecordListSource<Asset> source, BlobNamespace namespace, SweepSettings settings) {
        return Sweep.builder(source, namespace, settings).build().run();
    }
}
