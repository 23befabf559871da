package org.gatekeeper.model.store;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.api.producer.HollowProducer;
import com.netflix.hollow.api.producer.Status;
import com.netflix.hollow.api.producer.listener.CycleListener;
import com.netflix.hollow.api.producer.listener.HollowProducerEventListener;
import com.netflix.hollow.core.read.engine.HollowBlobHeaderReader;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace over {@link ObjectStorage}: the same code serves the directory and the S3 store.
 *
 * <p>Layout under {@code <namespace>/} (SPEC §6): Hollow's {@code snapshot-V}, {@code delta-A-B},
 * {@code reversedelta-B-A}, {@code header-V} and {@code announced.version}, plus {@code pinned.version},
 * {@code checksums/<blob>} (length and CRC32C of each blob) and {@code announcements/<version>-<epoch ms>} (one
 * empty object per announcement, both numbers zero-padded to 19 digits so names sort by version).
 *
 * <p>Announcing writes the history entry first and {@code announced.version} last: {@code announced.version} is the
 * commit point, and a history entry newer than it is a crashed announcement, ignored by every reader and removed
 * by {@link #discardUnannounced()}.
 */
final class StoredNamespace implements BlobNamespace {
    private static final Logger LOG = LoggerFactory.getLogger(StoredNamespace.class);

    static final String ANNOUNCED = "announced.version";
    static final String PINNED = "pinned.version";
    static final String LEASE = "producer.lease";
    static final String ANNOUNCEMENTS = "announcements";
    static final String CHECKSUMS = "checksums";
    private static final String PADDING = "%019d";

    private final String name;
    private final ObjectStorage storage;
    private final BlobStore.Options options;
    private final ScheduledExecutorService watchers;
    /** Versions whose header and state blob this process published, so the announcer need not list them. */
    private final Map<Long, Set<BlobName.Kind>> published = new LinkedHashMap<>();

    StoredNamespace(String name, ObjectStorage storage, BlobStore.Options options, ScheduledExecutorService watchers) {
        this.name = name;
        this.storage = storage;
        this.options = options;
        this.watchers = watchers;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String location() {
        return storage.locate(name);
    }

    // ---------------------------------------------------------------- producer side

    @Override
    public HollowProducer.Publisher publisher() {
        return new HollowProducer.Publisher() {
            @Override
            public void publish(HollowProducer.PublishArtifact artifact) {
                publishArtifact(artifact);
            }
        };
    }

    @Override
    public HollowProducer.Announcer announcer() {
        return new HollowProducer.Announcer() {
            @Override
            public void announce(long version) {
                StoredNamespace.this.announce(version, Map.of());
            }

            @Override
            public void announce(long version, Map<String, String> metadata) {
                StoredNamespace.this.announce(version, metadata);
            }
        };
    }

    @Override
    public void configure(HollowProducer.Builder<?> producer, RetentionPolicy retention) {
        producer.withPublisher(publisher())
                .withAnnouncer(announcer())
                .withBlobStorageCleaner(new RetentionCleaner(retention))
                .withListener(failedCycleCleaner());
    }

    private void publishArtifact(HollowProducer.PublishArtifact artifact) {
        BlobName blob = nameOf(artifact);
        Path staged = stagedPath(artifact);
        Path temporary = null;
        try {
            if (staged == null) {
                temporary = Files.createTempFile("gatekeeper-publish-", ".blob");
                try (InputStream in = artifact.newInputStream()) {
                    Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
                }
                staged = temporary;
            }
            BlobChecksum checksum = BlobChecksum.of(staged);
            storage.put(blobKey(blob), staged);
            storage.putBytes(checksumKey(blob), checksum.encode());
        } catch (IOException e) {
            throw failure(blob.cycleVersion(), blob, "cannot be published: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temporary);
        }
        synchronized (published) {
            published.computeIfAbsent(blob.cycleVersion(), v -> new HashSet<>()).add(blob.kind());
            while (published.size() > 16) {
                published.remove(published.keySet().iterator().next());
            }
        }
    }

    private static Path stagedPath(HollowProducer.PublishArtifact artifact) {
        try {
            return artifact.getPath();
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private static BlobName nameOf(HollowProducer.PublishArtifact artifact) {
        if (artifact instanceof HollowProducer.HeaderBlob header) {
            return BlobName.header(header.getVersion());
        }
        HollowProducer.Blob blob = (HollowProducer.Blob) artifact;
        if (blob.getOptionalPartConfig() != null) {
            throw new UnsupportedOperationException("optional blob parts are not supported by Gatekeeper's stores");
        }
        return switch (blob.getType()) {
            case SNAPSHOT -> BlobName.snapshot(blob.getToVersion());
            case DELTA -> BlobName.delta(blob.getFromVersion(), blob.getToVersion());
            case REVERSE_DELTA -> BlobName.reverseDelta(blob.getFromVersion(), blob.getToVersion());
        };
    }

    /**
     * Announces {@code version}. The history entry holds the version's {@code gatekeeper.*} header tags (input
     * versions, Kafka offsets) as {@code key=value} lines, so an operator reads them next to the announcement.
     */
    private void announce(long version, Map<String, String> metadata) {
        requirePublished(version);
        Instant now = options.clock().instant();
        StringBuilder tags = new StringBuilder();
        new java.util.TreeMap<>(metadata).forEach((tag, value) -> {
            if (tag.startsWith("gatekeeper.")) {
                tags.append(tag).append('=').append(value).append('\n');
            }
        });
        try {
            storage.putBytes(announcementKey(version, now), tags.toString().getBytes(StandardCharsets.UTF_8));
            storage.putBytes(key(ANNOUNCED), Long.toString(version).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + name + "', version " + version + ": cannot announce at "
                    + storage.locate(key(ANNOUNCED)) + ": " + e.getMessage(), e);
        }
    }

    /** Nothing half-written is ever announced: the version's header and a snapshot or delta to it must exist. */
    private void requirePublished(long version) {
        Set<BlobName.Kind> kinds;
        synchronized (published) {
            kinds = published.getOrDefault(version, Set.of());
        }
        if (kinds.contains(BlobName.Kind.HEADER)
                && (kinds.contains(BlobName.Kind.SNAPSHOT) || kinds.contains(BlobName.Kind.DELTA))) {
            return;
        }
        try {
            boolean header = storage.readBytes(checksumKey(BlobName.header(version))) != null;
            boolean state = storage.readBytes(checksumKey(BlobName.snapshot(version))) != null
                    || blobs("delta-").stream().anyMatch(b -> b.to() == version
                    && exists(checksumKey(b)));
            if (header && state) {
                return;
            }
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + name + "', version " + version
                    + ": cannot check its blobs before announcing: " + e.getMessage(), e);
        }
        throw new BlobStoreException("namespace '" + name + "', version " + version
                + ": refusing to announce a version whose header and snapshot or delta are not all published in "
                + location());
    }

    private boolean exists(String key) {
        try {
            return storage.readBytes(key) != null;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public HollowProducerEventListener failedCycleCleaner() {
        return new CycleListener() {
            @Override
            public void onCycleSkip(CycleSkipReason reason) {
            }

            @Override
            public void onNewDeltaChain(long version) {
            }

            @Override
            public void onCycleStart(long version) {
            }

            @Override
            public void onCycleComplete(Status status, HollowProducer.ReadState readState, long version,
                                        Duration elapsed) {
                if (status.getType() != Status.StatusType.FAIL || isAnnounced(version)) {
                    return;
                }
                try {
                    int removed = discard(blob -> blob.cycleVersion() == version, entry -> entry == version);
                    LOG.warn("Namespace '{}': cycle to version {} failed; removed its {} blobs so no consumer lands "
                            + "on it", name, version, removed);
                } catch (RuntimeException e) {
                    LOG.error("Namespace '{}': cycle to version {} failed and its blobs could not be removed; the "
                            + "next producer start removes them", name, version, e);
                }
            }
        };
    }

    @Override
    public void discardUnannounced() {
        long announced = announcedVersion().orElse(Long.MIN_VALUE);
        int removed = discard(blob -> blob.newestVersion() > announced, entry -> entry > announced);
        if (removed > 0) {
            LOG.info("Namespace '{}': removed {} blobs of unannounced versions newer than {}", name, removed,
                    announced == Long.MIN_VALUE ? "none" : announced);
        }
    }

    private int discard(Predicate<BlobName> blobs,
                        LongPredicate historyVersions) {
        try {
            int removed = 0;
            for (BlobName blob : blobs("")) {
                if (blobs.test(blob)) {
                    storage.delete(blobKey(blob));
                    storage.delete(checksumKey(blob));
                    removed++;
                }
            }
            for (String entry : storage.list(key(ANNOUNCEMENTS), "")) {
                AnnouncedVersion announcement = parseAnnouncement(entry);
                if (announcement != null && historyVersions.test(announcement.version())) {
                    storage.delete(key(ANNOUNCEMENTS + "/" + entry));
                }
            }
            return removed;
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + name + "': cannot remove unannounced blobs in " + location()
                    + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- notes

    @Override
    public Optional<String> note(String name) {
        try {
            byte[] bytes = storage.readBytes(noteKey(name));
            return bytes == null ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + this.name + "': cannot read note " + name + " at "
                    + storage.locate(noteKey(name)) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeNote(String name, String content) {
        try {
            storage.putBytes(noteKey(name), content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + this.name + "': cannot write note " + name + " at "
                    + storage.locate(noteKey(name)) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteNote(String name) {
        try {
            storage.delete(noteKey(name));
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + this.name + "': cannot delete note " + name + " at "
                    + storage.locate(noteKey(name)) + ": " + e.getMessage(), e);
        }
    }

    private String noteKey(String note) {
        if (note.isEmpty() || note.contains("/") || note.startsWith(".")) {
            throw new IllegalArgumentException("invalid note name '" + note + "'");
        }
        return key("notes/" + note);
    }

    // ---------------------------------------------------------------- single writer

    @Override
    public Optional<ProducerLease> producerLease() {
        byte[] bytes;
        try {
            bytes = storage.readBytes(key(LEASE));
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + name + "': cannot read the producer lease "
                    + storage.locate(key(LEASE)) + ": " + e.getMessage(), e);
        }
        if (bytes == null) {
            return Optional.empty();
        }
        String[] fields = new String(bytes, StandardCharsets.UTF_8).trim().split("\n");
        if (fields.length != 2) {
            throw new BlobStoreException("namespace '" + name + "': " + storage.locate(key(LEASE))
                    + " is not a producer lease (expected an owner line and an expiry line)");
        }
        try {
            return Optional.of(new ProducerLease(fields[0], Instant.parse(fields[1])));
        } catch (java.time.format.DateTimeParseException e) {
            throw new BlobStoreException("namespace '" + name + "': " + storage.locate(key(LEASE))
                    + " holds an unreadable expiry '" + fields[1] + "'");
        }
    }

    @Override
    public void writeProducerLease(ProducerLease lease) {
        try {
            storage.putBytes(key(LEASE), (lease.owner() + "\n" + lease.expiresAt() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + name + "': cannot write the producer lease "
                    + storage.locate(key(LEASE)) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void releaseProducerLease(String owner) {
        Optional<ProducerLease> lease = producerLease();
        if (lease.isPresent() && lease.get().isHeldBy(owner)) {
            try {
                storage.delete(key(LEASE));
            } catch (IOException e) {
                throw new BlobStoreException("namespace '" + name + "': cannot release the producer lease "
                        + storage.locate(key(LEASE)) + ": " + e.getMessage(), e);
            }
        }
    }

    // ---------------------------------------------------------------- history and pinning

    @Override
    public OptionalLong announcedVersion() {
        return readVersion(ANNOUNCED);
    }

    @Override
    public OptionalLong pinnedVersion() {
        return readVersion(PINNED);
    }

    @Override
    public OptionalLong targetVersion() {
        OptionalLong pinned = pinnedVersion();
        return pinned.isPresent() ? pinned : announcedVersion();
    }

    private OptionalLong readVersion(String file) {
        byte[] bytes;
        try {
            bytes = storage.readBytes(key(file));
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + name + "': cannot read " + storage.locate(key(file)) + ": "
                    + e.getMessage(), e);
        }
        if (bytes == null) {
            return OptionalLong.empty();
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).trim();
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new BlobStoreException("namespace '" + name + "': " + storage.locate(key(file))
                    + " holds '" + text + "', not a version number");
        }
    }

    @Override
    public List<AnnouncedVersion> history() {
        OptionalLong announced = announcedVersion();
        if (announced.isEmpty()) {
            return List.of();
        }
        List<AnnouncedVersion> entries = new ArrayList<>();
        try {
            for (String entry : storage.list(key(ANNOUNCEMENTS), "")) {
                AnnouncedVersion announcement = parseAnnouncement(entry);
                if (announcement != null && announcement.version() <= announced.getAsLong()) {
                    entries.add(announcement);
                }
            }
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + name + "': cannot list the announcements in "
                    + storage.locate(key(ANNOUNCEMENTS)) + ": " + e.getMessage(), e);
        }
        entries.sort(Comparator.comparing(AnnouncedVersion::announcedAt).thenComparingLong(AnnouncedVersion::version));
        return entries;
    }

    @Override
    public Optional<AnnouncedVersion> versionAt(Instant instant) {
        AnnouncedVersion found = null;
        for (AnnouncedVersion entry : history()) {
            if (entry.announcedAt().isAfter(instant)) {
                break;
            }
            found = entry;
        }
        return Optional.ofNullable(found);
    }

    @Override
    public Map<String, String> headerTags(long version) {
        VerifiedBlob header = verifiedBlob(BlobName.header(version));
        try (InputStream in = header.getInputStream()) {
            return Map.copyOf(new HollowBlobHeaderReader().readHeader(in).getHeaderTags());
        } catch (IOException e) {
            throw failure(version, BlobName.header(version), "cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void pin(long version) {
        if (!isAnnounced(version)) {
            throw new IllegalArgumentException("namespace '" + name + "': cannot pin version " + version
                    + ", which is not an announced version still retained in " + location());
        }
        try {
            storage.putBytes(key(PINNED), Long.toString(version).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + name + "': cannot pin version " + version + " at "
                    + storage.locate(key(PINNED)) + ": " + e.getMessage(), e);
        }
        LOG.info("Namespace '{}' pinned to version {}", name, version);
    }

    @Override
    public void unpin() {
        try {
            storage.delete(key(PINNED));
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + name + "': cannot unpin (" + storage.locate(key(PINNED))
                    + "): " + e.getMessage(), e);
        }
        LOG.info("Namespace '{}' unpinned", name);
    }

    /** Whether {@code version} was announced (and not later than the current announcement). One small listing. */
    private boolean isAnnounced(long version) {
        OptionalLong announced = announcedVersion();
        if (announced.isEmpty() || version > announced.getAsLong()) {
            return false;
        }
        if (version == announced.getAsLong()) {
            return true;
        }
        try {
            return !storage.list(key(ANNOUNCEMENTS), String.format(PADDING, version) + "-").isEmpty();
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + name + "', version " + version
                    + ": cannot read the announcement history: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- retention

    @Override
    public CleanupReport clean(RetentionPolicy retention) {
        OptionalLong announcedOpt = announcedVersion();
        if (announcedOpt.isEmpty()) {
            return new CleanupReport(List.of(), List.of());
        }
        long announced = announcedOpt.getAsLong();
        List<AnnouncedVersion> history = history();
        Set<Long> announcedVersions = new HashSet<>();
        Map<Long, Instant> lastAnnounced = new HashMap<>();
        for (AnnouncedVersion entry : history) {
            announcedVersions.add(entry.version());
            lastAnnounced.merge(entry.version(), entry.announcedAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
        Instant oldest = options.clock().instant().minus(retention.maxAge());
        Set<Long> retained = new TreeSet<>();
        lastAnnounced.entrySet().stream()
                // newest first; versions announced in the same millisecond by version number
                .sorted(Map.Entry.<Long, Instant>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey()).reversed())
                .filter(e -> !e.getValue().isBefore(oldest))
                .limit(retention.maxVersions())
                .forEach(e -> retained.add(e.getKey()));
        retained.add(announced);
        pinnedVersion().ifPresent(retained::add);

        List<BlobName> blobs = blobs("");
        Set<Long> snapshots = new HashSet<>();
        Map<Long, List<Long>> deltasInto = new HashMap<>();
        for (BlobName blob : blobs) {
            if (blob.kind() == BlobName.Kind.SNAPSHOT) {
                snapshots.add(blob.to());
            } else if (blob.kind() == BlobName.Kind.DELTA && announcedVersions.contains(blob.from())) {
                deltasInto.computeIfAbsent(blob.to(), v -> new ArrayList<>()).add(blob.from());
            }
        }
        Set<BlobName> keep = new HashSet<>();
        Set<Long> reachable = new HashSet<>();
        for (long version : retained) {
            keepPathTo(version, snapshots, deltasInto, keep, reachable);
        }
        for (long version : reachable) {
            keep.add(BlobName.header(version));
        }
        // Deltas and reverse deltas between reachable versions let consumers step forward and back without
        // loading a snapshot, even where a snapshot of the same version is kept.
        for (BlobName blob : blobs) {
            if ((blob.kind() == BlobName.Kind.DELTA || blob.kind() == BlobName.Kind.REVERSE_DELTA)
                    && reachable.contains(blob.from()) && reachable.contains(blob.to())) {
                keep.add(blob);
            }
        }
        List<String> deleted = new ArrayList<>();
        try {
            for (BlobName blob : blobs) {
                // Never touch a blob newer than the announcement: it may belong to a cycle in progress.
                if (!keep.contains(blob) && blob.newestVersion() <= announced) {
                    storage.delete(blobKey(blob));
                    storage.delete(checksumKey(blob));
                    deleted.add(blob.toString());
                }
            }
            for (String entry : storage.list(key(ANNOUNCEMENTS), "")) {
                AnnouncedVersion announcement = parseAnnouncement(entry);
                if (announcement != null && announcement.version() <= announced
                        && !reachable.contains(announcement.version())) {
                    storage.delete(key(ANNOUNCEMENTS + "/" + entry));
                }
            }
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + name + "': retention stopped after deleting "
                    + deleted.size() + " blobs in " + location() + ": " + e.getMessage(), e);
        }
        List<Long> kept = new ArrayList<>(new TreeSet<>(reachable));
        kept.retainAll(retained);
        if (!deleted.isEmpty()) {
            LOG.info("Namespace '{}': retention kept {} versions reachable and deleted {} blobs", name,
                    kept.size(), deleted.size());
        }
        return new CleanupReport(List.copyOf(kept), List.copyOf(deleted));
    }

    /**
     * Marks the blobs on the way to {@code version}: back along deltas from announced versions until a snapshot
     * or an already reachable version. Iterative, as a chain can be thousands of deltas long.
     */
    private void keepPathTo(long version, Set<Long> snapshots, Map<Long, List<Long>> deltasInto, Set<BlobName> keep,
                            Set<Long> reachable) {
        List<BlobName> path = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        long current = version;
        while (!reachable.contains(current)) {
            versions.add(current);
            if (snapshots.contains(current)) {
                path.add(BlobName.snapshot(current));
                break;
            }
            List<Long> froms = deltasInto.getOrDefault(current, List.of());
            if (froms.isEmpty()) {
                LOG.warn("Namespace '{}': version {} cannot be reached (no snapshot and no delta into version {});"
                        + " retention keeps nothing for it", name, version, current);
                return;
            }
            long from = froms.stream().mapToLong(Long::longValue).max().getAsLong();
            path.add(BlobName.delta(from, current));
            current = from;
        }
        keep.addAll(path);
        reachable.addAll(versions);
    }

    /** Runs retention from a producer's cycle, at most once per clean interval; a failure is logged, not thrown. */
    private final class RetentionCleaner extends HollowProducer.BlobStorageCleaner {
        private final RetentionPolicy retention;
        private Instant lastRun = Instant.MIN;

        RetentionCleaner(RetentionPolicy retention) {
            this.retention = retention;
        }

        @Override
        public void cleanSnapshots() {
            cleanIfDue();
        }

        @Override
        public void cleanDeltas() {
            cleanIfDue();
        }

        @Override
        public void cleanReverseDeltas() {
            cleanIfDue();
        }

        private synchronized void cleanIfDue() {
            Instant now = options.clock().instant();
            if (lastRun != Instant.MIN && Duration.between(lastRun, now).compareTo(options.cleanInterval()) < 0) {
                return;
            }
            lastRun = now;
            try {
                StoredNamespace.this.clean(retention);
            } catch (RuntimeException e) {
                LOG.warn("Namespace '{}': retention failed, retrying in {}: {}", name, options.cleanInterval(),
                        e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- consumer side

    @Override
    public HollowConsumer.BlobRetriever retriever() {
        return new HollowConsumer.BlobRetriever() {
            @Override
            public HollowConsumer.Blob retrieveSnapshotBlob(long desiredVersion) {
                return newestAnnounced(blobs("snapshot-"), b -> b.to() <= desiredVersion, true);
            }

            @Override
            public HollowConsumer.Blob retrieveDeltaBlob(long currentVersion) {
                return newestAnnounced(blobs("delta-" + currentVersion + "-"), b -> b.from() == currentVersion,
                        false);
            }

            @Override
            public HollowConsumer.Blob retrieveReverseDeltaBlob(long currentVersion) {
                return newestAnnounced(blobs("reversedelta-" + currentVersion + "-"),
                        b -> b.from() == currentVersion, true);
            }

            @Override
            public HollowConsumer.HeaderBlob retrieveHeaderBlob(long desiredVersion) {
                BlobName header = BlobName.header(desiredVersion);
                return exists(checksumKey(header)) ? verifiedBlob(header).asHeader() : null;
            }
        };
    }

    /**
     * Among candidate blobs, the one to an announced version: the newest when {@code newest}, else the oldest
     * (a forward delta steps to the next announced version). Blobs of failed or unannounced cycles are skipped.
     */
    private VerifiedBlob newestAnnounced(List<BlobName> candidates, Predicate<BlobName> filter,
                                         boolean newest) {
        Comparator<BlobName> order = Comparator.comparingLong(BlobName::to);
        candidates.sort(newest ? order.reversed() : order);
        for (BlobName candidate : candidates) {
            if (filter.test(candidate) && isAnnounced(candidate.to())) {
                return verifiedBlob(candidate);
            }
        }
        return null;
    }

    private List<BlobName> blobs(String namePrefix) {
        try {
            List<BlobName> blobs = new ArrayList<>();
            for (String file : storage.list(name, namePrefix)) {
                BlobName blob = BlobName.parse(file);
                if (blob != null) {
                    blobs.add(blob);
                }
            }
            return blobs;
        } catch (IOException e) {
            throw new BlobStoreException("namespace '" + name + "': cannot list the blobs in " + location() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Fetches a blob and checks its length and CRC32C against what its publisher recorded. */
    private VerifiedBlob verifiedBlob(BlobName blob) {
        ObjectStorage.LocalCopy copy;
        byte[] recorded;
        try {
            recorded = storage.readBytes(checksumKey(blob));
            copy = storage.fetch(blobKey(blob));
        } catch (IOException e) {
            throw failure(blob.to(), blob, "cannot be read: " + e.getMessage(), e);
        }
        if (copy == null) {
            throw failure(blob.to(), blob, "is missing");
        }
        try {
            BlobChecksum expected = recorded == null ? null : BlobChecksum.decode(recorded);
            if (expected == null) {
                throw failure(blob.to(), blob, "has no valid checksum at " + storage.locate(checksumKey(blob))
                        + ", so its publish never finished; refusing it");
            }
            BlobChecksum actual = BlobChecksum.of(copy.path());
            if (actual.length() != expected.length()) {
                throw failure(blob.to(), blob, "is " + actual.length() + " bytes but was published with "
                        + expected.length() + " (truncated or overwritten); refusing it");
            }
            if (actual.crc32c() != expected.crc32c()) {
                throw failure(blob.to(), blob, String.format("does not match its published CRC32C (%08x, found "
                        + "%08x): the blob is corrupt; refusing it", expected.crc32c(), actual.crc32c()));
            }
            return new VerifiedBlob(blob, copy);
        } catch (IOException e) {
            throw failure(blob.to(), blob, "cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (copy.temporary()) {
                deleteQuietly(copy.path());
            }
            throw e;
        }
    }

    @Override
    public Watcher announcementWatcher() {
        return new TargetWatcher();
    }

    /**
     * Polls the pinned and announced versions; refreshes subscribed consumers when the target changes, and retries a
     * consumer whose refresh failed, with a doubling wait, until it reaches the target.
     */
    private final class TargetWatcher implements Watcher {
        private static final long MAX_RETRY_WAIT_NANOS = TimeUnit.MINUTES.toNanos(1);
        private final Map<HollowConsumer, Retry> consumers = new ConcurrentHashMap<>();
        private volatile long latest;
        private ScheduledFuture<?> polling;
        private boolean failing;
        private volatile String failure;

        TargetWatcher() {
            latest = targetVersion().orElse(NO_ANNOUNCEMENT_AVAILABLE);
        }

        @Override
        public long getLatestVersion() {
            return latest;
        }

        @Override
        public java.util.Optional<String> failure() {
            return java.util.Optional.ofNullable(failure);
        }

        @Override
        public HollowConsumer.AnnouncementStatus getVersionAnnouncementStatus(long version) {
            return isAnnounced(version) ? HollowConsumer.AnnouncementStatus.ANNOUNCED
                    : HollowConsumer.AnnouncementStatus.NOT_ANNOUNCED;
        }

        @Override
        public synchronized void subscribeToUpdates(HollowConsumer consumer) {
            Retry retry = new Retry();
            consumers.put(consumer, retry);
            consumer.addRefreshListener(new HollowConsumer.AbstractRefreshListener() {
                @Override
                public void refreshFailed(long before, long after, long requested, Throwable cause) {
                    retry.failed(System.nanoTime());
                }

                @Override
                public void refreshSuccessful(long before, long after, long requested) {
                    retry.succeeded();
                }
            });
            if (polling == null) {
                long period = options.pollInterval().toMillis();
                polling = watchers.scheduleWithFixedDelay(this::poll, period, period, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public synchronized void close() {
            if (polling != null) {
                polling.cancel(false);
            }
            consumers.clear();
        }

        private void poll() {
            try {
                long target = targetVersion().orElse(NO_ANNOUNCEMENT_AVAILABLE);
                if (failing) {
                    LOG.info("Namespace '{}': announcements readable again", name);
                    failing = false;
                }
                failure = null;
                boolean changed = target != latest;
                latest = target;
                long now = System.nanoTime();
                consumers.forEach((consumer, retry) -> {
                    if (changed) {
                        consumer.triggerAsyncRefresh();
                    } else if (target != NO_ANNOUNCEMENT_AVAILABLE && consumer.getCurrentVersionId() != target
                            && retry.due(now)) {
                        LOG.info("Namespace '{}': a consumer is on version {} after a failed refresh, not {}; "
                                + "refreshing again", name, consumer.getCurrentVersionId(), target);
                        consumer.triggerAsyncRefresh();
                    }
                });
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // the store is closing
                }
                failure = "cannot read the announced version of '" + name + "', staying on version " + latest
                        + ": " + e.getMessage();
                if (!failing) {
                    LOG.warn("Namespace '{}': cannot read the announced version, consumers stay on version {}: {}",
                            name, latest, e.getMessage());
                    failing = true;
                }
            }
        }

        /**
         * When a consumer whose last refresh failed is retried: the wait doubles from the poll interval after each
         * failure in a row. Only a failure makes a retry due, not a refresh still under way (a large snapshot).
         */
        private final class Retry {
            private long wait = options.pollInterval().toNanos();
            private long dueAt;
            private boolean pending;

            synchronized void failed(long now) {
                pending = true;
                dueAt = now + wait;
                wait = Math.min(wait * 2, MAX_RETRY_WAIT_NANOS);
            }

            synchronized void succeeded() {
                pending = false;
                wait = options.pollInterval().toNanos();
            }

            /** Whether to retry now; the retry's own outcome decides the next one. */
            synchronized boolean due(long now) {
                if (!pending || now - dueAt < 0) {
                    return false;
                }
                pending = false;
                return true;
            }
        }
    }

    /** A blob whose checksum matched; a temporary copy (from S3) is deleted once Hollow has read it. */
    private final class VerifiedBlob extends HollowConsumer.Blob {
        private final ObjectStorage.LocalCopy copy;

        VerifiedBlob(BlobName blob, ObjectStorage.LocalCopy copy) {
            super(blob.kind() == BlobName.Kind.SNAPSHOT || blob.kind() == BlobName.Kind.HEADER ? Long.MIN_VALUE
                    : blob.from(), blob.to());
            this.copy = copy;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            InputStream in = new BufferedInputStream(Files.newInputStream(copy.path()), 1 << 16);
            if (!copy.temporary()) {
                return in;
            }
            return new FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    super.close();
                    deleteQuietly(copy.path());
                }
            };
        }

        @Override
        public File getFile() {
            return copy.path().toFile();
        }

        HollowConsumer.HeaderBlob asHeader() {
            VerifiedBlob self = this;
            return new HollowConsumer.HeaderBlob(getToVersion()) {
                @Override
                public InputStream getInputStream() throws IOException {
                    return self.getInputStream();
                }

                @Override
                public File getFile() {
                    return self.getFile();
                }
            };
        }
    }

    // ---------------------------------------------------------------- keys and errors

    private String key(String file) {
        return name + "/" + file;
    }

    private String blobKey(BlobName blob) {
        return key(blob.toString());
    }

    private String checksumKey(BlobName blob) {
        return key(CHECKSUMS + "/" + blob);
    }

    private String announcementKey(long version, Instant at) {
        return key(ANNOUNCEMENTS + "/" + String.format(PADDING, version) + "-" + String.format(PADDING,
                at.toEpochMilli()));
    }

    private static AnnouncedVersion parseAnnouncement(String entry) {
        int dash = entry.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            return new AnnouncedVersion(Long.parseLong(entry.substring(0, dash)),
                    Instant.ofEpochMilli(Long.parseLong(entry.substring(dash + 1))));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private BlobStoreException failure(long version, BlobName blob, String what) {
        return failure(version, blob, what, null);
    }

    private BlobStoreException failure(long version, BlobName blob, String what, Throwable cause) {
        return new BlobStoreException("namespace '" + name + "', version " + version + ": blob "
                + storage.locate(blobKey(blob)) + " " + what, cause);
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("cannot delete temporary file {}", path, e);
        }
    }
}
