package org.gatekeeper.core;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.api.producer.VersionMinterWithCounter;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.IntegrityCheck;
import org.gatekeeper.model.store.NamespaceLease;
import org.gatekeeper.model.store.RetentionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gatekeeper's tick (SPEC §5, §7).
 *
 * <ul>
 *   <li>PROD pins every input at its latest announced version (or the version an operator pinned), evaluates the
 *       whole catalog at the tick's instant and publishes {@code liveness-prod} with the header tags that make it
 *       replayable. Nothing is published until every input has a version.</li>
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
    /** The note a refused publish leaves in the output namespace: version, input versions, reason. */
    public static final String GUARD_REFUSED = "guard-refused";
    /** The note an operator writes, holding a refused version, to publish it anyway. */
    public static final String GUARD_OVERRIDE = "guard-override";
    private double maxUnliveShare = 0.05;
    /** Whether the guard's notes may be in the store: at start (a refusal before a restart), and after a refusal. */
    private boolean guardNotesMayExist = true;
    private LiveSet announcedLive;
    private long refusals;
    private MeterRegistry registry = new SimpleMeterRegistry();
    private volatile long livePairs;
    private volatile long evaluatedAt;
    /** When each input version the last evaluation pinned was announced, epoch milliseconds. */
    private final Map<Dataset<?>, Long> pinnedAnnouncedAt = new java.util.concurrent.ConcurrentHashMap<>();

    /** The PROD gatekeeper, its output checked before each announcement with {@link IntegrityCheck#CHANGES}. */
    public Gatekeeper(BlobStore store, RuleSet rules, Clock clock) {
        this(store, Environment.PROD, rules, clock, IntegrityCheck.CHANGES);
    }

    /** The PROD gatekeeper, its output checked before each announcement as {@code check} says. */
    public Gatekeeper(BlobStore store, RuleSet rules, Clock clock, IntegrityCheck check) {
        this(store, Environment.PROD, rules, clock, check);
    }

    /**
     * Registers this gatekeeper's meters, all tagged {@code environment}: tick time by phase
     * ({@code gatekeeper.tick}), refusals ({@code gatekeeper.guard.refusals}), the output version, live pairs,
     * the instant T of the last evaluation ({@code gatekeeper.evaluated.at}, also when it made no new version) and
     * each input's staleness, the age of the version the last evaluation pinned ({@code gatekeeper.input.staleness}).
     */
    public Gatekeeper withMeterRegistry(MeterRegistry newRegistry) {
        this.registry = newRegistry;
        String env = environment.name();
        Gauge.builder("gatekeeper.output.version", () -> outputVersion).tag("environment", env)
                .register(newRegistry);
        Gauge.builder("gatekeeper.live.pairs", () -> livePairs).tag("environment", env).register(newRegistry);
        Gauge.builder("gatekeeper.guard.refusals", () -> refusals).tag("environment", env).register(newRegistry);
        Gauge.builder("gatekeeper.evaluated.at", () -> evaluatedAt).tag("environment", env).baseUnit("milliseconds")
                .description("The instant T of the last evaluation, epoch milliseconds").register(newRegistry);
        for (Dataset<?> dataset : Dataset.ALL) {
            Gauge.builder("gatekeeper.input.staleness", () -> staleness(dataset))
                    .tag("environment", env).tag("dataset", dataset.name()).baseUnit("seconds")
                    .description("Age of the pinned version of an input").register(newRegistry);
        }
        return this;
    }

    private Gatekeeper(BlobStore store, Environment environment, RuleSet rules, Clock clock, IntegrityCheck check) {
        this.store = store;
        this.environment = environment;
        this.rules = rules;
        this.clock = clock;
        this.evaluator = new LivenessEvaluator();
        BlobNamespace output = store.namespace(environment.namespace());
        this.publisher = new LivenessPublisher(output, environment, RetentionPolicy.DEFAULT, check);
        this.outputVersion = output.announcedVersion().orElse(0);
    }

    /** A PREPROD gatekeeper: follows PROD's inputs and instant, runs {@code rules}. */
    public static Gatekeeper preprod(BlobStore store, RuleSet rules) {
        return preprod(store, rules, IntegrityCheck.CHANGES);
    }

    /** A PREPROD gatekeeper whose output is checked before each announcement as {@code check} says. */
    public static Gatekeeper preprod(BlobStore store, RuleSet rules, IntegrityCheck check) {
        return new Gatekeeper(store, Environment.PREPROD, rules, Clock.systemUTC(), check);
    }

    /** Announces only while {@code lease} (of this environment's output namespace) is still held. */
    public Gatekeeper withLease(NamespaceLease lease) {
        publisher.withLease(lease);
        return this;
    }

    /** The publish guard's limit: the share of live pairs one output may turn not live (default 5 %). */
    public Gatekeeper withMaxUnliveShare(double share) {
        this.maxUnliveShare = share;
        return this;
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
                    Duration.ZERO, Duration.ZERO, Duration.ZERO, null);
        }
        long follows = prodVersion.getAsLong();
        ProdOutput header = ProdOutput.read(prod, follows);
        if (follows == followed) {
            return new TickResult(TickResult.Outcome.UNCHANGED, outputVersion, header.inputs(),
                    header.evaluatedAt(), List.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO, null);
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
            // The version consumers of the input are sent to: the pinned one while an operator holds it back.
            OptionalLong announced = store.namespace(dataset.name()).targetVersion();
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
                    Duration.ZERO, Duration.ZERO, null);
        }
        Refusal approved = approvedRefusal();
        if (approved != null) {
            try {
                approved.inputs().forEach(this::load);
            } catch (RuntimeException e) { // not retained any more, or damaged: the approval can never be honoured
                voidApproval("its inputs " + approved.inputs() + " cannot be loaded (" + e.getMessage() + ")");
                approved = null;
            }
        }
        if (approved != null) {
            LOG.warn("PROD publishes version {} despite the guard: an operator override names it (its inputs {} and "
                    + "T={} as refused: {})", approved.candidate(), approved.inputs(),
                    Instant.ofEpochMilli(approved.t()), approved.reason());
            return evaluateAndPublish(approved.inputs(), approved.t(), null, approved.candidate());
        }
        return evaluateAndPublish(versions, t, null, null);
    }

    private TickResult evaluateAndPublish(Map<Dataset<?>, Long> versions, long t, Long follows) {
        return evaluateAndPublish(versions, t, follows, null);
    }

    /**
     * Evaluates and publishes; PROD's output goes through the publish guard unless {@code approved} names the
     * version an operator approved (then it is published under that version).
     */
    private TickResult evaluateAndPublish(Map<Dataset<?>, Long> versions, long t, Long follows, Long approved) {
        long started = System.nanoTime();
        Map<Dataset<?>, HollowReadStateEngine> states = new LinkedHashMap<>();
        versions.forEach((dataset, version) -> states.put(dataset, load(dataset, version)));
        long loaded = System.nanoTime();
        Evaluation evaluation = evaluator.evaluate(new PinnedInputs(versions, states), t, rules);
        long evaluated = System.nanoTime();
        LiveSet next = null;
        if (environment == Environment.PROD) {
            next = LiveSet.of(evaluation);
            String refusal = approved == null ? guard(next, versions, t) : null;
            if (refusal != null) {
                return evaluated(new TickResult(TickResult.Outcome.REFUSED, outputVersion, versions, t, List.of(),
                        Duration.ofNanos(loaded - started), Duration.ofNanos(evaluated - loaded), Duration.ZERO,
                        refusal), follows);
            }
        }
        long version = publisher.publish(evaluation, versions, follows, approved);
        long published = System.nanoTime();
        livePairs = evaluation.livePairs();
        timer("refresh").record(Duration.ofNanos(loaded - started));
        timer("evaluate").record(Duration.ofNanos(evaluated - loaded));
        timer("publish").record(Duration.ofNanos(published - evaluated));
        LivenessPublisher.CycleStages stages = publisher.lastStages();
        stageTimer("populate").record(stages.populate());
        stageTimer("blobs").record(stages.blobs());
        stageTimer("integrity-check").record(stages.integrityCheck());
        stageTimer("announce").record(stages.announce());
        boolean changed = version != outputVersion && version != 0;
        if (changed) {
            outputVersion = version;
        }
        if (next != null) {
            announcedLive = next;
            if (guardNotesMayExist) { // whatever they named was published or is moot now
                deleteGuardNotes();
            }
        }
        TickResult result = new TickResult(changed ? TickResult.Outcome.PUBLISHED : TickResult.Outcome.UNCHANGED,
                outputVersion, versions, t, List.of(), Duration.ofNanos(loaded - started),
                Duration.ofNanos(evaluated - loaded), Duration.ofNanos(published - evaluated), null);
        LivenessPublisher.WriteCounts written = publisher.lastWrite();
        LOG.info("{} tick at T={}: {} version {} ({} live pairs of {}); refresh {} ms, evaluate {} ms, "
                        + "publish {} ms ({}; statuses: {} written, {} carried over; videos: {} written, {} carried "
                        + "over)",
                environment, t, result.outcome(), outputVersion, evaluation.livePairs(),
                (long) evaluation.videoCount() * evaluation.countries().size(), result.refresh().toMillis(),
                result.evaluate().toMillis(), result.publish().toMillis(), publisher.lastStages(),
                written.statusesWritten(),
                written.statusesKept(), written.videosWritten(), written.videosKept());
        return evaluated(result, follows);
    }

    /**
     * Shows what {@code tick} evaluated, whatever came of it: T and the inputs' staleness in metrics, and the note
     * {@link LastEvaluation} for status and the page (SPEC §5: also when the evaluation made no new version).
     */
    private TickResult evaluated(TickResult tick, Long follows) {
        evaluatedAt = tick.evaluatedAt();
        recordStaleness(tick.inputs());
        try {
            output().writeNote(LastEvaluation.NOTE, LastEvaluation.of(tick, follows).text());
        } catch (RuntimeException e) { // the store is down: the tick stands, the next one writes the note again
            LOG.warn("{} could not write the note {} of {}: {}", environment, LastEvaluation.NOTE,
                    output().location(), e.toString());
        }
        return tick;
    }

    /**
     * The publish guard: an output that turns more than {@link #maxUnliveShare} of the announced output's live
     * pairs not live, or loses videos, is refused; returns why, or null to publish. The first refusal since the last
     * publish is the candidate an operator can approve: its version, inputs, T and reason go in the note
     * {@value #GUARD_REFUSED}, and stay there while later ticks are refused too, so the version an operator names in
     * {@value #GUARD_OVERRIDE} is exactly the output they read about ({@link #approvedRefusal}).
     */
    private String guard(LiveSet next, Map<Dataset<?>, Long> versions, long t) {
        BlobNamespace output = output();
        if (announcedLive == null) {
            OptionalLong announced = output.announcedVersion();
            if (announced.isEmpty()) {
                return null;
            }
            announcedLive = LiveSet.of(load(output, announced.getAsLong()));
        }
        LiveSet.Change change = announcedLive.changeTo(next);
        if (change.unlivedShare() <= maxUnliveShare && change.lostVideos() == 0) {
            return null;
        }
        String what = String.format("it would make %d of %d live pairs not live (%.1f %%, limit %.1f %%) and lose %d "
                        + "videos", change.unlived(), change.previouslyLive(), 100 * change.unlivedShare(),
                100 * maxUnliveShare, change.lostVideos());
        Refusal pending = Refusal.read(output).filter(r -> r.base() == outputVersion && r.rules().equals(rules.id()))
                .orElse(null);
        String reason;
        long candidate;
        if (pending == null) {
            // Above anything this publisher made, no-op cycles included, whatever this host's clock says.
            candidate = Math.max(new VersionMinterWithCounter().mint(),
                    Math.max(outputVersion, publisher.lastMinted()) + 1);
            reason = String.format("refused output version %d (T=%s): %s; to publish it anyway, write %d to the note "
                    + "%s of %s", candidate, Instant.ofEpochMilli(t), what, candidate, GUARD_OVERRIDE,
                    output.location());
            guardNotesMayExist = true;
            new Refusal(candidate, outputVersion, t, rules.id(), versions, reason).write(output);
        } else if (pending.t() == t && pending.inputs().equals(versions)) {
            candidate = pending.candidate();
            reason = pending.reason();
        } else {
            candidate = pending.candidate();
            reason = String.format("refused the output of T=%s: %s; the first refused output since version %d, "
                    + "version %d, still awaits approval (note %s of %s)", Instant.ofEpochMilli(t), what, outputVersion,
                    pending.candidate(), GUARD_REFUSED, output.location());
        }
        // A mistyped or outdated approval would otherwise wait in silence while the operator waits for the publish.
        String override = output.note(GUARD_OVERRIDE).map(String::trim).orElse(null);
        if (override != null && !override.equals(Long.toString(candidate))) {
            reason += String.format("; the note %s names '%s', not the refused version %d, so it approves nothing",
                    GUARD_OVERRIDE, override, candidate);
        }
        refusals++;
        registry.counter("gatekeeper.guard.refused", "environment", environment.name()).increment();
        LOG.error("Publish guard: {}", reason);
        return reason;
    }

    /** The refused candidate an operator approved, still due (refused since the announced version), or null. */
    private Refusal approvedRefusal() {
        if (!guardNotesMayExist) {
            return null;
        }
        BlobNamespace output = output();
        Optional<Refusal> refused = Refusal.read(output);
        if (refused.isEmpty()) {
            // None, or one this code cannot read (then the next publish removes it)
            guardNotesMayExist = output.note(GUARD_REFUSED).isPresent();
            return null;
        }
        Refusal refusal = refused.get();
        boolean named = output.note(GUARD_OVERRIDE).map(String::trim).filter(Long.toString(refusal.candidate())::equals)
                .isPresent();
        if (!named) {
            return null;
        }
        if (refusal.base() != outputVersion || refusal.candidate() <= Math.max(outputVersion, publisher.lastMinted())) {
            voidApproval("it was refused when version " + refusal.base() + " was announced; version " + outputVersion
                    + " is announced now (and " + publisher.lastMinted() + " the last made)");
            return null;
        }
        if (!refusal.rules().equals(rules.id())) {
            voidApproval("rule set " + refusal.rules() + " made it; this gatekeeper runs " + rules.id());
            return null;
        }
        return refusal;
    }

    /** An override that can never publish what it names: said why, and both notes removed. */
    private void voidApproval(String why) {
        LOG.error("The override in the note {} of {} is void, so both notes are removed: {}", GUARD_OVERRIDE,
                output().location(), why);
        deleteGuardNotes();
    }

    private void deleteGuardNotes() {
        try {
            output().deleteNote(GUARD_REFUSED);
            output().deleteNote(GUARD_OVERRIDE);
            guardNotesMayExist = false;
        } catch (RuntimeException e) { // the store is down: the next publish tries again
            LOG.warn("{} could not remove the notes {} and {} of {}: {}", environment, GUARD_REFUSED,
                    GUARD_OVERRIDE, output().location(), e.toString());
        }
    }

    /**
     * A refused output, as the note {@value #GUARD_REFUSED} holds it: line 1 the candidate version (what an operator
     * names to approve it), line 2 the announced version it was refused against, its T, its rule set and its input
     * versions, then the reason.
     */
    private record Refusal(long candidate, long base, long t, String rules, Map<Dataset<?>, Long> inputs,
                           String reason) {
        void write(BlobNamespace output) {
            StringBuilder line = new StringBuilder("base=" + base + " t=" + t + " rules=" + rules);
            inputs.forEach((dataset, version) -> line.append(' ').append(dataset.name()).append('=').append(version));
            output.writeNote(GUARD_REFUSED, candidate + "\n" + line + "\n" + reason + "\n");
        }

        /** The note, or empty when there is none or it is not one this code wrote (then it is ignored). */
        static Optional<Refusal> read(BlobNamespace output) {
            return output.note(GUARD_REFUSED).flatMap(note -> {
                String[] lines = note.split("\n", 3);
                try {
                    Map<String, String> fields = new LinkedHashMap<>();
                    for (String field : lines[1].trim().split(" ")) {
                        String[] pair = field.split("=", 2);
                        fields.put(pair[0], pair[1]);
                    }
                    Map<Dataset<?>, Long> inputs = new LinkedHashMap<>();
                    for (Dataset<?> dataset : Dataset.ALL) {
                        inputs.put(dataset, Long.parseLong(fields.get(dataset.name())));
                    }
                    return Optional.of(new Refusal(Long.parseLong(lines[0].trim()), Long.parseLong(fields.get("base")),
                            Long.parseLong(fields.get("t")), java.util.Objects.requireNonNull(fields.get("rules")),
                            inputs, lines[2].trim()));
                } catch (RuntimeException e) { // a note from an older version, or edited by hand
                    LOG.warn("Ignoring the note {} of {}: not a refusal this gatekeeper wrote ({})", GUARD_REFUSED,
                            output.location(), e.toString());
                    return Optional.empty();
                }
            });
        }
    }

    private io.micrometer.core.instrument.Timer timer(String phase) {
        return io.micrometer.core.instrument.Timer.builder("gatekeeper.tick").tag("environment", environment.name())
                .tag("phase", phase).description("Gatekeeper tick time by phase").register(registry);
    }

    /** The publish phase by Hollow producer stage (zero for the stages a no-op cycle skips). */
    private io.micrometer.core.instrument.Timer stageTimer(String stage) {
        return io.micrometer.core.instrument.Timer.builder("gatekeeper.publish").tag("environment", environment.name())
                .tag("stage", stage).description("Output publish time by Hollow producer stage").register(registry);
    }

    /** Remembers when each pinned input version was announced, for its staleness. */
    private void recordStaleness(Map<Dataset<?>, Long> versions) {
        versions.forEach((dataset, version) -> store.namespace(dataset.name()).history().stream()
                .filter(entry -> entry.version() == version)
                .reduce((a, b) -> b)
                .ifPresent(entry -> pinnedAnnouncedAt.put(dataset, entry.announcedAt().toEpochMilli())));
    }

    /**
     * How long ago, now, the input version the last evaluation pinned was announced, in seconds (0 before the
     * first): it keeps growing while that input stays silent, also between evaluations.
     */
    private double staleness(Dataset<?> dataset) {
        Long announcedAt = pinnedAnnouncedAt.get(dataset);
        return announcedAt == null ? 0.0 : (clock.millis() - announcedAt) / 1000.0;
    }

    /** The staleness of each input the last evaluation pinned, now, in seconds. */
    public Map<Dataset<?>, Double> inputStaleness() {
        Map<Dataset<?>, Double> staleness = new LinkedHashMap<>();
        pinnedAnnouncedAt.keySet().forEach(dataset -> staleness.put(dataset, staleness(dataset)));
        return staleness;
    }

    private BlobNamespace output() {
        return store.namespace(environment.namespace());
    }

    /** Where the last publish's time went, by Hollow producer stage. */
    public LivenessPublisher.CycleStages lastPublishStages() {
        return publisher.lastStages();
    }

    /** How many outputs the guard refused since start. */
    public long refusals() {
        return refusals;
    }

    private HollowReadStateEngine load(BlobNamespace namespace, long version) {
        HollowConsumer consumer = HollowConsumer.withBlobRetriever(namespace.retriever()).build();
        consumer.triggerRefreshTo(version);
        return consumer.getStateEngine();
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
