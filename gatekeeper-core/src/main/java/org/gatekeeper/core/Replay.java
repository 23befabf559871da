package org.gatekeeper.core;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.store.AnnouncedVersion;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.RetentionPolicy;

/**
 * Re-evaluates a past PROD output (SPEC §7): pins the input versions it recorded, evaluates at its recorded T with
 * its recorded rule set, writes the result to the scratch namespace {@code liveness-replay} (never PROD or
 * PREPROD), and compares the records with what PROD published. One {@code Replay} keeps its evaluator and one
 * consumer per namespace from one version to the next, so a range moves by deltas, re-evaluates incrementally and
 * compares only what changed.
 */
public final class Replay {
    private final BlobStore store;
    private final LivenessPublisher scratch;
    /** Kept across the versions of a range, so statuses keep their ids and the scratch publish writes only changes. */
    private final LivenessEvaluator evaluator = new LivenessEvaluator();
    private final Map<String, HollowConsumer> consumers = new HashMap<>();
    /** Kept across the versions of a range, so each comparison reads only the statuses new on either side. */
    private final OutputComparison.Kept comparison = new OutputComparison.Kept();

    public Replay(BlobStore store) {
        this.store = store;
        this.scratch = new LivenessPublisher(store.namespace(Environment.REPLAY.namespace()), Environment.REPLAY,
                RetentionPolicy.DEFAULT);
    }

    /** Replays the PROD output that was announced at {@code instant}. */
    public ReplayResult at(Instant instant) {
        BlobNamespace prod = store.namespace(Environment.PROD.namespace());
        AnnouncedVersion announced = prod.versionAt(instant).orElseThrow(() -> new IllegalArgumentException(
                "no PROD output was announced at or before " + instant + " (or it is no longer retained) in "
                        + prod.location()));
        return ofVersion(announced.version());
    }

    /**
     * Replays every PROD output version announced in {@code [from, to]}, oldest first, reporting each result to
     * {@code progress} as it completes (with its position and the total).
     */
    public List<ReplayResult> range(Instant from, Instant to, Progress progress) {
        BlobNamespace prod = store.namespace(Environment.PROD.namespace());
        List<Long> versions = prod.history().stream()
                .filter(entry -> !entry.announcedAt().isBefore(from) && !entry.announcedAt().isAfter(to))
                .map(AnnouncedVersion::version)
                .distinct()
                .toList();
        List<ReplayResult> results = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            ReplayResult result = ofVersion(versions.get(i));
            results.add(result);
            progress.replayed(i + 1, versions.size(), result);
        }
        return results;
    }

    /** Hears about each replay of a range as it completes. */
    @FunctionalInterface
    public interface Progress {
        void replayed(int done, int total, ReplayResult result);
    }

    /** Replays one PROD output version (one at a time: the evaluator and the scratch publisher are kept). */
    public synchronized ReplayResult ofVersion(long prodVersion) {
        long started = System.nanoTime();
        BlobNamespace prod = store.namespace(Environment.PROD.namespace());
        if (prod.history().stream().noneMatch(announced -> announced.version() == prodVersion)) {
            throw new IllegalArgumentException("version " + prodVersion + " is not a retained, announced version of "
                    + prod.name() + " in " + store.location() + " (gatekeeper status and the page list them)");
        }
        ProdOutput recorded = ProdOutput.read(prod, prodVersion);
        Map<Dataset<?>, HollowReadStateEngine> states = new LinkedHashMap<>();
        recorded.inputs().forEach((dataset, version) -> states.put(dataset, load(store.namespace(dataset.name()),
                version)));
        long loaded = System.nanoTime();
        Evaluation evaluation = evaluator.evaluate(new PinnedInputs(recorded.inputs(), states),
                recorded.evaluatedAt(), RuleSet.named(recorded.rules()));
        long evaluated = System.nanoTime();
        long replayVersion = scratch.publish(evaluation, recorded.inputs(), prodVersion);
        long published = System.nanoTime();

        List<Long> differing = OutputComparison.differingVideos(load(prod, prodVersion), evaluation, comparison);
        ReplayResult.Stages stages = new ReplayResult.Stages(Duration.ofNanos(loaded - started),
                Duration.ofNanos(evaluated - loaded), Duration.ofNanos(published - evaluated),
                Duration.ofNanos(System.nanoTime() - published));
        return new ReplayResult(prodVersion, replayVersion, recorded.evaluatedAt(), recorded.rules(),
                differing.isEmpty(), differing.size(), List.copyOf(differing.subList(0, Math.min(10,
                differing.size()))), stages);
    }

    /**
     * The state of {@code namespace} at {@code version}, from a consumer kept per namespace: across a range, each
     * input and PROD's output move to the next version by deltas instead of a snapshot load each.
     */
    private HollowReadStateEngine load(BlobNamespace namespace, long version) {
        HollowConsumer consumer = consumers.get(namespace.name());
        if (consumer != null) {
            consumer.triggerRefreshTo(version);
        }
        if (consumer == null || consumer.getCurrentVersionId() != version) {
            // No consumer yet, or no delta path from where it is: load the version as a new consumer would.
            consumer = HollowConsumer.withBlobRetriever(namespace.retriever()).build();
            consumers.put(namespace.name(), consumer);
            consumer.triggerRefreshTo(version);
        }
        if (consumer.getCurrentVersionId() != version) {
            throw new IllegalStateException("cannot load version " + version + " of " + namespace.location()
                    + ": it is not retained any more, or a blob on the way is damaged (see the log)");
        }
        return consumer.getStateEngine();
    }
}
