/**
 * Blob stores: where Hollow's snapshots, deltas, reverse deltas, headers and announcements live (SPEC §6, §7).
 *
 * <p>Start with {@link org.gatekeeper.model.store.BlobStore}, opened on a local directory or on S3; each of its
 * namespaces ({@link org.gatekeeper.model.store.BlobNamespace}) hands out Hollow's four roles (Publisher,
 * Announcer, BlobRetriever, AnnouncementWatcher) plus what Hollow lacks: an announcement history that answers
 * "which version was announced at instant X", pinning, retention that keeps every retained version reachable,
 * checksums that refuse truncated or corrupt blobs, and removal of the blobs of a failed cycle.
 *
 * <p>Both stores share one implementation ({@code StoredNamespace}) over a tiny object-storage interface
 * ({@code ObjectStorage}), so they behave the same by construction and one contract test suite covers both.
 */
package org.gatekeeper.model.store;
