package org.gatekeeper.sweep;

import java.util.Locale;

/** What a sweep emits. */
public enum SweepMode {
    /**
     * Every source record, as Netflix runs its sweeps: the producer's no-op on an equal record keeps versions clean,
     * so only what differs makes a new version. Never deletes.
     */
    FULL,
    /**
     * Only what differs from the dataset's current Hollow state: changed and missing records, and a tombstone for
     * each record the source no longer holds (a ghost).
     */
    REPAIR;

    /** The name used on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
