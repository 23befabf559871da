package org.gatekeeper.model.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Which announced versions a cleaner keeps reachable. A version is retained when it is one of the newest
 * {@code maxVersions} announcements and was announced within {@code maxAge}; the announced and the pinned version
 * are always retained. Every blob needed to reach a retained version (its nearest snapshot and the deltas from
 * there) is kept, whatever its age.
 *
 * @param maxVersions how many of the newest announced versions to keep; at least 1
 * @param maxAge how far back announcements are kept
 */
public record RetentionPolicy(int maxVersions, Duration maxAge) {
    /** A week of versions, at most 20,160 of them (one every 30 s). */
    public static final RetentionPolicy DEFAULT = new RetentionPolicy(20_160, Duration.ofDays(7));

    public RetentionPolicy {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxVersions < 1) {
            throw new IllegalArgumentException("maxVersions must be at least 1, got " + maxVersions);
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge);
        }
    }
}
