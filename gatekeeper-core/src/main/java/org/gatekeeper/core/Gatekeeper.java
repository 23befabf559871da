package org.gatekeeper.core;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.RetentionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gatekeeper's tick (SPEC §5, §7).
 *
 * <ul>
 *   <li>PROD pins every input at its latest announced version, evaluates the whole catalog at the tick's instant
 *       and publishes {@code liveness-prod} with the header tags that make it replayable. Nothing is published
 *       until every input has a version.</li>
 *   <li>PREPROD reads PROD's latest output header, pins exactly those input versions and that instant,
 *       evaluates with its own rule set and publishes {@code liveness-preprod} with {@code gatekeeper.follows}:
 *       the two outputs differ only where the rules do.</li>
 * </ul>
 * Input consumers are kept between ticks, so a tick loads deltas, not snapshots.
 */
public final class Gatekeeper {
    private static final Logger LOG = LoggerFactory.getLogger(Gatekeeper.class);

    private final BlobStore store;
    private final Environment environment;
    private final RuleSet rules;
    private final Clock clock;
    private final LivenessEvaluator evaluator;
    private final LivenessPublisher publisher;
    private final Map<Dataset<?>, HollowConsumer> consumers = new LinkedHashMap<>();
    private long outputVersion;
    private long followed = Long.MIN_VALUE;

    /** The PROD gatekeeper. */
    public Gatekeeper(BlobStore store, RuleSet rules, Clock clock) {
        this(store, Environment.PROD, rules, clock);
    }

    private Gatekeeper(BlobStore store, Environment environment, RuleSet rules, Clock clock) {
        this.store = store;
        this.environment = environment;
        this.rules = rules;
        this.clock = clock;
        this.evaluator = new LivenessEvaluator();
        BlobNamespace output = store.namespace(environment.namespace());
        this.publisher = new LivenessPublisher(output, environment, RetentionPolicy.DEFAULT);
        this.outputVersion = output.announcedVersion().orElse(0);
    }

    /** A PREPROD gatekeeper: follows PROD's inputs and instant, runs {@code rules}. */
    public static Gatekeeper preprod(BlobStore store, RuleSet rules) {
        return new Gatekeeper(store, Environment.PREPROD, rules, Clock.systemUTC());
    }

    /** One tick: PROD at the clock's instant, PREPROD at the instant of PROD's latest output. */
    public TickResult tick() {
        return environment == Environment.PROD ? prodTick() : followTick();
    }

    private TickResult followTick() {
        BlobNamespace prod = store.namespace(Environment.PROD.namespace());
        OptionalLong prodVersion = prod.announcedVersion();
        if (prodVersion.isEmpty()) {
            LOG.warn("PREPROD waits: PROD has published nothing yet in {}", prod.location());
            return new TickResult(TickResult.Outcome.WAITING, outputVersion, Map.of(), 0, List.of("liveness-prod"),
                    Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }
        long follows = prodVersion.getAsLong();
        ProdOutput header = ProdOutput.read(prod, follows);
        if (follows == followed) {
            return new TickResult(TickResult.Outcome.UNCHANGED, outputVersion, header.inputs(),
                    header.evaluatedAt(), List.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }
        TickResult result = evaluateAndPublish(header.inputs(), header.evaluatedAt(), follows);
        followed = follows;
        return result;
    }

    private TickResult prodTick() {
        long t = clock.millis();
        Map<Dataset<?>, Long> versions = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Dataset<?> dataset : Dataset.ALL) {
            OptionalLong announced = store.namespace(dataset.name()).announcedVersion();
            if (announced.isPresent()) {
                versions.put(dataset, announced.getAsLong());
            } else {
                missing.add(dataset.name());
            }
        }
        if (!missing.isEmpty()) {
            LOG.warn("Gatekeeper waits: inputs {} have never been published in {}; nothing is published until "
                    + "every input has a version", missing, store.location());
            return new TickResult(TickResult.Outcome.WAITING, outputVersion, Map.of(), t, missing, Duration.ZERO,
                    Duration.ZERO, Duration.ZERO);
        }
        return evaluateAndPublish(versions, t, null);
    }

    private TickResult evaluateAndPublish(Map<Dataset<?>, Long> versions, long t, Long follows) {
        long started = System.nanoTime();
        Map<Dataset<?>, HollowReadStateEngine> states = new LinkedHashMap<>();
        versions.forEach((dataset, version) -> states.put(dataset, load(dataset, version)));
        long loaded = System.nanoTime();
        Evaluation evaluation = evaluator.evaluate(new PinnedInputs(versions, states), t, rules);
        long evaluated = System.nanoTime();
        long version = publisher.publish(evaluation, versions, follows);
        long published = System.nanoTime();
        boolean changed = version != outputVersion && version != 0;
        if (changed) {
            outputVersion = version;
        }
        TickResult result = new TickResult(changed ? TickResult.Outcome.PUBLISHED : TickResult.Outcome.UNCHANGED,
                outputVersion, versions, t, List.of(), Duration.ofNanos(loaded - started),
                Duration.ofNanos(evaluated - loaded), Duration.ofNanos(published - evaluated));
        LOG.info("{} tick at T={}: {} version {} ({} live pairs of {}); refresh {} ms, evaluate {} ms, "
                        + "publish {} ms", environment, t, result.outcome(), outputVersion, evaluation.livePairs(),
                (long) evaluation.videoCount() * evaluation.countries().size(), result.refresh().toMillis(),
                result.evaluate().toMillis(), result.publish().toMillis());
        return result;
    }

    private HollowReadStateEngine load(Dataset<?> dataset, long version) {
        HollowConsumer consumer = consumers.computeIfAbsent(dataset, d ->
                HollowConsumer.withBlobRetriever(store.namespace(d.name()).retriever()).build());
        consumer.triggerRefreshTo(version);
        if (consumer.getCurrentVersionId() != version) {
            throw new IllegalStateException("input '" + dataset + "' could not be pinned to version " + version
                    + " (the consumer is at " + consumer.getCurrentVersionId() + "); see the log for the blob "
                    + "that failed");
        }
        return consumer.getStateEngine();
    }
}
