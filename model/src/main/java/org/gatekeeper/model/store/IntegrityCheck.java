package org.gatekeeper.model.store;

import java.util.Locale;

/**
 * What a Hollow producer of this project (an input's producer, a gatekeeper's output) checks before it announces a
 * version. Costs are in docs/benchmarks.md.
 */
public enum IntegrityCheck {
    /**
     * {@link #CHANGES}, and Hollow's integrity check on every cycle: a new snapshot is written and read back, and the
     * delta and reverse delta must reproduce it, checksum against checksum. O(records): about 3.5 s more a cycle for
     * an input's producer at 5 M records, 3–4 s more a changed tick for a gatekeeper at profile {@code netflix}.
     */
    FULL,
    /**
     * The default: the state consumers will hold (the producer's read state with the delta applied) must hold as
     * many records of each type as the write state, and read back as written what this cycle wrote (all of it up to
     * 10,000 records a cycle, an even sample of 10,000 above). An input's producer checks every changed key's new
     * record and that none of the records it replaced or deleted remain; a gatekeeper checks its new statuses, its
     * changed videos' lists, every video's record and the header tags. O(changes). The snapshot Hollow writes
     * every few states is not read back. Blob transport is guarded separately: consumers check each blob's length
     * and CRC32C before Hollow reads it.
     */
    CHANGES,
    /** No check before announcing. */
    OFF;

    /** Parses {@code full}, {@code changes} or {@code off}, in any case. */
    public static IntegrityCheck parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("integrity check must be full, changes or off, got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
