package org.gatekeeper.sweep;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sweeps again and again, one after the other on one thread, with {@code every} between the end of one round and
 * the start of the next: what the demo runs so missed events heal by themselves. A failed sweep is logged and the
 * schedule goes on; its checkpoint makes the next round resume it.
 */
public final class SweepSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SweepSchedule.class);

    private final List<Sweep<?>> sweeps;
    private final ScheduledExecutorService executor;
    private final Map<String, SweepReport> lastReports = new ConcurrentHashMap<>();
    private final Map<String, String> lastFailures = new ConcurrentHashMap<>();

    private SweepSchedule(List<Sweep<?>> sweeps) {
        this.sweeps = List.copyOf(sweeps);
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gatekeeper-sweep");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the schedule: the first round after {@code initialDelay}, then {@code every} after each round ends. */
    public static SweepSchedule start(List<Sweep<?>> sweeps, Duration initialDelay, Duration every) {
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("a sweep schedule needs a positive interval, got " + every);
        }
        SweepSchedule schedule = new SweepSchedule(sweeps);
        schedule.executor.scheduleWithFixedDelay(schedule::runRound, initialDelay.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        return schedule;
    }

    private void runRound() {
        for (Sweep<?> sweep : sweeps) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                SweepReport report = sweep.run();
                lastReports.put(report.dataset(), report);
                lastFailures.remove(report.dataset());
            } catch (RuntimeException e) {
                lastFailures.put(sweep.dataset().name(), String.valueOf(e.getMessage()));
                LOG.error("Scheduled sweep of {} failed; the next round resumes it: {}", sweep.dataset(),
                        e.getMessage());
            }
        }
    }

    /** The report of the last completed sweep of a dataset. */
    public Optional<SweepReport> lastReport(String dataset) {
        return Optional.ofNullable(lastReports.get(dataset));
    }

    /** Why the last sweep of a dataset failed, when it did and none completed since. */
    public Optional<String> lastFailure(String dataset) {
        return Optional.ofNullable(lastFailures.get(dataset));
    }

    /** Stops the schedule, interrupting a running sweep (its checkpoint stays). */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
