package org.gatekeeper.producer;

import java.util.Locale;

/**
 * What a producer checks before it announces a version. Costs at 5 M records are in docs/benchmarks.md.
 */
public enum IntegrityCheck {
    /**
     * Hollow's integrity check on every cycle: the new snapshot is read back and the delta and reverse delta must
     * reproduce it, checksum against checksum. O(records): about 3.5 s more a cycle at 5 M records.
     */
    FULL,
    /**
     * The default: the state consumers will hold (the producer's read state with the delta applied) must hold
     * every changed key's new record and none of the records it replaced or deleted, read those records back as
     * written (all of them up to 10,000 keys a cycle, an even sample of 10,000 above), and hold as many records of
     * each type as the write state. O(changes). Blob transport is guarded separately: consumers check each blob's
     * length and CRC32C before Hollow reads it.
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
