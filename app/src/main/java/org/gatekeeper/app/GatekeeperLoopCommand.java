package org.gatekeeper.app;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gatekeeper.core.Environment;
import org.gatekeeper.core.Gatekeeper;
import org.gatekeeper.core.LivenessPublisher;
import org.gatekeeper.core.RuleSet;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.IntegrityCheck;
import org.gatekeeper.model.store.NamespaceLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatekeeper gatekeeper --env prod|preprod}: the evaluation loop, one tick every {@code --eval-every}. */
@Command(name = "gatekeeper", mixinStandardHelpOptions = true,
        description = "Run the PROD or PREPROD gatekeeper loop: pin inputs, evaluate, publish the liveness dataset.")
final class GatekeeperLoopCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(GatekeeperLoopCommand.class);
    /** How long the gatekeeper's lease of its output lasts unless renewed (every third of it). */
    private static final Duration LEASE = Duration.ofSeconds(15);

    @Option(names = "--env", required = true, paramLabel = "prod|preprod",
            description = "PROD pins the latest inputs; PREPROD follows PROD's inputs and instant.")
    String env;

    @Option(names = "--rules", paramLabel = "ID",
            description = "Rule set id (default: spec-v1 for PROD, spec-v1+subtitles-in-first-sorted-metadata-language "
                    + "for PREPROD).")
    String rules;

    @Option(names = "--eval-every", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Time between ticks (default: ${DEFAULT-VALUE}; at least 500ms).")
    Duration every;

    @Option(names = "--ticks", paramLabel = "N", defaultValue = "0",
            description = "Stop after N ticks (default: run until Ctrl-C or SIGTERM).")
    int ticks;

    @Option(names = "--integrity-check", paramLabel = "full|changes|off", defaultValue = "changes",
            converter = IntegrityCheckConverter.class,
            description = "What each output cycle checks before announcing: 'changes' (default) reads back what the "
                    + "cycle wrote, and a sample of all pairs, from the state delta-following clients will hold, "
                    + "O(changes); 'full' adds Hollow's snapshot/delta checksum check, O(state): 3-4 s more per "
                    + "changed tick at profile netflix (docs/benchmarks.md); 'off' checks nothing. Clients verify "
                    + "every blob's checksum in any mode.")
    IntegrityCheck integrityCheck;

    @Mixin
    StoreOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Environment environment = switch (env.toLowerCase()) {
            case "prod" -> Environment.PROD;
            case "preprod" -> Environment.PREPROD;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--env must be prod or preprod, got '" + env + "'");
        };
        if (every.compareTo(Duration.ofMillis(500)) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--eval-every must be at least 500ms, got "
                    + every.toMillis() + "ms");
        }
        if (ticks < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ticks must be 0 (run until stopped) or more, "
                    + "got " + ticks);
        }
        RuleSet ruleSet;
        try {
            ruleSet = rules != null ? RuleSet.named(rules) : environment == Environment.PROD ? RuleSet.SPEC
                    : RuleSet.SUBTITLES_IN_FIRST_METADATA_LANGUAGE;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM: the tick under way finishes and the lease is released before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopped.getCount() == 0) {
                return; // the loop ended by itself
            }
            LOG.info("{} gatekeeper stopping: the tick under way finishes, then the lease of {} is released",
                    environment, environment.namespace());
            stop.countDown();
            try {
                stopped.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gatekeeper-shutdown"));
        try (BlobStore blobs = store.open()) {
            // One gatekeeper per environment writes its output: a second one stands by until this one stops.
            Optional<NamespaceLease> held = NamespaceLease.acquire(blobs.namespace(environment.namespace()),
                    environment + " gatekeeper", NamespaceLease.newOwner(), LEASE, Clock.systemUTC(),
                    () -> stop.getCount() == 0);
            if (held.isEmpty()) {
                return 0; // stopped while standing by
            }
            try (NamespaceLease lease = held.get()) {
                Gatekeeper gatekeeper = (environment == Environment.PROD
                        ? new Gatekeeper(blobs, ruleSet, Clock.systemUTC(), integrityCheck)
                        : Gatekeeper.preprod(blobs, ruleSet, integrityCheck)).withLease(lease);
                for (int tick = 1; ticks == 0 || tick <= ticks; tick++) {
                    try {
                        gatekeeper.tick();
                    } catch (LivenessPublisher.NotTheWriterException e) {
                        LOG.error("{} gatekeeper stops: {}", environment, e.getMessage());
                        return 1;
                    } catch (RuntimeException e) {
                        LOG.error("{} tick failed; the previous output stays announced: {}", environment,
                                e.getMessage());
                    }
                    if (lease.lostTo() != null) {
                        LOG.error("{} gatekeeper stops: {} took its lease", environment, lease.lostTo());
                        return 1;
                    }
                    if ((ticks != 0 && tick == ticks) || stop.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                }
            }
            if (stop.getCount() == 0) {
                LOG.info("{} gatekeeper stopped; {} released", environment, environment.namespace());
            }
        } finally {
            stopped.countDown();
        }
        return 0;
    }
}
