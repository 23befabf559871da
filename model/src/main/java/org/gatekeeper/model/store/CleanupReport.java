package org.gatekeeper.model.store;

import java.util.List;

/**
 * What a retention run did.
 *
 * @param retainedVersions the announced versions still reachable, oldest first
 * @param deletedKeys the blobs removed
 */
public record CleanupReport(List<Long> retainedVersions, List<String> deletedKeys) {
}
