package org.gatekeeper.app.bench;

import com.netflix.hollow.api.producer.HollowProducer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.gatekeeper.embedded.KafkaBroker;
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.DatasetMarker;
import org.gatekeeper.model.codec.ChangeRecordCodec;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.RetentionPolicy;
import org.gatekeeper.producer.CycleResult;
import org.gatekeeper.producer.DatasetProducer;
import org.gatekeeper.model.store.IntegrityCheck;
import org.gatekeeper.producer.ProducerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gatekeeper bench producer}: the incremental producer's figures (issue 3), on an embedded broker and a
 * local directory store.
 *
 * <ul>
 *   <li>Fold throughput: N change records (new assets) written to Kafka, then folded by one producer cycle: poll,
 *       decode, Hollow cycle, publish, announce. Baseline in the same run: a bare Kafka consumer reading the same
 *       records without decoding them.</li>
 *   <li>Cycle time: a dataset of S assets, then cycles of C changed assets each; median per-phase times and blob
 *       bytes per cycle.</li>
 * </ul>
 */
@Command(name = "producer", mixinStandardHelpOptions = true,
        description = "Measure fold throughput and incremental cycle time of the producer.")
final class ProducerBench implements Callable<Integer> {
    @Option(names = "--records", defaultValue = "1000000", description = "Change records to fold (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--sizes", split = ",", defaultValue = "1000000,5000000",
            description = "Dataset sizes for the cycle-time runs (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--changes", defaultValue = "1000", description = "Changed records per cycle (default ${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--cycles", defaultValue = "7", description = "Measured cycles per size (default ${DEFAULT-VALUE}).")
    int cycles;

    @Option(names = "--integrity-check", split = ",", defaultValue = "full,changes,off",
            converter = org.gatekeeper.app.IntegrityCheckConverter.class,
            description = "The integrity checks to measure cycles with: full, changes, off, or a list "
                    + "(default ${DEFAULT-VALUE}).")
    List<IntegrityCheck> integrityModes;

    @Option(names = "--work-dir", description = "Where the broker log and the blobs go (default: a temporary directory).")
    Path workDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = workDir != null ? workDir : Files.createTempDirectory("gatekeeper-bench-");
        out.println("Machine: " + Stats.machine());
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"), 0);
             BlobStore store = BlobStore.directory(dir.resolve("data"))) {
            if (records > 0) {
                foldThroughput(out, kafka, store);
            }
            for (int size : sizes) {
                if (size <= 0) {
                    continue;
                }
                String prefix = "bench-cycle-" + size;
                kafka.createTopic(Dataset.ASSETS.topic(prefix), 3);
                BlobNamespace namespace = store.namespace("assets-" + size);
                long seeding = System.nanoTime();
                seedDataset(namespace, size);
                out.printf("%nSeeding a dataset of %,d assets took %.1f s.%n", size, seconds(seeding));
                int written = 0;
                for (IntegrityCheck mode : integrityModes) {
                    written = cycleTime(out, kafka, namespace, prefix, size, mode, written);
                }
                written = stockIncrementalBaseline(out, namespace, size, written, true);
                stockIncrementalBaseline(out, namespace, size, written, false);
            }
        }
        out.flush();
        if (workDir == null) {
            deleteRecursively(dir);
        }
        return 0;
    }

    static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * A first, smaller fold warms the JIT up (as any long-running producer is); the measured fold follows in the
     * same JVM, on a topic and namespace of its own.
     */
    private void foldThroughput(PrintWriter out, KafkaBroker kafka, BlobStore store) {
        int warmUp = Math.max(1, Math.min(records / 4, 250_000));
        long warming = System.nanoTime();
        fold(out, kafka, store, "bench-warmup", warmUp, IntegrityCheck.CHANGES, false);
        out.printf("%n(JIT warm-up: a first fold of %,d records in a fresh JVM took %.2f s, %,.0f records/s.)%n",
                warmUp, seconds(warming), warmUp / seconds(warming));
        out.printf("%n## Fold throughput: %,d change records (new assets) from a real broker%n%n", records);
        out.println("| measurement | time | records/s |");
        out.println("|---|---|---|");
        for (IntegrityCheck mode : integrityModes) {
            System.gc(); // each measured fold starts from a collected heap, not the previous fold's garbage
            fold(out, kafka, store, "bench-fold-" + mode, records, mode, true);
        }
    }

    private void fold(PrintWriter out, KafkaBroker kafka, BlobStore store, String prefix, int records,
                      IntegrityCheck integrityCheck, boolean report) {
        String topic = Dataset.ASSETS.topic(prefix);
        kafka.createTopic(topic, 3);
        long writing = System.nanoTime();
        writeAssets(kafka, topic, 0, records, "READY");
        double writeSeconds = seconds(writing);

        long reading = System.nanoTime();
        long read = rawConsume(kafka, topic, records);
        double rawSeconds = seconds(reading);

        ProducerSettings settings = ProducerSettings.defaults(kafka.bootstrapServers()).withTopicPrefix(prefix)
                .withCycle(Duration.ofMinutes(10)).withMaxRecordsPerCycle(records).withPartitions(3)
                .withLeaseDuration(Duration.ofSeconds(30)).withIntegrityCheck(integrityCheck);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DatasetProducer<Asset> producer = DatasetProducer.builder(Dataset.ASSETS,
                store.namespace(prefix), settings).meterRegistry(registry).build()) {
            producer.start();
            long folding = System.nanoTime();
            CycleResult result = producer.runCycle();
            double foldSeconds = seconds(folding);
            if (!report) {
                return;
            }
            String check = "integrity check " + integrityCheck;
            out.printf("| baseline: bare KafkaConsumer, no decoding (%,d records) | %.2f s | %,.0f |%n", read,
                    rawSeconds, read / rawSeconds);
            out.printf("| **producer cycle, %s**: poll + decode + fold + publish + announce (%,d records, "
                    + "applied %,d) | %.2f s | **%,.0f** |%n", check, result.received(), result.applied(),
                    foldSeconds, result.received() / foldSeconds);
            out.printf("| of which poll + decode | %.2f s | %,.0f |%n", timerSeconds(registry, "poll"),
                    result.received() / timerSeconds(registry, "poll"));
            out.printf("| of which Hollow cycle (populate %.2f s, publish %.2f s, integrity check %.2f s, "
                            + "announce %.2f s) | %.2f s | |%n", timerSeconds(registry, "populate"),
                    timerSeconds(registry, "publish"), timerSeconds(registry, "integrity-check"),
                    timerSeconds(registry, "announce"), timerSeconds(registry, "hollow-cycle"));
            out.printf("| (writing the records to Kafka, for scale) | %.2f s | %,.0f |%n", writeSeconds,
                    records / writeSeconds);
        }
    }

    /** Measures cycles on an existing dataset; returns how many change batches have been written so far. */
    private int cycleTime(PrintWriter out, KafkaBroker kafka, BlobNamespace namespace, String prefix, int size,
                          IntegrityCheck integrityCheck, int batchesWritten) {
        String topic = Dataset.ASSETS.topic(prefix);
        ProducerSettings settings = ProducerSettings.defaults(kafka.bootstrapServers()).withTopicPrefix(prefix)
                .withCycle(Duration.ofMinutes(10)).withMaxRecordsPerCycle(changes).withPartitions(3)
                .withLeaseDuration(Duration.ofSeconds(30)).withIntegrityCheck(integrityCheck);
        int batch = batchesWritten;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DatasetProducer<Asset> producer = DatasetProducer.builder(Dataset.ASSETS, namespace, settings)
                .meterRegistry(registry).build()) {
            long restoring = System.nanoTime();
            producer.start();
            double restoreSeconds = seconds(restoring);
            List<String> phases = List.of("total", "poll", "hollow-cycle", "populate", "publish", "integrity-check",
                    "verify", "announce", "prepare");
            Map<String, double[]> samples = new java.util.LinkedHashMap<>();
            phases.forEach(p -> samples.put(p, new double[cycles]));
            double[] bytes = new double[cycles];
            double blobBytesBefore = blobBytes(registry);
            double firstCycleSeconds = 0;
            for (int cycle = -1; cycle < cycles; cycle++) { // one warm-up cycle
                awaitPrepared(registry, cycle + 2); // one after the restore, then one after each cycle
                Map<String, Double> before = new java.util.HashMap<>();
                phases.forEach(p -> before.put(p, timerSeconds(registry, p)));
                int first = (int) ((long) batch * changes % size);
                writeAssets(kafka, topic, first, changes, batch % 2 == 0 ? "PENDING" : "FAILED");
                batch++;
                CycleResult result = producer.runCycle();
                if (!result.newVersion() || result.applied() != changes) {
                    throw new IllegalStateException("cycle " + cycle + " applied " + result.applied() + " of "
                            + changes + " changes");
                }
                double blobBytesAfter = blobBytes(registry);
                awaitPrepared(registry, cycle + 3); // so the sample holds this cycle's own preparation
                if (cycle >= 0) {
                    for (String phase : phases) {
                        samples.get(phase)[cycle] = timerSeconds(registry, phase) - before.get(phase);
                    }
                    bytes[cycle] = blobBytesAfter - blobBytesBefore;
                }
                blobBytesBefore = blobBytesAfter;
                if (cycle < 0) {
                    firstCycleSeconds = timerSeconds(registry, "total") - before.get("total");
                }
            }
            out.printf("%n## Cycle time: %,d changes on a dataset of %,d assets, integrity check %s "
                    + "(median of %d cycles)%n%n", changes, size, integrityCheck, cycles);
            out.printf("The producer's restore took %.1f s; its first cycle %.3f s. 'total' is runCycle: poll to "
                    + "announce, what a record waits for. 'prepare' runs after each cycle on another thread while the "
                    + "producer polls (Hollow's ordinal-map compaction; after a restore also the key index), "
                    + "not inside 'total'.%n%n", restoreSeconds, firstCycleSeconds);
            out.println("| phase | median | p90 |");
            out.println("|---|---|---|");
            for (String phase : phases) {
                out.printf("| %s | %.3f s | %.3f s |%n", phase, Stats.median(samples.get(phase)),
                        Stats.percentile(samples.get(phase), 90));
            }
            out.printf("| blob bytes written per cycle | %,.0f | %,.0f |%n", Stats.median(bytes),
                    Stats.percentile(bytes, 90));
            out.flush();
        }
        return batch;
    }

    /**
     * The baseline: stock {@code HollowProducer.Incremental}, with Hollow's integrity check (its default) or
     * without, restored from the same dataset and given the same 1,000 changed records per cycle, straight from
     * memory (no Kafka). Everything a stock cycle does, compaction included, is inside its time.
     */
    private int stockIncrementalBaseline(PrintWriter out, BlobNamespace namespace, int size, int batchesWritten,
                                         boolean integrityCheck) {
        HollowProducer.Builder<?> builder = HollowProducer.withPublisher(namespace.publisher());
        namespace.configure(builder, RetentionPolicy.DEFAULT);
        if (!integrityCheck) {
            builder.noIntegrityCheck();
        }
        HollowProducer.Incremental stock = builder.withNumStatesBetweenSnapshots(20).buildIncremental();
        stock.initializeDataModel(Asset.class, DatasetMarker.class);
        stock.restore(namespace.announcedVersion().getAsLong(), namespace.retriever());
        double[] totals = new double[cycles];
        int batch = batchesWritten;
        for (int cycle = -1; cycle < cycles; cycle++) {
            int first = (int) ((long) batch * changes % size);
            String status = batch % 2 == 0 ? "PENDING" : "FAILED";
            batch++;
            long started = System.nanoTime();
            stock.runIncrementalCycle(state -> {
                for (int i = first; i < first + changes; i++) {
                    state.addOrModify(asset(i % size, status));
                }
            });
            if (cycle >= 0) {
                totals[cycle] = seconds(started);
            }
        }
        out.printf("%n## Baseline: stock HollowProducer.Incremental, %,d changes on %,d assets, Hollow's integrity "
                + "check %s (median of %d cycles, no Kafka)%n%n", changes, size, integrityCheck ? "on" : "off",
                cycles);
        out.println("| phase | median | p90 |");
        out.println("|---|---|---|");
        out.printf("| total | %.3f s | %.3f s |%n", Stats.median(totals), Stats.percentile(totals, 90));
        out.flush();
        return batch;
    }

    /** Writes the dataset's first state straight into Hollow: faster than through Kafka, same blobs. */
    private static void seedDataset(BlobNamespace namespace, int size) {
        HollowProducer.Builder<?> builder = HollowProducer.withPublisher(namespace.publisher());
        namespace.configure(builder, RetentionPolicy.DEFAULT);
        HollowProducer.Incremental seed = builder.buildIncremental();
        seed.initializeDataModel(Asset.class, DatasetMarker.class);
        seed.getWriteEngine().addHeaderTag("gatekeeper.dataset", "assets");
        seed.getWriteEngine().addHeaderTag("gatekeeper.kafka.offsets", "");
        seed.runIncrementalCycle(state -> {
            state.addOrModify(new DatasetMarker("assets"));
            for (int i = 0; i < size; i++) {
                state.addOrModify(asset(i, "READY"));
            }
        });
    }

    /** The i-th synthetic asset of the producer and sweep benchmarks: a third each VIDEO, AUDIO, SUBTITLE. */
    static Asset asset(int i, String status) {
        String[] languages = {"en", "fr", "de", "es", "pt-BR", "ja", "ko", "ar", "hi", "it"};
        return switch (i % 3) {
            case 0 -> new Asset("a-" + i, i / 3, "VIDEO", "", status);
            case 1 -> new Asset("a-" + i, i / 3, "AUDIO", languages[i % languages.length], status);
            default -> new Asset("a-" + i, i / 3, "SUBTITLE", languages[(i / 3) % languages.length], status);
        };
    }

    private static void writeAssets(KafkaBroker kafka, String topic, int first, int count, String status) {
        ChangeRecordCodec<Asset> codec = ChangeRecordCodec.of(Dataset.ASSETS);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = first; i < first + count; i++) {
                Asset asset = asset(i, status);
                producer.send(new ProducerRecord<>(topic, codec.encodeKey(asset), codec.encodeValue(asset)));
            }
            producer.flush();
        }
    }

    private static long rawConsume(KafkaBroker kafka, String topic, int expected) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long bytes = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (read < expected && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                    bytes += record.value().length;
                }
            }
            if (bytes < 0) {
                throw new AssertionError();
            }
            return read;
        }
    }

    private static double timerSeconds(SimpleMeterRegistry registry, String phase) {
        Timer timer = registry.find("gatekeeper.producer.cycle").tag("phase", phase).timer();
        return timer == null ? 0 : timer.totalTime(TimeUnit.NANOSECONDS) / 1e9;
    }

    private static long timerCount(SimpleMeterRegistry registry, String phase) {
        Timer timer = registry.find("gatekeeper.producer.cycle").tag("phase", phase).timer();
        return timer == null ? 0 : timer.count();
    }

    /**
     * Waits until the producer has prepared {@code count} cycles in the background, as the 30 s between two
     * production cycles lets it: the measured cycle is then the one a record waits for.
     */
    private static void awaitPrepared(SimpleMeterRegistry registry, long count) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (timerCount(registry, "prepare") < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the producer did not prepare its next cycle within 2 minutes");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static double blobBytes(SimpleMeterRegistry registry) {
        var counter = registry.find("gatekeeper.producer.blob.bytes").counter();
        return counter == null ? 0 : counter.count();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
