package org.gatekeeper.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.gatekeeper.app.demo.Demo;
import org.gatekeeper.app.demo.DemoSettings;
import org.gatekeeper.model.profile.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatekeeper demo}: the whole pipeline in one process on the embedded default (SPEC §8). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run everything in one process: an embedded Kafka broker, simulated upstream systems, the six "
                + "producers, a scheduled repair sweep, the PROD and PREPROD gatekeepers and the diff page.",
                "Stops cleanly on Ctrl-C or SIGTERM; a restart on the same --data-dir resumes."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "gatekeeper-data",
            description = "Blobs and the broker's log (default: ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092", converter = PortConverter.class,
            description = "The embedded broker's port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "7070", converter = PortConverter.class,
            description = "The page's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--no-simulate", negatable = false,
            description = "No simulated upstream traffic: the pipeline runs for records others write.")
    boolean noSimulate;

    @Option(names = "--cycle", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "The producers' cadence (default: ${DEFAULT-VALUE}).")
    Duration cycle;

    @Option(names = "--eval-every", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "The gatekeepers' cadence (default: ${DEFAULT-VALUE}).")
    Duration evalEvery;

    @Option(names = "--profile", paramLabel = "small|netflix", defaultValue = "small",
            converter = ProfileConverter.class,
            description = "The simulated catalog (default: ${DEFAULT-VALUE}).")
    Profile profile;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the simulated catalog and traffic (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--changes-per-minute", paramLabel = "N", defaultValue = "120",
            description = "Simulated upstream changes per minute (default: ${DEFAULT-VALUE}; one in 40 is a bad "
                    + "record, one in 50 is never sent).")
    int changesPerMinute;

    @Option(names = "--sweep-every", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "How often every dataset is repair-swept against its simulated system (default: "
                    + "${DEFAULT-VALUE}).")
    Duration sweepEvery;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (cycle.compareTo(Duration.ofMillis(500)) < 0 || evalEvery.compareTo(Duration.ofMillis(500)) < 0
                || sweepEvery.isZero() || changesPerMinute < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--cycle and --eval-every must be at least 500ms, --sweep-every positive, "
                            + "--changes-per-minute 0 or more");
        }
        StoreOptions.checkDataDir(dataDir, spec);
        DemoSettings settings = DemoSettings.defaults().withDataDir(dataDir).withPorts(kafkaPort, httpPort)
                .withCadences(cycle, evalEvery).withSimulation(!noSimulate, changesPerMinute)
                .withProfile(profile, seed).withSweepEvery(sweepEvery);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(90, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gatekeeper-shutdown"));
        try (Demo demo = Demo.start(settings)) {
            var out = spec.commandLine().getOut();
            out.println();
            out.println("Gatekeeper demo is running.");
            out.println("  Kafka (embedded, KRaft): " + demo.bootstrapServers() + "   topics gatekeeper.<dataset>");
            out.println("  Data:                    " + demo.dataDir().toAbsolutePath());
            out.println("  Page:                    " + demo.pageUri() + "/   (metrics: " + demo.pageUri() + "/metrics)");
            out.println("  Upstream:                " + (noSimulate ? "not simulated: write SPEC §3 change records "
                    + "to the topics" : "simulated, profile " + profile.name() + ", " + changesPerMinute
                    + " changes/min"));
            out.println("Ctrl-C stops it; the same command resumes it.");
            out.flush();
            stop.await();
        } finally {
            stopped.countDown();
        }
        return 0;
    }
}
