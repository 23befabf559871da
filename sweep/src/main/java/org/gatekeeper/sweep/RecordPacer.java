package org.gatekeeper.sweep;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds a sweep to a records-per-second limit: the n-th record may go at {@code start + n / rate}, so the average
 * rate over any stretch longer than a few records stays at the limit without bursts beyond one record.
 */
final class RecordPacer {
    private final long nanosPerRecord;
    private final long startNanos;
    private long sent;

    /** @param recordsPerSecond 0 for no limit */
    RecordPacer(int recordsPerSecond) {
        this.nanosPerRecord = recordsPerSecond == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / recordsPerSecond;
        this.startNanos = System.nanoTime();
    }

    /** Waits until one more record may be sent. */
    void acquire() {
        if (nanosPerRecord == 0) {
            return;
        }
        long due = startNanos + sent * nanosPerRecord;
        sent++;
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                throw new SweepException("sweep interrupted");
            }
        }
    }
}
