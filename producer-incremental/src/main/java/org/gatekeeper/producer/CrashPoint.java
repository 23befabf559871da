package org.gatekeeper.producer;

/**
 * The steps of a cycle after which a crash leaves something different behind. Tests inject a crash at each of
 * them (through {@link DatasetProducer.Builder#crashProbe}) and check that a restarted producer ends with the fold
 * of all records, nothing lost and nothing applied twice.
 */
public enum CrashPoint {
    /** Records polled and folded in memory; nothing written. */
    AFTER_POLL,
    /** Dead letters committed to the DLQ; no blob written. */
    AFTER_DEAD_LETTERS,
    /** Blobs published; not announced. */
    AFTER_PUBLISH,
    /** Version announced; consumer-group offsets (for lag monitoring) not yet committed. */
    AFTER_ANNOUNCE,
    /** Everything done. */
    AFTER_COMMIT
}
