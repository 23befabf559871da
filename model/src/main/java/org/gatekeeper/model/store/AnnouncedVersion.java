package org.gatekeeper.model.store;

import java.time.Instant;

/**
 * One announcement of a namespace's history: which version became the announced one, and when.
 *
 * @param version the Hollow state version
 * @param announcedAt when the announcer made it the announced version
 */
public record AnnouncedVersion(long version, Instant announcedAt) {
}
