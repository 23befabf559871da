package org.gatekeeper.model.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The one {@link BlobStore} implementation, over a directory or a bucket ({@link ObjectStorage}). */
final class StorageBlobStore implements BlobStore {
    private final ObjectStorage storage;
    private final Options options;
    private final ScheduledExecutorService watchers;
    private final Map<String, StoredNamespace> namespaces = new ConcurrentHashMap<>();

    StorageBlobStore(ObjectStorage storage, Options options) {
        this.storage = storage;
        this.options = options;
        this.watchers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gatekeeper-announcement-watcher");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public BlobNamespace namespace(String name) {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("invalid namespace name '" + name
                    + "': it must be non-empty, hold no '/' and not start with '.'");
        }
        return namespaces.computeIfAbsent(name, n -> new StoredNamespace(n, storage, options, watchers));
    }

    @Override
    public List<String> namespaces() {
        try {
            List<String> names = new ArrayList<>(storage.folders());
            Collections.sort(names);
            return names;
        } catch (IOException e) {
            throw new BlobStoreException("cannot list the namespaces of " + location() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return storage.locate("");
    }

    @Override
    public void close() {
        watchers.shutdownNow();
        storage.close();
    }

    @Override
    public String toString() {
        return location();
    }
}
