package org.gatekeeper.app.bench;

import com.netflix.hollow.api.producer.HollowProducer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.gatekeeper.app.IntegrityCheckConverter;
import org.gatekeeper.core.Gatekeeper;
import org.gatekeeper.core.LivenessClient;
import org.gatekeeper.core.RuleSet;
import org.gatekeeper.core.TickResult;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.DatasetMarker;
import org.gatekeeper.model.ManualClock;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.profile.SyntheticCatalog;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.IntegrityCheck;
import org.gatekeeper.model.store.RetentionPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatekeeper bench tick}: whole PROD ticks (refresh, evaluate, publish) over a profile's six input
 * namespaces in a local directory store. The first tick loads snapshots and publishes the first output. Each
 * measured tick then follows new versions of contracts, assets, localizations and ratings, each a delta with some
 * records edited ({@link InputChurn}) from a long-lived incremental producer, as a PROD loop does while upstream
 * edits arrive: the consumers apply the deltas, the whole catalog is evaluated a minute later than before, and the
 * changed output is published and announced, while an embedded client follows the announcements. Idle ticks (no
 * input changed) are measured after.
 */
@Command(name = "tick", mixinStandardHelpOptions = true,
        description = "Measure whole gatekeeper ticks: refresh, evaluate, publish; and the client's delta refresh.")
final class TickBench implements Callable<Integer> {
    @Option(names = "--profile", defaultValue = "netflix", description = "small or netflix (default ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--ticks", defaultValue = "5",
            description = "Measured ticks after the first, with changed inputs, then as many idle (default ${DEFAULT-VALUE}).")
    int ticks;

    @Option(names = "--changed-records", defaultValue = "1000",
            description = "Records edited in each of contracts, assets, localizations and ratings before each "
                    + "measured tick, each dataset's edits published as one delta (default ${DEFAULT-VALUE}).")
    int changedRecords;

    @Option(names = "--keep-data-dir", paramLabel = "DIR",
            description = "Write the namespaces to this new folder and keep them after the bench (for example to "
                    + "replay the outputs); by default a temporary folder is used and deleted.")
    Path keepDataDir;

    @Option(names = "--integrity-check", paramLabel = "full|changes|off", defaultValue = "changes",
            converter = IntegrityCheckConverter.class,
            description = "What each output cycle checks before announcing, as `gatekeeper gatekeeper "
                    + "--integrity-check` (default ${DEFAULT-VALUE}).")
    IntegrityCheck integrityCheck;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (ticks < 1 || changedRecords < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--ticks and --changed-records must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Machine: " + Stats.machine());
        long now = 1_795_000_000_000L;
        SyntheticCatalog catalog = SyntheticCatalog.generate(Profile.named(profile), 1, now);
        if (keepDataDir != null && Files.exists(keepDataDir)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--keep-data-dir must name a folder that does not exist yet, not " + keepDataDir);
        }
        Path dir = keepDataDir != null ? Files.createDirectories(keepDataDir)
                : Files.createTempDirectory("gatekeeper-bench-tick-");
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(now));
        BlobStore.Options fastPolling = BlobStore.Options.DEFAULT.withPollInterval(Duration.ofMillis(5));
        try (BlobStore store = BlobStore.directory(dir, fastPolling)) {
            catalog.byDataset().forEach((dataset, records) -> {
                if (!InputChurn.CHURNED.contains(dataset)) {
                    CatalogPublisher.publish(store.namespace(dataset.name()), dataset, records);
                }
            });
            InputChurn churn = new InputChurn(catalog);
            Map<Dataset<?>, HollowProducer.Incremental> producers = new LinkedHashMap<>();
            for (Dataset<?> dataset : InputChurn.CHURNED) {
                producers.put(dataset, incrementalProducer(store.namespace(dataset.name()), dataset));
                publish(producers.get(dataset), dataset, churn.records(dataset));
            }
            Gatekeeper gatekeeper = new Gatekeeper(store, RuleSet.SPEC, clock, integrityCheck);
            TickResult first = gatekeeper.tick();
            LivenessClient client = LivenessClient.follow(store.namespace("liveness-prod"));
            AtomicLong served = new AtomicLong(client.currentVersion());
            client.addListener(served::set);

            Ticks changed = new Ticks(ticks);
            double[][] stages = new double[4][ticks];
            double[] clientRefresh = new double[ticks];
            int published = 0;
            for (int i = 0; i < ticks; i++) {
                churn.change(changedRecords);
                for (Dataset<?> dataset : InputChurn.CHURNED) {
                    List<Object> records = churn.records(dataset);
                    publish(producers.get(dataset), dataset,
                            churn.lastChanged(dataset).stream().map(records::get).toList());
                }
                clock.advance(Duration.ofMinutes(1));
                TickResult tick = gatekeeper.tick();
                changed.add(i, tick);
                var cycle = gatekeeper.lastPublishStages();
                stages[0][i] = cycle.populate().toNanos() / 1e9;
                stages[1][i] = cycle.blobs().toNanos() / 1e9;
                stages[2][i] = cycle.integrityCheck().toNanos() / 1e9;
                stages[3][i] = cycle.announce().toNanos() / 1e9;
                if (tick.outcome() == TickResult.Outcome.PUBLISHED) {
                    long announced = System.nanoTime();
                    while (served.get() != tick.outputVersion()) { // set once the client's index is rebuilt
                        // Parked, not spinning: a spinning thread would take one of the two cores from the refresh.
                        java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                    }
                    clientRefresh[published++] = (System.nanoTime() - announced) / 1e9;
                }
            }
            Ticks idle = new Ticks(ticks);
            for (int i = 0; i < ticks; i++) {
                clock.advance(Duration.ofMinutes(1));
                idle.add(i, gatekeeper.tick());
            }
            client.close();

            out.printf("%n## PROD tick, profile `%s` (%,d pairs)%n%n", profile,
                    (long) catalog.videos().size() * catalog.countries().size());
            out.printf("First tick (snapshots loaded, first output published): refresh %.2f s, evaluate %.2f s, "
                    + "publish %.2f s.%n%n", first.refresh().toNanos() / 1e9, first.evaluate().toNanos() / 1e9,
                    first.publish().toNanos() / 1e9);
            out.printf("| tick, a minute apart | median | min | max |%n|---|---|---|---|%n");
            changed.print(out, String.format("%,d records each of contracts, assets, localizations and ratings "
                    + "changed by deltas before each; outputs published: %d of %d", changedRecords, published, ticks));
            idle.print(out, "idle: no input changed since the tick before");
            out.printf("%nPublish of a changed output by Hollow producer stage, integrity check `%s` (medians): "
                    + "populate (write the records) %.3f s, blobs (prepare, write the delta, the reverse delta, and a "
                    + "snapshot when one is due or `full` checks it; publish them) %.3f s (max %.3f s), integrity check %.3f s, announce %.3f s.%n",
                    integrityCheck, Stats.median(stages[0]), Stats.median(stages[1]), Stats.percentile(stages[1], 100),
                    Stats.median(stages[2]), Stats.median(stages[3]));
            if (published > 0) {
                double[] taken = java.util.Arrays.copyOf(clientRefresh, published);
                out.printf("%nClient delta refresh (announce to the client serving the new output, index rebuilt; "
                        + "%d changed outputs): median %.3f s, max %.3f s.%n", published, Stats.median(taken),
                        Stats.percentile(taken, 100));
            }
        } finally {
            if (keepDataDir == null) {
                ProducerBench.deleteRecursively(dir);
            }
        }
        out.flush();
        return 0;
    }

    /** A long-lived producer of one churned dataset that publishes only the records it is given, as deltas. */
    private static HollowProducer.Incremental incrementalProducer(BlobNamespace namespace, Dataset<?> dataset) {
        HollowProducer.Builder<?> builder = HollowProducer.withPublisher(namespace.publisher());
        namespace.configure(builder, RetentionPolicy.DEFAULT);
        HollowProducer.Incremental producer = builder.noIntegrityCheck().buildIncremental();
        producer.initializeDataModel(dataset.type(), DatasetMarker.class);
        return producer;
    }

    /** Adds or replaces (by primary key) {@code records} in the dataset's next version, and publishes it. */
    private static void publish(HollowProducer.Incremental producer, Dataset<?> dataset, List<?> records) {
        producer.runIncrementalCycle(state -> {
            state.addOrModify(new DatasetMarker(dataset.name()));
            records.forEach(state::addOrModify);
        });
    }

    /** The refresh, evaluate and publish seconds of measured ticks. */
    private static final class Ticks {
        final double[] total;
        final double[] refresh;
        final double[] evaluate;
        final double[] publish;

        Ticks(int count) {
            total = new double[count];
            refresh = new double[count];
            evaluate = new double[count];
            publish = new double[count];
        }

        void add(int i, TickResult tick) {
            refresh[i] = tick.refresh().toNanos() / 1e9;
            evaluate[i] = tick.evaluate().toNanos() / 1e9;
            publish[i] = tick.publish().toNanos() / 1e9;
            total[i] = refresh[i] + evaluate[i] + publish[i];
        }

        void print(PrintWriter out, String what) {
            Stats.row(out, "**whole tick**, " + what, total);
            Stats.row(out, "refresh (pin and load inputs)", refresh);
            Stats.row(out, "evaluate (compile + evaluate)", evaluate);
            Stats.row(out, "publish (write, Hollow cycle, announce)", publish);
        }
    }
}
