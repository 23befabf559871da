package org.gatekeeper.model.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a namespace: whoever holds its {@link ProducerLease} (an input's producer, or the gatekeeper
 * of an environment for its output). A second writer stands by, saying so, until the lease lapses or is released;
 * the holder renews it every third of its duration and checks it again before each announcement, so two processes
 * never build on one namespace at once (forked delta chains, an announced version going backwards).
 */
public final class NamespaceLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceLease.class);

    private final BlobNamespace namespace;
    private final String writer;
    private final String owner;
    private final Duration duration;
    private final Clock clock;
    private final ScheduledExecutorService keeper;
    private volatile String lostTo;

    private NamespaceLease(BlobNamespace namespace, String writer, String owner, Duration duration, Clock clock) {
        this.namespace = namespace;
        this.writer = writer;
        this.owner = owner;
        this.duration = duration;
        this.clock = clock;
        this.keeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gatekeeper-lease-" + namespace.name());
            thread.setDaemon(true);
            return thread;
        });
        long period = duration.toMillis() / 3;
        keeper.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease of {@code namespace}, standing by while another writer holds a live one.
     *
     * @param writer who is asking, for the log ({@code "Producer 'videos'"}, {@code "PROD gatekeeper"})
     * @param owner this process's identity, written in the lease
     * @param stop checked while standing by: true to give up
     * @return the lease, or empty when {@code stop} said to give up (or the thread was interrupted) first
     */
    public static Optional<NamespaceLease> acquire(BlobNamespace namespace, String writer, String owner,
                                                   Duration duration, Clock clock, BooleanSupplier stop) {
        boolean saidStandby = false;
        boolean saidUnreachable = false;
        while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            try {
                Instant now = clock.instant();
                Optional<ProducerLease> current = namespace.producerLease();
                if (current.isPresent() && !current.get().isHeldBy(owner) && current.get().isLiveAt(now)) {
                    if (!saidStandby) {
                        LOG.warn("{} stands by: {} holds the lease on {} until {}", writer, current.get().owner(),
                                namespace.location(), current.get().expiresAt());
                        saidStandby = true;
                    }
                    sleepQuietly(Math.min(duration.toMillis() / 3, 1_000));
                    continue;
                }
                namespace.writeProducerLease(new ProducerLease(owner, now.plus(duration)));
                sleepQuietly(Math.min(500, duration.toMillis() / 4)); // let a racing writer land
                if (namespace.producerLease().map(lease -> lease.isHeldBy(owner)).orElse(false)) {
                    LOG.info("{} holds the lease on {} as {}", writer, namespace.location(), owner);
                    return Optional.of(new NamespaceLease(namespace, writer, owner, duration, clock));
                }
            } catch (RuntimeException e) { // the store is unreachable: wait for it, as a standby would
                if (!saidUnreachable) {
                    LOG.warn("{} waits: cannot read or write the lease on {}: {}", writer, namespace.location(),
                            e.getMessage());
                    saidUnreachable = true;
                }
                sleepQuietly(Math.min(duration.toMillis() / 3, 1_000));
            }
        }
        return Optional.empty();
    }

    /** A new owner identity for this process: {@code pid@host/random}, unique per writer. */
    public static String newOwner() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getName() + "/"
                + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** Who took the lease from this holder, as last seen; null while this holder has it. */
    public String lostTo() {
        return lostTo;
    }

    /** Reads the lease from the store: null while this holder has it, otherwise who does (and it stays lost). */
    public String verify() {
        if (lostTo != null) {
            return lostTo;
        }
        Optional<ProducerLease> lease = namespace.producerLease();
        if (lease.isEmpty() || !lease.get().isHeldBy(owner)) {
            lose(lease.map(ProducerLease::owner).orElse("nobody (released)"));
        }
        return lostTo;
    }

    private void renew() {
        try {
            Optional<ProducerLease> current = namespace.producerLease();
            if (current.isPresent() && !current.get().isHeldBy(owner)) {
                lose(current.get().owner());
                return;
            }
            namespace.writeProducerLease(new ProducerLease(owner, clock.instant().plus(duration)));
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot renew its lease on {}: {}", writer, namespace.location(), e.getMessage());
        }
    }

    private void lose(String holder) {
        lostTo = holder;
        LOG.error("{} lost its lease on {} to {}; it will not announce again", writer, namespace.location(), holder);
        keeper.shutdown();
    }

    /** Stops renewing without releasing: the lease lapses by itself, as after a crash. */
    public void abandon() {
        keeper.shutdownNow();
    }

    /** Stops renewing and, unless it was lost, releases the lease so a standby writer takes over at once. */
    @Override
    public void close() {
        keeper.shutdownNow();
        try {
            keeper.awaitTermination(10, TimeUnit.SECONDS); // a renewal under way would write the lease back
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lostTo == null) {
            try {
                namespace.releaseProducerLease(owner);
            } catch (RuntimeException e) {
                LOG.warn("{}: cannot release its lease on {} (it lapses by itself): {}", writer, namespace.location(),
                        e.getMessage());
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
