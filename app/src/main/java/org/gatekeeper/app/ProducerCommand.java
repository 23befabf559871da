package org.gatekeeper.app;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.RetentionPolicy;
import org.gatekeeper.producer.DatasetProducer;
import org.gatekeeper.model.store.IntegrityCheck;
import org.gatekeeper.producer.ProducerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatekeeper producer --dataset NAME}: one dataset's incremental producer, until Ctrl-C or SIGTERM. */
@Command(name = "producer", mixinStandardHelpOptions = true,
        description = "Fold one dataset's Kafka change records into a new Hollow version every cycle.")
final class ProducerCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, paramLabel = "NAME", converter = DatasetConverter.class,
            description = "videos, contracts, assets, localizations, ratings or countries.")
    Dataset<?> dataset;

    @Option(names = "--cycle", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a cycle collects records (default: ${DEFAULT-VALUE}; at least 500ms, as the demo).")
    Duration cycle;

    @Option(names = "--max-records-per-cycle", paramLabel = "N", defaultValue = "200000",
            description = "A cycle folds early once it holds this many records (default: ${DEFAULT-VALUE}).")
    int maxRecordsPerCycle;

    @Option(names = "--snapshot-every", paramLabel = "N", defaultValue = "20",
            description = "A full snapshot every N versions, deltas between (default: ${DEFAULT-VALUE}).")
    int snapshotEvery;

    @Option(names = "--retain-versions", paramLabel = "N", defaultValue = "20160",
            description = "Keep at most this many versions reachable (default: ${DEFAULT-VALUE}).")
    int retainVersions;

    @Option(names = "--retain-for", paramLabel = "DURATION", defaultValue = "7d", converter = DurationConverter.class,
            description = "Keep versions announced within this long (default: ${DEFAULT-VALUE}).")
    Duration retainFor;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
            description = "Partitions of the topics this producer creates when missing (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--integrity-check", paramLabel = "full|changes|off", defaultValue = "changes",
            converter = IntegrityCheckConverter.class,
            description = "What each cycle checks before announcing: 'changes' (default) reads every changed key "
                    + "back from the state consumers will hold, O(changes); 'full' adds Hollow's snapshot/delta "
                    + "checksum check, O(records): about 3.5 s more per cycle at 5 M records (docs/benchmarks.md); "
                    + "'off' checks nothing. Consumers verify every blob's checksum in any mode.")
    IntegrityCheck integrityCheck;

    @Mixin
    StoreOptions store;

    @Mixin
    KafkaOptions kafka;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Dataset<?> named = dataset;
        if (cycle.compareTo(Duration.ofMillis(500)) < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--cycle must be at least 500ms, got " + cycle.toMillis() + "ms");
        }
        ProducerSettings settings = ProducerSettings.defaults(kafka.bootstrapServers)
                .withTopicPrefix(kafka.topicPrefix)
                .withCycle(cycle)
                .withMaxRecordsPerCycle(maxRecordsPerCycle)
                .withStatesBetweenSnapshots(snapshotEvery)
                .withRetention(new RetentionPolicy(retainVersions, retainFor))
                .withPartitions(partitions)
                .withIntegrityCheck(integrityCheck)
                .withKafkaProperties(kafka.clientProperties());
        CountDownLatch stopped = new CountDownLatch(1);
        try (BlobStore blobs = store.open();
             DatasetProducer<?> producer = DatasetProducer.builder(named, blobs.namespace(named.name()), settings)
                     .build()) {
            Thread shutdown = new Thread(() -> {
                producer.requestStop();
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "gatekeeper-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdown);
            try {
                if (producer.start()) {
                    producer.runUntil(() -> false);
                }
            } finally {
                stopped.countDown();
            }
        }
        return 0;
    }
}
