package org.gatekeeper.producer;

/**
 * What one cycle did.
 *
 * @param version the announced version after the cycle (unchanged when the cycle made no new version)
 * @param newVersion whether the cycle announced a new version
 * @param received records read from Kafka
 * @param deadLettered records sent to the DLQ
 * @param applied records written: new, or different from what the dataset held
 * @param unchanged upserts equal to what the dataset already held, and tombstones for keys it did not hold
 * @param deleted records a tombstone removed
 */
public record CycleResult(long version, boolean newVersion, int received, int deadLettered, int applied,
                          int unchanged, int deleted) {
}
