package org.gatekeeper.core;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.api.custom.HollowAPI;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.list.HollowListTypeReadState;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.gatekeeper.model.Blocker;
import org.gatekeeper.model.VideoStatus;
import org.gatekeeper.model.store.BlobNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service embeds (SPEC §8): a Hollow consumer of {@code liveness-prod} (or any liveness namespace) that
 * follows announcements and pins, with O(1) lookups.
 *
 * <pre>{@code
 * LivenessClient client = LivenessClient.follow(store.namespace("liveness-prod"));
 * if (client.isLive(80_123_456L, "FR")) { ... }
 * }</pre>
 *
 * <p>{@link #isLive} reads three fields by ordinal through an index rebuilt once per new version (video id to
 * ordinal, country code to list position): no allocation, no locks. When a refresh fails (a damaged blob, the
 * store unreachable) the client stays on its last good version and {@link #lastRefreshFailure()} says why, also while
 * the store cannot even say which version is announced.
 */
public final class LivenessClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessClient.class);

    private final BlobNamespace namespace;
    private final BlobNamespace.Watcher watcher;
    private final HollowConsumer consumer;
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
    private volatile Index index;
    private volatile boolean closed;
    private long notified = Long.MIN_VALUE;
    private volatile String lastFailure;
    private final java.util.concurrent.atomic.AtomicLong refreshFailures = new java.util.concurrent.atomic.AtomicLong();

    private LivenessClient(BlobNamespace namespace) {
        this.namespace = namespace;
        this.watcher = namespace.announcementWatcher();
        this.consumer = HollowConsumer.withBlobRetriever(namespace.retriever())
                .withAnnouncementWatcher(watcher)
                .withRefreshListener(new HollowConsumer.AbstractRefreshListener() {
                    // A delta changes the state in place, and Hollow keeps the records it removed readable only
                    // until the next one: the index is rebuilt after every delta of a refresh, not once at its end,
                    // so the ordinals it holds always name records of the state it reads.
                    @Override
                    public void deltaUpdateOccurred(HollowAPI api, HollowReadStateEngine state, long version) {
                        index(state, version);
                    }

                    // A snapshot builds a new state; the current index keeps reading the old one until this.
                    @Override
                    public void snapshotUpdateOccurred(HollowAPI api, HollowReadStateEngine state, long version) {
                        index(state, version);
                    }

                    @Override
                    public void refreshSuccessful(long before, long after, long requested) {
                        lastFailure = null;
                        announce(after);
                    }

                    @Override
                    public void refreshFailed(long before, long after, long requested, Throwable cause) {
                        lastFailure = "refresh to version " + requested + " failed, staying on version " + after
                                + ": " + rootMessage(cause);
                        refreshFailures.incrementAndGet(); // after the message: a reader seeing the count sees why
                        LOG.warn("Liveness client of {}: {}", namespace.name(), lastFailure);
                        announce(after); // deltas applied before the failure: the client serves that version now
                    }
                })
                .build();
    }

    /**
     * A client following the namespace's announced (or pinned) version; loads it before returning. When that load
     * fails, the client answers as if the namespace were empty and keeps trying (see {@link #lastRefreshFailure()}).
     */
    public static LivenessClient follow(BlobNamespace namespace) {
        LivenessClient client = new LivenessClient(namespace);
        if (namespace.targetVersion().isPresent()) {
            try {
                client.consumer.triggerRefresh();
            } catch (RuntimeException e) {
                client.lastFailure = "first refresh failed: " + rootMessage(e);
                LOG.warn("Liveness client of {}: {}", namespace.name(), client.lastFailure);
            }
        }
        return client;
    }

    /** Whether the video is live in the country; false for an unknown video or country. */
    public boolean isLive(long videoId, String country) {
        Index current = index;
        return current != null && current.isLive(videoId, country);
    }

    /** Why the video is not live in the country, sorted; empty when it is live or unknown. */
    public List<Blocker> blockers(long videoId, String country) {
        Index current = index;
        if (current == null) {
            return List.of();
        }
        int status = current.status(videoId, country);
        if (status < 0) {
            return List.of();
        }
        OutputTypes types = current.types;
        return types.blockers(types.statuses.readOrdinal(status, types.blockersField), types::string);
    }

    /** The countries where the video is live, sorted; empty for an unknown video. */
    public List<String> liveCountries(long videoId) {
        Index current = index; // one version for every country
        List<String> live = new ArrayList<>();
        if (current == null) {
            return live;
        }
        for (String country : current.countryPosition.keySet()) {
            if (current.isLive(videoId, country)) {
                live.add(country);
            }
        }
        live.sort(null);
        return live;
    }

    /** The whole status of one video, or empty. */
    public Optional<VideoStatus> status(long videoId) {
        Index current = index;
        int video = current == null ? -1 : current.videoOrdinal.get(videoId);
        if (video < 0) {
            return Optional.empty();
        }
        return Optional.of(LivenessReader.read(new com.netflix.hollow.api.objects.generic.GenericHollowObject(
                current.state, "VideoStatus", video)));
    }

    /** The version the client serves: the one its lookups answer from. */
    public long currentVersion() {
        Index current = index;
        return current == null ? consumer.getCurrentVersionId() : current.version;
    }

    /** The header tags of the version the client serves: input versions, T, environment, rules; empty before one. */
    public Map<String, String> headerTags() {
        Index current = index;
        return current == null ? Map.of() : current.headerTags;
    }

    /** Called with each new version, after the index is rebuilt. */
    public void addListener(LongConsumer onNewVersion) {
        listeners.add(onNewVersion);
    }

    /** Pins every client following this namespace to {@code version} (an announced, retained one). */
    public void pin(long version) {
        namespace.pin(version);
    }

    public void unpin() {
        namespace.unpin();
    }

    /**
     * Publishes this client's meters, tagged {@code namespace}: {@code gatekeeper.client.version} (the version it
     * serves) and {@code gatekeeper.client.refresh.failures} (refreshes refused, for example a corrupt blob).
     */
    public LivenessClient withMeterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.Gauge.builder("gatekeeper.client.version", this, LivenessClient::currentVersion)
                .tag("namespace", namespace.name()).description("The version the liveness client serves")
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("gatekeeper.client.refresh.failures", refreshFailures,
                        java.util.concurrent.atomic.AtomicLong::doubleValue)
                .tag("namespace", namespace.name()).description("Refreshes that failed; the client stayed on its version")
                .register(registry);
        return this;
    }

    /** Refreshes that failed since the client started; it stayed on its last good version each time. */
    public long refreshFailures() {
        return refreshFailures.get();
    }

    /**
     * Why the client may be behind, if it may: the announced version cannot be read now (the store is unreachable),
     * or else the last refresh failed. Empty when the client is following its namespace as it should.
     */
    public Optional<String> lastRefreshFailure() {
        Optional<String> watching = watcher.failure();
        return watching.isPresent() ? watching : Optional.ofNullable(lastFailure);
    }

    /** Stops following the namespace (no more polling or refreshes) and lets go of the state. */
    @Override
    public void close() {
        closed = true;
        watcher.close();
        listeners.clear();
        index = null;
    }

    private void index(HollowReadStateEngine state, long version) {
        if (!closed) {
            index = new Index(state, version);
        }
    }

    /** Tells the listeners about a version the client now serves (once per version, on the refresh thread). */
    private void announce(long version) {
        Index current = index;
        if (current == null || current.version != version || version == notified) {
            return;
        }
        notified = version;
        for (LongConsumer listener : listeners) {
            try {
                listener.accept(version);
            } catch (RuntimeException e) {
                LOG.warn("Liveness client listener failed on version {}", version, e);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && messages.indexOf(t.getMessage()) < 0) {
                messages.append(messages.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return messages.toString();
    }

    /** Ordinal lookups for one version, with the state and header tags they answer from. */
    private static final class Index {
        final long version;
        final HollowReadStateEngine state;
        final Map<String, String> headerTags;
        final LongIntMap videoOrdinal;
        /** Video id to the ordinal of its list of statuses: one lookup fewer than through the video record. */
        final LongIntMap statusList;
        /** One bit per CountryStatus ordinal: live or not, small enough to stay in cache. */
        final long[] liveStatuses;
        final Map<String, Integer> countryPosition = new HashMap<>();
        final OutputTypes types;
        /** The lists of statuses, held here too: {@link #status} reads them on every lookup. */
        private final HollowListTypeReadState statusLists;

        Index(HollowReadStateEngine state, long version) {
            this.version = version;
            this.state = state;
            this.headerTags = Map.copyOf(state.getHeaderTags());
            types = OutputTypes.of(state);
            statusLists = types.statusLists;
            HollowObjectTypeReadState videos = types.videos;
            HollowObjectTypeReadState statuses = types.statuses;
            int videoIdField = types.videoIdField;
            int countriesField = types.countriesField;
            BitSet ordinals = videos.getPopulatedOrdinals();
            videoOrdinal = new LongIntMap(Math.max(1, ordinals.cardinality()));
            statusList = new LongIntMap(Math.max(1, ordinals.cardinality()));
            for (int o = ordinals.nextSetBit(0); o >= 0; o = ordinals.nextSetBit(o + 1)) {
                long id = videos.readLong(o, videoIdField);
                videoOrdinal.put(id, o);
                statusList.put(id, videos.readOrdinal(o, countriesField));
            }
            BitSet statusOrdinals = statuses.getPopulatedOrdinals();
            liveStatuses = new long[(statusOrdinals.length() + 64) >>> 6];
            for (int o = statusOrdinals.nextSetBit(0); o >= 0; o = statusOrdinals.nextSetBit(o + 1)) {
                if (Boolean.TRUE.equals(statuses.readBoolean(o, types.liveField))) {
                    liveStatuses[o >>> 6] |= 1L << o;
                }
            }
            int first = ordinals.nextSetBit(0);
            if (first >= 0) {
                int list = videos.readOrdinal(first, countriesField);
                for (int i = 0, n = statusLists.size(list); i < n; i++) {
                    int status = statusLists.getElementOrdinal(list, i);
                    countryPosition.put(types.string(statuses.readOrdinal(status, types.countryField)), i);
                }
            }
        }

        boolean isLive(long videoId, String country) {
            int status = status(videoId, country);
            return status >= 0 && (liveStatuses[status >>> 6] & (1L << status)) != 0;
        }

        /** The CountryStatus ordinal of a pair, or -1. */
        int status(long videoId, String country) {
            int list = statusList.get(videoId);
            Integer position = countryPosition.get(country);
            if (list < 0 || position == null) {
                return -1;
            }
            return statusLists.getElementOrdinal(list, position);
        }
    }
}
