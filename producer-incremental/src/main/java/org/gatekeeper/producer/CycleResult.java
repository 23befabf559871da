package org.gatekeeper.producer;

/**
 * What one cycle did.
 *
 * @param version the announced version after the cycle (unchanged when the cycle made no new version)
 * @param newVersion whether the cycle announced a new version
 * @param received records read from Kafka
 * @param deadLettered records sent to the DLQ
 * @param applied records written: new, or different from what the dataset held
 * @param unchanged upserts equal to what the dataset already held
 * @param tombstones tombstones folded (a tombstone for an absent key changes nothing)
 */
public record CycleResult(long version, boolean newVersion, int received, int deadLettered, int applied,
                          int unchanged, int tombstones) {
}
