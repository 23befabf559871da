package org.gatekeeper.diff;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.store.AnnouncedVersion;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStoreException;
import org.gatekeeper.model.store.BlobStore;

/**
 * Diffs two states of a blob store, named {@code namespace:version} ({@code latest} for the announced version):
 * resolves and checks the names, loads the states through verified blobs, and keeps the last few states and diffs,
 * since a page asks for the same diff again for every table page and drill-down. Thread-safe.
 */
public final class DiffService {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
    private static final int CACHED_STATES = 6;
    private static final int CACHED_DIFFS = 4;
    /** Input diffs list at most this many changed records with their fields. */
    public static final int LISTED_RECORD_CHANGES = 1_000;

    private final BlobStore store;
    private final Map<String, HollowReadStateEngine> states = lru(CACHED_STATES);
    private final Map<String, StateDiff> diffs = lru(CACHED_DIFFS);
    private final Object computing = new Object();

    public DiffService(BlobStore store) {
        this.store = store;
    }

    public BlobStore store() {
        return store;
    }

    /**
     * Resolves {@code namespace:version}, {@code namespace:latest} (the announced version) or {@code namespace:served}
     * (what consumers serve: the pinned version while one is pinned, otherwise the announced one).
     *
     * @throws DiffException malformed, or naming a namespace or version the store does not hold
     */
    public StateRef resolve(String spec) {
        if (spec == null || spec.isBlank()) {
            throw DiffException.malformed("a state is named NAMESPACE:VERSION or NAMESPACE:latest, got nothing");
        }
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw DiffException.malformed("'" + shown(spec) + "' is not NAMESPACE:VERSION or NAMESPACE:latest");
        }
        String name = spec.substring(0, colon);
        String version = spec.substring(colon + 1);
        BlobNamespace namespace = namespace(name);
        long resolved;
        if (version.equals("latest") || version.equals("served")) {
            // latest: the announced version; served: the one consumers are sent to, the pinned one during a rollback
            OptionalLong announced = version.equals("latest") ? namespace.announcedVersion()
                    : namespace.targetVersion();
            if (announced.isEmpty()) {
                throw DiffException.notFound("namespace '" + name + "' has no announced version yet");
            }
            resolved = announced.getAsLong();
        } else {
            try {
                resolved = Long.parseLong(version);
            } catch (NumberFormatException e) {
                throw DiffException.malformed("version '" + shown(version)
                        + "' is not a number, 'latest' or 'served'");
            }
            long wanted = resolved;
            if (namespace.history().stream().noneMatch(v -> v.version() == wanted)) {
                throw DiffException.notFound("namespace '" + name + "' has no retained version " + resolved);
            }
        }
        return new StateRef(name, resolved, namespace.headerTags(resolved));
    }

    /** PREPROD's latest output and the PROD version it follows: what a rule change would change, and nothing else. */
    public record ReleasePair(StateRef prod, StateRef preprod) {
    }

    /**
     * The pair to validate a rule change on: PREPROD's latest output and the PROD output whose inputs and instant it
     * evaluated ({@code gatekeeper.follows}), not PROD's latest, which may have moved on since.
     *
     * @throws DiffException when there is no PREPROD output yet or it names no PROD version
     */
    public ReleasePair preprodVsProd() {
        if (!store.namespaces().contains("liveness-preprod")
                || store.namespace("liveness-preprod").announcedVersion().isEmpty()) {
            throw DiffException.notFound("no PREPROD output yet: start a PREPROD gatekeeper");
        }
        StateRef preprod = resolve("liveness-preprod:latest");
        String follows = preprod.headerTags().get("gatekeeper.follows");
        if (follows == null) {
            throw DiffException.notFound("PREPROD version " + preprod.version()
                    + " does not say which PROD version it follows");
        }
        // PREPROD's evaluation of a newer PROD version that came out equal made no version (SPEC §5): its note
        // says which PROD version that output now stands for.
        long header = Long.parseLong(follows);
        long followed = org.gatekeeper.core.LastEvaluation.read(store.namespace("liveness-preprod"))
                .filter(last -> last.outputVersion() == preprod.version()
                        && last.outcome() != org.gatekeeper.core.TickResult.Outcome.REFUSED)
                .map(org.gatekeeper.core.LastEvaluation::follows).filter(version -> version > header
                        && store.namespace("liveness-prod").history().stream().anyMatch(v -> v.version() == version))
                .orElse(header);
        return new ReleasePair(resolve("liveness-prod:" + followed), preprod);
    }

    /** A namespace the store holds; a malformed or unknown name is refused. */
    public BlobNamespace namespace(String name) {
        if (name == null || !NAMESPACE.matcher(name).matches()) {
            throw DiffException.malformed("'" + shown(String.valueOf(name)) + "' is not a namespace name");
        }
        if (!store.namespaces().contains(name)) {
            throw DiffException.notFound("no namespace '" + name + "'"); // the store's location stays in the log
        }
        return store.namespace(name);
    }

    /** The retained versions of a namespace, newest first. */
    public List<AnnouncedVersion> versions(String name) {
        List<AnnouncedVersion> history = new java.util.ArrayList<>(namespace(name).history());
        java.util.Collections.reverse(history);
        return history;
    }

    /**
     * The diff of two states; output namespaces diff pair by pair, input datasets record by record. Diffs are
     * computed one at a time: concurrent requests for the same uncached diff wait for one computation instead of each
     * loading both states (at profile {@code netflix} a state is hundreds of MiB).
     */
    public StateDiff diff(StateRef from, StateRef to) {
        return diff(from, to, LISTED_RECORD_CHANGES);
    }

    /** As above, an input diff listing up to {@code listedRecordChanges} changed records (counts cover them all). */
    public StateDiff diff(StateRef from, StateRef to, int listedRecordChanges) {
        synchronized (computing) {
            return computeDiff(from, to, listedRecordChanges);
        }
    }

    private StateDiff computeDiff(StateRef from, StateRef to, int listedRecordChanges) {
        Optional<Dataset<?>> fromDataset = dataset(from.namespace());
        Optional<Dataset<?>> toDataset = dataset(to.namespace());
        if (!fromDataset.equals(toDataset)) {
            throw DiffException.malformed("cannot diff " + from.label() + " with " + to.label()
                    + ": an input dataset diffs only with itself, an output only with an output");
        }
        String key = from.label() + ">" + to.label() + ">" + listedRecordChanges;
        synchronized (diffs) {
            StateDiff cached = diffs.get(key);
            if (cached != null) {
                return cached;
            }
        }
        HollowReadStateEngine fromState = loadState(from);
        HollowReadStateEngine toState = loadState(to);
        StateDiff diff;
        try {
            diff = fromDataset.isPresent()
                    ? InputDiff.between(fromDataset.get(), from, fromState, to, toState, listedRecordChanges)
                    : OutputDiff.between(from, fromState, to, toState);
        } catch (IllegalArgumentException e) {
            throw DiffException.malformed(e.getMessage());
        }
        synchronized (diffs) {
            diffs.put(key, diff);
        }
        return diff;
    }

    /** The state of a resolved reference, loaded through the namespace's verified retriever (one load at a time). */
    public HollowReadStateEngine load(StateRef ref) {
        synchronized (computing) {
            return loadState(ref);
        }
    }

    private HollowReadStateEngine loadState(StateRef ref) {
        String key = ref.label();
        synchronized (states) {
            HollowReadStateEngine cached = states.get(key);
            if (cached != null) {
                return cached;
            }
        }
        HollowReadStateEngine state;
        try {
            state = namespace(ref.namespace()).loadState(ref.version());
        } catch (BlobStoreException e) {
            throw new BlobStoreException("cannot load " + key + ": " + e.getMessage(), e); // the store's problem
        }
        synchronized (states) {
            states.put(key, state);
        }
        return state;
    }

    private static Optional<Dataset<?>> dataset(String namespace) {
        return Dataset.ALL.stream().filter(d -> d.name().equals(namespace)).findFirst().map(d -> (Dataset<?>) d);
    }

    /** At most 80 characters of user input, for messages. */
    static String shown(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static <V> Map<String, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
