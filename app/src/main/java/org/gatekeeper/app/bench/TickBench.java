package org.gatekeeper.app.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.gatekeeper.core.Gatekeeper;
import org.gatekeeper.core.RuleSet;
import org.gatekeeper.core.TickResult;
import org.gatekeeper.model.ManualClock;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.profile.SyntheticCatalog;
import org.gatekeeper.model.store.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatekeeper bench tick}: whole PROD ticks (refresh, evaluate, publish) over a profile's six input
 * namespaces in a local directory store. The first tick loads snapshots and publishes the first output; the next
 * ones run a minute apart at the same input versions, as a steady PROD loop does between input changes.
 */
@Command(name = "tick", mixinStandardHelpOptions = true,
        description = "Measure whole gatekeeper ticks: refresh, evaluate, publish.")
final class TickBench implements Callable<Integer> {
    @Option(names = "--profile", defaultValue = "netflix", description = "small or netflix (default ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--ticks", defaultValue = "5", description = "Measured ticks after the first (default ${DEFAULT-VALUE}).")
    int ticks;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Machine: " + Stats.machine());
        long now = 1_795_000_000_000L;
        SyntheticCatalog catalog = SyntheticCatalog.generate(Profile.named(profile), 1, now);
        Path dir = Files.createTempDirectory("gatekeeper-bench-tick-");
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(now));
        BlobStore.Options fastPolling = BlobStore.Options.DEFAULT.withPollInterval(java.time.Duration.ofMillis(5));
        try (BlobStore store = BlobStore.directory(dir, fastPolling)) {
            CatalogPublisher.publishAll(store, catalog);
            Gatekeeper gatekeeper = new Gatekeeper(store, RuleSet.SPEC, clock);
            TickResult first = gatekeeper.tick();
            double[] total = new double[ticks];
            double[] refresh = new double[ticks];
            double[] evaluate = new double[ticks];
            double[] publish = new double[ticks];
            TickResult last = first;
            for (int i = 0; i < ticks; i++) {
                clock.advance(Duration.ofMinutes(1));
                last = gatekeeper.tick();
                refresh[i] = last.refresh().toNanos() / 1e9;
                evaluate[i] = last.evaluate().toNanos() / 1e9;
                publish[i] = last.publish().toNanos() / 1e9;
                total[i] = refresh[i] + evaluate[i] + publish[i];
            }
            out.printf("%n## PROD tick, profile `%s` (%,d pairs)%n%n", profile,
                    (long) catalog.videos().size() * catalog.countries().size());
            out.printf("First tick (snapshots loaded, first output published): refresh %.2f s, evaluate %.2f s, "
                    + "publish %.2f s.%n%n", first.refresh().toNanos() / 1e9, first.evaluate().toNanos() / 1e9,
                    first.publish().toNanos() / 1e9);
            out.println("| steady tick, a minute apart | median | min | max |");
            out.println("|---|---|---|---|");
            Stats.row(out, "**whole tick**", total);
            Stats.row(out, "refresh (pin and load inputs)", refresh);
            Stats.row(out, "evaluate (compile + evaluate)", evaluate);
            Stats.row(out, "publish (write, Hollow cycle, announce)", publish);
            out.printf("%nLast tick: %s, output version %d.%n", last.outcome(), last.outputVersion());

            // The embedded client's delta refresh: days pass between ticks, windows open and close, the output
            // changes, and the client follows the announcement (polled every 5 ms) by applying a delta.
            org.gatekeeper.core.LivenessClient client =
                    org.gatekeeper.core.LivenessClient.follow(store.namespace("liveness-prod"));
            AtomicLong served = new AtomicLong(client.currentVersion());
            client.addListener(served::set);
            double[] refreshes = new double[ticks];
            int measured = 0;
            for (int i = 0; i < ticks; i++) {
                clock.advance(Duration.ofDays(3));
                TickResult changed = gatekeeper.tick();
                if (changed.outcome() != TickResult.Outcome.PUBLISHED) {
                    continue;
                }
                long announced = System.nanoTime();
                while (served.get() != changed.outputVersion()) { // set once the client's index is rebuilt
                    Thread.onSpinWait();
                }
                refreshes[measured++] = (System.nanoTime() - announced) / 1e9;
            }
            double[] taken = java.util.Arrays.copyOf(refreshes, measured);
            if (measured > 0) {
                out.printf("%nClient delta refresh after a changed output (announce to the client serving it, index "
                        + "rebuilt; %d ticks three days apart): median %.3f s, max %.3f s.%n", measured,
                        Stats.median(taken),
                        Stats.percentile(taken, 100));
            }
        } finally {
            ProducerBench.deleteRecursively(dir);
        }
        out.flush();
        return 0;
    }

}
