package org.gatekeeper.model.store;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.api.producer.HollowProducer;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.api.producer.listener.HollowProducerEventListener;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One namespace of a {@link BlobStore}: an input dataset or an output environment (SPEC §6). It hands out Hollow's
 * four roles, all bound to this namespace, and answers questions about its announcement history (SPEC §7).
 *
 * <p>What a consumer can land on: only announced versions. The retriever follows deltas and snapshots of announced
 * versions only and verifies each blob's checksum before Hollow reads it, so a truncated, corrupt or rejected blob
 * fails the refresh with a message naming it, and the consumer stays on its last good state.
 */
public interface BlobNamespace {

    String name();

    /** Where the namespace lives, for messages: a directory or an {@code s3://} URI. */
    String location();

    /** Writes each blob atomically with its checksum. */
    HollowProducer.Publisher publisher();

    /** Records the announcement in the history, then makes it the announced version. */
    HollowProducer.Announcer announcer();

    /** Retrieves verified blobs of announced versions. */
    HollowConsumer.BlobRetriever retriever();

    /**
     * Follows this namespace: the pinned version when there is one, otherwise the announced one. Polls every
     * second; subscribed consumers refresh when the target changes, and a consumer whose refresh failed is retried,
     * waiting twice as long after each failure (up to a minute), until it reaches the target. Close it to stop.
     */
    Watcher announcementWatcher();

    /** An announcement watcher that polls until it is closed. */
    interface Watcher extends HollowConsumer.AnnouncementWatcher, AutoCloseable {
        /** Stops polling and forgets the subscribed consumers. */
        @Override
        void close();

        /** Why the announced version cannot be read now (the store unreachable, a damaged file), or empty. */
        default java.util.Optional<String> failure() {
            return java.util.Optional.empty();
        }
    }

    /**
     * Sets up a producer for this namespace: publisher, announcer, a listener that removes the blobs of a failed
     * cycle, and a storage cleaner applying {@code retention}.
     */
    void configure(HollowProducer.Builder<?> producer, RetentionPolicy retention);

    /**
     * One version's whole state, loaded by a fresh consumer through {@link #retriever()} (so every blob is verified).
     * For reading a version once; a consumer that follows versions keeps its own.
     *
     * @throws BlobStoreException when the consumer could not reach the version
     */
    default HollowReadStateEngine loadState(long version) {
        HollowConsumer consumer = HollowConsumer.withBlobRetriever(retriever()).build();
        consumer.triggerRefreshTo(version);
        if (consumer.getCurrentVersionId() != version) {
            throw new BlobStoreException("namespace '" + name() + "': cannot load version " + version
                    + " (the consumer reached " + consumer.getCurrentVersionId() + "); is it still retained?");
        }
        return consumer.getStateEngine();
    }

    /** The latest announced version, if any. */
    OptionalLong announcedVersion();

    /** The version an operator pinned consumers to, if any. */
    OptionalLong pinnedVersion();

    /** What consumers following announcements go to: the pinned version, else the announced one. */
    OptionalLong targetVersion();

    /** Every retained announcement, oldest first. Reads one listing, never a blob. */
    List<AnnouncedVersion> history();

    /** The version that was the announced one at {@code instant}: the last announcement at or before it. */
    Optional<AnnouncedVersion> versionAt(Instant instant);

    /** The header tags of an announced version, read from its small header blob without loading the state. */
    Map<String, String> headerTags(long version);

    /**
     * Pins consumers that follow announcements to {@code version}, which must be an announced version still
     * retained. Producers keep announcing; consumers stay until {@link #unpin()}.
     */
    void pin(long version);

    /** Returns consumers to the latest announced version. */
    void unpin();

    /** Applies a retention policy now. */
    CleanupReport clean(RetentionPolicy retention);

    /** Removes every blob and history entry newer than the announced version: what a crashed cycle left. */
    void discardUnannounced();

    /** A producer listener that removes the blobs of a cycle that failed validation or announcement. */
    HollowProducerEventListener failedCycleCleaner();

    /**
     * A small operator-facing note of the namespace ({@code notes/<name>}): a refused publish, an override.
     * Empty when there is none.
     */
    Optional<String> note(String name);

    /** Writes a note, replacing any note of that name. */
    void writeNote(String name, String content);

    /** Removes a note; no error when there is none. */
    void deleteNote(String name);

    /** The producer lease of this namespace, if any was written and not released. */
    Optional<ProducerLease> producerLease();

    /** Writes (takes or renews) the producer lease. The caller reads it back to learn who won a race. */
    void writeProducerLease(ProducerLease lease);

    /** Removes the lease if {@code owner} holds it, so a standby producer can take over at once. */
    void releaseProducerLease(String owner);
}
