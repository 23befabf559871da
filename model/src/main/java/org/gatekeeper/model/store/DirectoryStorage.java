package org.gatekeeper.model.store;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Objects as files under a root directory, in Hollow's own filesystem layout (SPEC §6), so stock Hollow tools read
 * a namespace folder as it is. Writes go to a hidden temporary file in the same folder and are moved into place,
 * so a reader never sees half a blob; names that start with a dot are invisible to Hollow's filesystem retriever.
 */
final class DirectoryStorage implements ObjectStorage {
    private final Path root;

    DirectoryStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = resolve(key);
        Path temp = temporarySibling(target);
        try {
            Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
            sync(temp);
            moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void putBytes(String key, byte[] content) throws IOException {
        Path target = resolve(key);
        Path temp = temporarySibling(target);
        try {
            Files.write(temp, content);
            sync(temp);
            moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public byte[] readBytes(String key) throws IOException {
        try {
            return Files.readAllBytes(resolve(key));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public LocalCopy fetch(String key) {
        Path path = resolve(key);
        return Files.isRegularFile(path) ? new LocalCopy(path, false) : null;
    }

    @Override
    public List<String> list(String folder, String namePrefix) throws IOException {
        Path dir = resolve(folder);
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(namePrefix) && !name.startsWith(".") && Files.isRegularFile(entry)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    @Override
    public List<String> folders() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && holdsNamespace(entry)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /**
     * Whether a folder of the root holds a namespace (something a publisher, announcer or operator wrote), so other
     * folders beside them, such as the demo's Kafka log, are not listed as namespaces.
     */
    private static boolean holdsNamespace(Path folder) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.equals("announced.version") || name.equals("pinned.version") || name.equals("producer.lease")
                        || name.equals("announcements") || name.equals("checksums") || name.equals("notes")
                        || name.startsWith("snapshot-") || name.startsWith("delta-") || name.startsWith("header-")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public String locate(String key) {
        return resolve(key).toString();
    }

    @Override
    public void close() {
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("key '" + key + "' leaves the store's directory " + root);
        }
        return path;
    }

    private static Path temporarySibling(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    private static void sync(Path file) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
