package org.gatekeeper.app.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.gatekeeper.app.demo.Demo;
import org.gatekeeper.app.demo.DemoSettings;
import org.gatekeeper.core.LivenessClient;
import org.gatekeeper.core.OutputTags;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Rating;
import org.gatekeeper.model.codec.ChangeRecordCodec;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.store.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatekeeper bench latency}: end to end, on the demo (issue 7). Start to the first PROD output of the whole
 * catalog; then the time from a change record written to Kafka to an embedded client (following
 * {@code liveness-prod} with the default 1 s poll) seeing the pair flip. Each change removes a rating a live pair
 * needs (the pair goes not live) or writes it back (live again), so every change is one the client must see.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Measure change-record-to-client latency and demo start time on the embedded demo.")
final class LatencyBench implements Callable<Integer> {
    @Option(names = "--changes", defaultValue = "100", description = "Changes measured (default ${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--cadence", defaultValue = "1000", description = "Producer and gatekeeper cadence in ms (default ${DEFAULT-VALUE}).")
    long cadenceMillis;

    @Option(names = "--background-changes-per-minute", defaultValue = "120",
            description = "Simulated upstream traffic running meanwhile (default ${DEFAULT-VALUE}).")
    int background;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("gatekeeper-bench-latency-");
        Duration cadence = Duration.ofMillis(cadenceMillis);
        DemoSettings settings = DemoSettings.defaults().withDataDir(dir).withPorts(0, 0)
                .withCadences(cadence, cadence).withSimulation(true, background).withProfile(Profile.SMALL, 1)
                .withSweepEvery(Duration.ofHours(1));
        long started = System.nanoTime();
        try (Demo demo = Demo.start(settings)) {
            double startupSeconds = (System.nanoTime() - started) / 1e9;
            long pairs = (long) Profile.SMALL.videos() * Profile.SMALL.countries();
            await(() -> demo.store().namespace("liveness-prod").announcedVersion().isPresent()
                    && Long.toString(pairs).equals(demo.store().namespace("liveness-prod").headerTags(
                    demo.store().namespace("liveness-prod").announcedVersion().getAsLong()).get(OutputTags.PAIRS)));
            double firstOutputSeconds = (System.nanoTime() - started) / 1e9;

            List<Rating> ratings = demo.upstream().orElseThrow().records(Dataset.RATINGS);
            List<CountryPolicy> countries = demo.upstream().orElseThrow().records(Dataset.COUNTRIES);
            double[] latencies = new double[changes];
            try (BlobStore reader = BlobStore.directory(dir);
                 LivenessClient client = LivenessClient.follow(reader.namespace("liveness-prod"));
                 KafkaProducer<byte[], byte[]> upstream = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, demo.bootstrapServers()),
                         new ByteArraySerializer(), new ByteArraySerializer())) {
                await(() -> client.currentVersion() > 0 && client.status(ratings.get(0).getVideoId()).isPresent());
                List<Object[]> targets = new ArrayList<>();
                for (Rating rating : ratings) {
                    for (CountryPolicy country : countries) {
                        if (targets.size() < (changes + 1) / 2 && country.getRatingSystem().equals(rating.getRatingSystem())
                                && client.isLive(rating.getVideoId(), country.getCountry())) {
                            targets.add(new Object[] {rating, country.getCountry()});
                            break;
                        }
                    }
                }
                ChangeRecordCodec<Rating> codec = ChangeRecordCodec.of(Dataset.RATINGS);
                String topic = Dataset.RATINGS.topic(Dataset.DEFAULT_TOPIC_PREFIX);
                // Each change waits a random 0-1.5 s first (seed 7): sent right after the client's last poll, every
                // change would measure a whole number of poll periods.
                java.util.Random pause = new java.util.Random(7);
                for (int i = 0; i < changes; i++) {
                    Thread.sleep(pause.nextInt(1_500));
                    Object[] target = targets.get((i / 2) % targets.size());
                    Rating rating = (Rating) target[0];
                    String country = (String) target[1];
                    boolean remove = i % 2 == 0;
                    long sent = System.nanoTime();
                    upstream.send(new ProducerRecord<>(topic, codec.encodeKey(rating),
                            remove ? null : codec.encodeValue(rating)));
                    upstream.flush();
                    await(() -> client.isLive(rating.getVideoId(), country) != remove);
                    latencies[i] = (System.nanoTime() - sent) / 1e9;
                }
            }
            out.printf("Machine: %s%n%n", Stats.machine());
            out.printf("| measurement (cadences %d ms, %d background changes/min) | figure |%n|---|---|%n",
                    cadenceMillis, background);
            out.printf("| demo start (broker, load of the `small` catalog, six producers, page) | %.2f s |%n",
                    startupSeconds);
            out.printf("| demo start to the first PROD output of the whole catalog | %.2f s |%n", firstOutputSeconds);
            out.printf("| change record to client, median of %d | %.2f s |%n", changes, Stats.median(latencies));
            out.printf("| change record to client, p90 | %.2f s |%n", Stats.percentile(latencies, 90));
            out.printf("| change record to client, p99 | %.2f s |%n", Stats.percentile(latencies, 99));
            out.printf("| change record to client, max | %.2f s |%n", Stats.percentile(latencies, 100));
            out.printf("| baseline: the sum of the three cadences a change waits for at worst (producer cycle, "
                    + "gatekeeper tick, client poll) | %.2f s |%n", 2 * cadenceMillis / 1000.0 + 1.0);
        }
        return 0;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after 120 s");
            }
            Thread.sleep(5);
        }
    }
}
