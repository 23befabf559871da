package org.gatekeeper.model.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Where every namespace's Hollow blobs live: a local directory (the default) or S3 (SPEC §6).
 *
 * <pre>{@code
 * try (BlobStore store = BlobStore.directory(Path.of("gatekeeper-data"))) {
 *     BlobNamespace videos = store.namespace("videos");
 *     HollowConsumer consumer = HollowConsumer.withBlobRetriever(videos.retriever())
 *             .withAnnouncementWatcher(videos.announcementWatcher()).build();
 *     consumer.triggerRefresh();
 * }
 * }</pre>
 */
public interface BlobStore extends AutoCloseable {

    /** A store in {@code root}, one folder per namespace in Hollow's filesystem layout. */
    static BlobStore directory(Path root) {
        return directory(root, Options.DEFAULT);
    }

    static BlobStore directory(Path root, Options options) {
        return new StorageBlobStore(new DirectoryStorage(root), options);
    }

    /** A store in an S3 bucket under a prefix, one folder per namespace. */
    static BlobStore s3(S3Location location) {
        return s3(location, Options.DEFAULT);
    }

    static BlobStore s3(S3Location location, Options options) {
        return new StorageBlobStore(new S3Storage(location), options);
    }

    BlobNamespace namespace(String name);

    /** The namespaces that exist in the store, sorted by name. */
    List<String> namespaces();

    /** Where the store lives: a directory or an {@code s3://} URI. */
    String location();

    @Override
    void close();

    /**
     * How a store behaves, the same on every storage.
     *
     * @param clock stamps announcements and ages versions for retention
     * @param pollInterval how often announcement watchers look for a new announced or pinned version
     * @param cleanInterval the least time between two retention runs started by a producer's cycles
     */
    record Options(Clock clock, Duration pollInterval, Duration cleanInterval) {
        public static final Options DEFAULT =
                new Options(Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofMinutes(5));

        public Options withClock(Clock newClock) {
            return new Options(newClock, pollInterval, cleanInterval);
        }

        public Options withPollInterval(Duration newPollInterval) {
            return new Options(clock, newPollInterval, cleanInterval);
        }

        public Options withCleanInterval(Duration newCleanInterval) {
            return new Options(clock, pollInterval, newCleanInterval);
        }
    }
}
