package org.gatekeeper.model.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The few operations a blob store needs from where bytes live: a directory or an S3 bucket. Keys are
 * {@code /}-separated paths relative to the store's root ({@code videos/snapshot-42}).
 *
 * <p>Implementations turn their own failures into {@link IOException}s whose message says what to check (the
 * endpoint, the bucket, the credentials); callers add the namespace, version and key.
 */
interface ObjectStorage extends AutoCloseable {

    /** Stores the file under {@code key}, atomically: readers see the whole object or none. */
    void put(String key, Path file) throws IOException;

    /** Stores small content under {@code key}, atomically. */
    void putBytes(String key, byte[] content) throws IOException;

    /** The content of a small object, or null when there is none. */
    byte[] readBytes(String key) throws IOException;

    /**
     * A local file with the object's content, or null when there is none. A {@link LocalCopy#temporary()} copy is
     * the caller's to delete.
     */
    LocalCopy fetch(String key) throws IOException;

    /**
     * The names (last path segment) of the objects directly under {@code folder} whose name starts with
     * {@code namePrefix} ({@code ""} for all), in no particular order.
     */
    List<String> list(String folder, String namePrefix) throws IOException;

    /** The names of the folders directly under the root. */
    List<String> folders() throws IOException;

    /** Removes the object; no error when there is none. */
    void delete(String key) throws IOException;

    /** Where {@code key} lives, for messages: a path or an {@code s3://} URI. */
    String locate(String key);

    @Override
    void close();

    /** A local file holding an object's content. */
    record LocalCopy(Path path, boolean temporary) {
    }
}
