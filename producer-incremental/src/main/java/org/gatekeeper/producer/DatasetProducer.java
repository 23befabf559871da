package org.gatekeeper.producer;

import com.netflix.hollow.api.producer.HollowProducer;
import com.netflix.hollow.api.producer.validation.ValidationResult;
import com.netflix.hollow.api.producer.validation.ValidatorListener;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.memory.ThreadSafeBitSet;
import com.netflix.hollow.core.write.HollowTypeWriteState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.DatasetMarker;
import org.gatekeeper.model.codec.ChangeRecord;
import org.gatekeeper.model.codec.ChangeRecordCodec;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.IntegrityCheck;
import org.gatekeeper.model.store.NamespaceLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds one dataset's Kafka change records into a new Hollow version every cycle (SPEC §3).
 *
 * <h2>A cycle</h2>
 * <ol>
 *   <li>Poll {@code <prefix>.<dataset>} until the cycle's time is up or it holds
 *       {@link ProducerSettings#maxRecordsPerCycle()} records; decode each one. Valid records fold into a batch
 *       (the last record per key wins); the others become dead letters.</li>
 *   <li>Send the dead letters to {@code <topic>.dlq} in one Kafka transaction and commit it. They are durable
 *       before any version claims offsets past them, so none is ever lost (a crash may send one twice).</li>
 *   <li>Run an incremental Hollow cycle ({@link IncrementalFold}: what {@code HollowProducer.Incremental} does,
 *       with a key index kept across cycles, so finding what a change replaces costs O(changes)): the previous
 *       records carried over,
 *       each changed or deleted key's record replaced. The version carries the Kafka offsets it reflects as the
 *       header tag {@value KafkaOffsets#TAG}. Hollow publishes; the state consumers will hold is checked
 *       ({@link IntegrityCheck}); Hollow announces. An equal upsert changes nothing and makes no version.</li>
 *   <li>Commit the same offsets to the consumer group, for lag monitoring only.</li>
 * </ol>
 *
 * <h2>Exactly once</h2>
 * The offsets live inside the version they describe, so state and position can never disagree. On start the
 * producer removes what a crashed cycle left unannounced, restores the announced state and seeks to exactly the
 * offsets in its header; whatever came after is read again and folded onto the state it was read after. A cycle
 * that fails (S3 down, validation) seeks back to the same offsets, so its records are read again next cycle.
 *
 * <h2>One writer</h2>
 * A lease in the namespace ({@code producer.lease}) names the producer that may write; a second producer for the
 * same dataset stands by until the lease lapses or is released, then fences the old one's Kafka transactions
 * ({@code transactional.id} per dataset) before it restores. Every announcement first checks that the lease is
 * still this producer's and that the announced version is still the one this producer built on.
 */
public final class DatasetProducer<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetProducer.class);
    static final String DATASET_TAG = "gatekeeper.dataset";

    private final Dataset<T> dataset;
    private final ChangeRecordCodec<T> codec;
    private final BlobNamespace namespace;
    private final ProducerSettings settings;
    private final Clock clock;
    private final Consumer<CrashPoint> crashProbe;
    private final ProducerMetrics metrics;
    private final String owner;
    private final String topic;

    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> deadLetters;
    private HollowProducer hollow;
    private final IncrementalFold<T> fold;
    private NamespaceLease lease;
    /** For each partition, the offset of the next record the announced state does not reflect. */
    private final Map<Integer, Long> nextOffsets = new TreeMap<>();
    /** The offsets in the announced version's header (nextOffsets moves past them in cycles that change nothing). */
    private final Map<Integer, Long> announcedOffsets = new TreeMap<>();
    /**
     * For each partition, the offset below which this producer has already sent every bad record to the DLQ: a
     * cycle that fails after its dead letters are committed reads its records again, and must not send them twice.
     */
    private final Map<Integer, Long> deadLetteredBelow = new TreeMap<>();
    /** Letters the dead-letter topic refused as too large, by source partition and offset: sent without value. */
    private final java.util.Set<Map.Entry<Integer, Long>> tooLargeForDeadLetters = new java.util.HashSet<>();
    private volatile long announcedVersion = Long.MIN_VALUE;
    /** The read state the last validation saw: the producer's own state of the version being announced. */
    private HollowReadStateEngine checkedState;
    /** Prepares the next cycle while this one's successor polls: see {@link #prepareInBackground}. */
    private final ExecutorService preparer;
    private Future<?> preparing;
    private volatile boolean closing;

    private DatasetProducer(Builder<T> builder) {
        this.dataset = builder.dataset;
        this.codec = ChangeRecordCodec.of(dataset);
        this.namespace = builder.namespace;
        this.settings = builder.settings;
        this.clock = builder.clock;
        this.crashProbe = builder.crashProbe;
        this.metrics = new ProducerMetrics(builder.registry, dataset.name());
        this.owner = builder.owner;
        this.topic = dataset.topic(settings.topicPrefix());
        this.fold = new IncrementalFold<>(dataset);
        this.preparer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gatekeeper-producer-" + dataset.name() + "-prepare");
            thread.setDaemon(true);
            return thread;
        });
    }

    private HollowProducer newHollowProducer() {
        HollowProducer.Builder<?> builder = HollowProducer.withPublisher(namespace.publisher())
                .withNumStatesBetweenSnapshots(settings.statesBetweenSnapshots())
                .withListener(metrics);
        namespace.configure(builder, settings.retention());
        builder.withAnnouncer(new GuardedAnnouncer(namespace.announcer()));
        if (settings.integrityCheck() != IntegrityCheck.FULL) {
            builder.noIntegrityCheck();
        }
        builder.withValidator(new ChangeCheck());
        HollowProducer producer = builder.build();
        producer.initializeDataModel(dataset.type(), DatasetMarker.class);
        return producer;
    }

    public static <T> Builder<T> builder(Dataset<T> dataset, BlobNamespace namespace, ProducerSettings settings) {
        return new Builder<>(dataset, namespace, settings);
    }

    /**
     * Becomes the dataset's writer: takes the lease (standing by, and saying so, while another producer holds
     * it), fences older producers, restores the announced state (announcing a first one when there is none) and
     * seeks Kafka to the offsets that state reflects.
     *
     * @return false when {@link #close()} was called while standing by
     */
    public boolean start() {
        ensureTopics();
        if (!acquireLease()) {
            return false;
        }
        deadLetters = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
        deadLetters.initTransactions(); // fences any older producer of this dataset

        namespace.discardUnannounced();
        hollow = newHollowProducer();

        Optional<Long> announced = namespace.announcedVersion().isPresent()
                ? Optional.of(namespace.announcedVersion().getAsLong()) : Optional.empty();
        if (announced.isPresent()) {
            HollowProducer.ReadState restored = hollow.restore(announced.get(), namespace.retriever());
            announcedVersion = restored.getVersion();
            announcedOffsets.putAll(KafkaOffsets.decode(restored.getStateEngine().getHeaderTag(KafkaOffsets.TAG)));
            nextOffsets.putAll(KafkaOffsets.extend(announcedOffsets, announcedVersion,
                    namespace.note(KafkaOffsets.NOTE).orElse(null)));
            LOG.info("Producer '{}' restored version {} at offsets {{{}}}{}", dataset, announcedVersion,
                    KafkaOffsets.encode(nextOffsets), nextOffsets.equals(announcedOffsets) ? ""
                            : " (past its header's {" + KafkaOffsets.encode(announcedOffsets) + "}: records there "
                            + "changed nothing)");
            prepareInBackground(restored.getStateEngine());
        } else {
            setHeaderTags(nextOffsets);
            announcedVersion = hollow.runCycle(state -> state.add(new DatasetMarker(dataset.name())));
            LOG.info("Producer '{}' announced its first, empty version {}", dataset, announcedVersion);
        }
        metrics.succeeded(announcedVersion, clock.millis());

        consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        seekToAnnounced();
        return true;
    }

    /** Runs cycles until {@code stop} says so, {@link #close()} is called, or the lease is lost. */
    public void runUntil(BooleanSupplier stop) {
        while (!stop.getAsBoolean() && !closing) {
            try {
                runCycle();
            } catch (LeaseLostException e) {
                throw e;
            } catch (RuntimeException e) {
                if (closing) {
                    return;
                }
                LOG.error("Producer '{}': cycle failed, retrying from offsets {{{}}}: {}", dataset,
                        KafkaOffsets.encode(nextOffsets), e.getMessage());
                sleepQuietly(Math.min(settings.cycle().toMillis(), 5_000));
            }
        }
    }

    /** One cycle: poll, dead-letter, fold, publish, announce. Waits up to the cycle time for records. */
    public CycleResult runCycle() {
        requireLease();
        try {
            return pollAndFold();
        } catch (RuntimeException | Error e) {
            // Whatever was polled is not in any version (a poll that failed halfway left the consumer past
            // records it read): read it all again next cycle.
            seekToAnnounced();
            throw e;
        }
    }

    private CycleResult pollAndFold() {
        long started = System.nanoTime();
        ChangeBatch<T> batch = new ChangeBatch<>();
        List<DeadLetter> dead = new ArrayList<>();
        Map<Integer, Long> polledOffsets = new TreeMap<>(nextOffsets);
        long deadline = started + settings.cycle().toNanos();
        while (batch.received() + dead.size() < settings.maxRecordsPerCycle() && !closing) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            ConsumerRecords<byte[], byte[]> records =
                    consumer.poll(Duration.ofNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(200))));
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> fromPartition = records.records(partition);
                for (ConsumerRecord<byte[], byte[]> record : fromPartition) {
                    ChangeRecord<T> change = codec.decode(record.key(), record.value());
                    if (change instanceof ChangeRecord.Rejected<T> rejected) {
                        if (record.offset() >= deadLetteredBelow.getOrDefault(partition.partition(), 0L)) {
                            dead.add(new DeadLetter(record, rejected.reason()));
                        } // else sent by a cycle that failed afterwards: already on the DLQ
                    } else {
                        batch.add(change);
                    }
                }
                polledOffsets.put(partition.partition(), fromPartition.get(fromPartition.size() - 1).offset() + 1);
            }
        }
        metrics.phase("poll", Duration.ofNanos(System.nanoTime() - started));
        crashProbe.accept(CrashPoint.AFTER_POLL);
        if (polledOffsets.equals(nextOffsets)) { // nothing read (records already dead-lettered still move offsets)
            updateLag();
            return new CycleResult(announcedVersion, false, 0, 0, 0, 0, 0);
        }
        return fold(batch, dead, polledOffsets, started);
    }

    private CycleResult fold(ChangeBatch<T> batch, List<DeadLetter> dead, Map<Integer, Long> polledOffsets,
                             long started) {
        if (!dead.isEmpty()) {
            long sending = System.nanoTime();
            String deadLetterTopic = dataset.deadLetterTopic(settings.topicPrefix());
            sendDeadLetters(dead, deadLetterTopic);
            for (DeadLetter letter : dead) {
                deadLetteredBelow.merge(letter.source().partition(), letter.source().offset() + 1, Math::max);
            }
            metrics.phase("dead-letter", Duration.ofNanos(System.nanoTime() - sending));
            for (DeadLetter letter : dead) {
                LOG.warn("Producer '{}': dead-lettered {}-{}@{}: {}", dataset, letter.source().topic(),
                        letter.source().partition(), letter.source().offset(), letter.reason());
            }
        }
        crashProbe.accept(CrashPoint.AFTER_DEAD_LETTERS);

        awaitPrepared();
        setHeaderTags(polledOffsets);
        long folding = System.nanoTime();
        String type = dataset.hollowTypeName();
        long version;
        checkedState = null;
        try {
            version = hollow.runCycle(state -> fold.populate(state, batch.changes()));
        } catch (RuntimeException | Error e) {
            fold.abandoned();
            throw e;
        }
        metrics.phase("hollow-cycle", Duration.ofNanos(System.nanoTime() - folding));
        boolean newVersion = version != 0 && version != announcedVersion;
        int applied = newVersion ? addedOrdinals(type) : 0;
        int deleted = newVersion ? fold.deleted() : 0;
        if (newVersion) {
            announcedVersion = version;
            announcedOffsets.clear();
            announcedOffsets.putAll(polledOffsets);
        }
        nextOffsets.clear(); // the state now reflects these offsets (a no-op cycle moves them on too)
        nextOffsets.putAll(polledOffsets);
        if (!newVersion) {
            noteOffsets(); // no header carries them: a restart would read these records (and dead-letter) again
        }
        try { // index bookkeeping only: nothing here may leave the producer behind what it announced
            if (!newVersion) {
                fold.committed(null); // every change was a no-op: the indexed state is still the current one
            } else if (checkedState != null) {
                fold.committed(checkedState);
            } else {
                fold.abandoned();
            }
        } catch (RuntimeException e) {
            LOG.warn("Producer '{}': key index out of step, rebuilding it: {}", dataset, e.getMessage());
            fold.abandoned();
        }
        if (newVersion && checkedState != null) {
            prepareInBackground(checkedState);
        }
        crashProbe.accept(CrashPoint.AFTER_ANNOUNCE);

        commitGroupOffsets();
        crashProbe.accept(CrashPoint.AFTER_COMMIT);

        int folded = batch.changes().size();
        int upserts = folded - (int) batch.changes().stream().filter(c -> c instanceof ChangeRecord.Delete).count();
        CycleResult result = new CycleResult(announcedVersion, newVersion, batch.received() + dead.size(),
                dead.size(), applied, Math.max(0, upserts - applied) + batch.tombstones() - deleted, deleted);
        metrics.records("applied", result.applied());
        metrics.records("unchanged", result.unchanged());
        metrics.records("deleted", result.deleted());
        metrics.records("dead-lettered", result.deadLettered());
        metrics.succeeded(announcedVersion, clock.millis());
        metrics.phase("total", Duration.ofNanos(System.nanoTime() - started));
        updateLag();
        long bytes = metrics.takeCycleBlobBytes();
        LOG.info("Producer '{}': {} records ({} dead-lettered) -> {} (applied {}, unchanged {}, deleted {}, "
                        + "{} blob bytes)", dataset, result.received(), result.deadLettered(),
                newVersion ? "version " + version : "no new version", result.applied(), result.unchanged(),
                result.deleted(), bytes);
        return result;
    }

    /**
     * Runs after Hollow applied the cycle's delta to the producer's read state and before it announces: with
     * {@link IntegrityCheck#CHANGES} or {@link IntegrityCheck#FULL}, {@link IncrementalFold#verify} must pass, or
     * Hollow rolls the read state back and the cycle fails (its records are read again next cycle).
     */
    private final class ChangeCheck implements ValidatorListener {
        @Override
        public String getName() {
            return "gatekeeper-change-check";
        }

        @Override
        public ValidationResult onValidate(HollowProducer.ReadState readState) {
            checkedState = readState.getStateEngine();
            if (settings.integrityCheck() == IntegrityCheck.OFF) {
                return ValidationResult.from(this).passed("not checked: integrity check off");
            }
            long started = System.nanoTime();
            String problem = fold.verify(readState.getStateEngine(), hollow.getWriteEngine());
            metrics.phase("verify", Duration.ofNanos(System.nanoTime() - started));
            if (problem != null) {
                LOG.error("Producer '{}': version {} not announced, its state is wrong: {}", dataset,
                        readState.getVersion(), problem);
                return ValidationResult.from(this).failed(problem);
            }
            return ValidationResult.from(this).passed();
        }
    }

    /**
     * Runs the O(records) housekeeping a cycle would otherwise start with, on another thread while this thread
     * polls Kafka for the next cycle: Hollow's write engine compacts every type's ordinal map
     * ({@code prepareForNextCycle}, a sort and a rehash of every record: most of a cycle at 5 M records; the
     * cycle's own call then returns at once), and the key index is built for {@code state} when it has none
     * (after a restore). The next fold waits for it; at a 30 s cadence it has long finished.
     */
    private void prepareInBackground(HollowReadStateEngine state) {
        preparing = preparer.submit(() -> {
            long started = System.nanoTime();
            hollow.getWriteEngine().prepareForNextCycle();
            fold.prepare(state);
            metrics.phase("prepare", Duration.ofNanos(System.nanoTime() - started));
        });
    }

    private void awaitPrepared() {
        Future<?> pending = preparing;
        if (pending == null) {
            return;
        }
        try {
            pending.get(); // cleared only once it has ended: Hollow's cycle must never run beside it
            preparing = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the next cycle was being prepared", e);
        } catch (ExecutionException e) {
            preparing = null;
            // Hollow prepares its types side by side: some may have moved on and some not, and a cycle run on
            // such a write state could drop records. Start again from the announced version, as a restart would.
            LOG.error("Producer '{}': preparing the next cycle failed, restoring version {} afresh", dataset,
                    announcedVersion, e.getCause());
            fold.abandoned();
            hollow = newHollowProducer();
            HollowProducer.ReadState restored = hollow.restore(announcedVersion, namespace.retriever());
            prepareInBackground(restored.getStateEngine());
            throw new IllegalStateException("preparing the next cycle failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Sends a cycle's dead letters in one Kafka transaction. When it fails, the transaction is aborted (or, when
     * the Kafka producer cannot abort, it is replaced, so the next cycle is not refused for an earlier error), and
     * a letter the DLQ refused as too large is sent without its value next time (its size in the header
     * {@value DeadLetter#VALUE_DROPPED}), so one oversized record never blocks the records behind it.
     */
    private void sendDeadLetters(List<DeadLetter> dead, String deadLetterTopic) {
        List<Future<?>> sent = new ArrayList<>();
        try {
            deadLetters.beginTransaction();
            for (DeadLetter letter : dead) {
                boolean dropValue = tooLargeForDeadLetters.contains(letter.coordinates());
                sent.add(deadLetters.send(letter.toRecord(deadLetterTopic, dropValue)));
            }
            deadLetters.commitTransaction();
        } catch (org.apache.kafka.common.errors.ProducerFencedException e) {
            throw new IllegalStateException("another producer took this store's dead-letter transactions for " + topic
                    + " (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            for (int i = 0; i < sent.size(); i++) {
                if (sendFailure(sent.get(i)) instanceof org.apache.kafka.common.errors.RecordTooLargeException) {
                    DeadLetter letter = dead.get(i);
                    LOG.warn("Producer '{}': the dead-letter topic refused {}-{}@{} as too large ({} bytes); it is "
                                    + "sent without its value", dataset, letter.source().topic(),
                            letter.source().partition(), letter.source().offset(), letter.size());
                    tooLargeForDeadLetters.add(letter.coordinates());
                }
            }
            abortDeadLetters();
            throw new IllegalStateException("sending " + dead.size() + " dead letters to " + deadLetterTopic
                    + " failed: " + e.getMessage(), e);
        }
        dead.forEach(letter -> tooLargeForDeadLetters.remove(letter.coordinates()));
    }

    private static Throwable sendFailure(Future<?> send) {
        if (!send.isDone()) {
            return null;
        }
        try {
            send.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void abortDeadLetters() {
        try {
            deadLetters.abortTransaction();
        } catch (RuntimeException abortFailed) { // a fatal error state: only a new Kafka producer gets out of it
            LOG.warn("Producer '{}': cannot abort the dead-letter transaction ({}); starting a new Kafka producer",
                    dataset, abortFailed.toString());
            deadLetters.close(Duration.ZERO);
            deadLetters = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            deadLetters.initTransactions();
        }
    }

    /** The dataset's records this cycle added: new ones and changed ones (a change is a new ordinal). */
    private int addedOrdinals(String type) {
        HollowTypeWriteState state = hollow.getWriteEngine().getTypeState(type);
        ThreadSafeBitSet added = state.getPopulatedBitSet().andNot(state.getPreviousCyclePopulatedBitSet());
        return added.cardinality();
    }

    /** Leaves the offsets a cycle that changed nothing moved to in the note {@value KafkaOffsets#NOTE}. */
    private void noteOffsets() {
        try {
            namespace.writeNote(KafkaOffsets.NOTE, KafkaOffsets.note(announcedVersion, nextOffsets));
        } catch (RuntimeException e) { // the store is down: a restart reads these records again, as after a crash
            LOG.warn("Producer '{}': cannot note offsets {{{}}} of version {}: {}", dataset,
                    KafkaOffsets.encode(nextOffsets), announcedVersion, e.getMessage());
        }
    }

    private void setHeaderTags(Map<Integer, Long> offsets) {
        hollow.getWriteEngine().addHeaderTag(DATASET_TAG, dataset.name());
        hollow.getWriteEngine().addHeaderTag(KafkaOffsets.TAG, KafkaOffsets.encode(offsets));
    }

    private void seekToAnnounced() {
        for (TopicPartition partition : consumer.assignment()) {
            Long offset = nextOffsets.get(partition.partition());
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset);
            }
        }
    }

    private void commitGroupOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((partition, offset) ->
                offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(offset)));
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            // Group offsets only feed lag monitoring; the state's own offsets are already durable.
            LOG.warn("Producer '{}': cannot commit group offsets for lag monitoring: {}", dataset, e.getMessage());
        }
    }

    private void updateLag() {
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(5));
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                lag += Math.max(0, end.getValue() - nextOffsets.getOrDefault(end.getKey().partition(), 0L));
            }
            metrics.lag(lag);
        } catch (RuntimeException e) {
            LOG.debug("Producer '{}': cannot read end offsets for lag", dataset, e);
        }
    }

    // ---------------------------------------------------------------- single writer

    private boolean acquireLease() {
        lease = NamespaceLease.acquire(namespace, "Producer '" + dataset + "'", owner, settings.leaseDuration(), clock,
                () -> closing).orElse(null);
        return lease != null;
    }

    private void requireLease() {
        if (lease != null && lease.lostTo() != null) {
            throw new LeaseLostException(dataset.name(), lease.lostTo());
        }
    }

    /** Announces only while this producer holds the lease and the store still announces what it built on. */
    private final class GuardedAnnouncer implements HollowProducer.Announcer {
        private final HollowProducer.Announcer delegate;

        GuardedAnnouncer(HollowProducer.Announcer delegate) {
            this.delegate = delegate;
        }

        @Override
        public void announce(long version) {
            announce(version, Map.of());
        }

        @Override
        public void announce(long version, Map<String, String> metadata) {
            crashProbe.accept(CrashPoint.AFTER_PUBLISH);
            String holder = lease.verify();
            if (holder != null) {
                throw new LeaseLostException(dataset.name(), holder);
            }
            long expected = announcedVersion;
            long actual = namespace.announcedVersion().orElse(Long.MIN_VALUE);
            if (actual != expected) {
                throw new IllegalStateException("producer '" + dataset + "' built version " + version
                        + " on version " + expected + " but " + namespace.location() + " now announces " + actual
                        + "; another producer wrote this namespace. Not announcing.");
            }
            delegate.announce(version, metadata);
        }
    }

    /** This producer no longer holds the dataset's lease: another one took over, and this one must stop. */
    public static final class LeaseLostException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        LeaseLostException(String dataset, String holder) {
            super("producer for '" + dataset + "' lost its lease to " + holder + "; it stops without announcing");
        }
    }

    // ---------------------------------------------------------------- Kafka setup

    private void ensureTopics() {
        Map<String, Object> props = new HashMap<>(settings.kafkaProperties());
        props.put("bootstrap.servers", settings.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = List.of(topic, dataset.deadLetterTopic(settings.topicPrefix())).stream()
                    .map(name -> new NewTopic(name, Optional.of(settings.partitions()), Optional.empty())
                            .configs(Map.of("max.message.bytes", Integer.toString(8 << 20))))
                    .toList();
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                    LOG.info("Created topic {} with {} partitions", name, settings.partitions());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name + " on "
                                + settings.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topic " + name, e);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("cannot reach Kafka at " + settings.bootstrapServers()
                            + " to create topic " + name + " (timed out after 30 s)", e);
                }
            });
        }
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "gatekeeper-producer-" + topic);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 << 20));
        props.putAll(settings.kafkaProperties());
        return props;
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        // One per topic and store: it fences older producers of this dataset in this store, and leaves alone
        // a producer writing the same topic into another store (a rebuild on an empty namespace).
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "gatekeeper-producer-" + topic + "-"
                + Integer.toHexString(namespace.location().hashCode()));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // A record that came compressed can be larger than the topic's limit once decompressed: compress it again,
        // and let the broker, which counts compressed bytes, be the judge.
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(64 << 20));
        props.putAll(settings.kafkaProperties());
        return props;
    }

    // ---------------------------------------------------------------- lifecycle

    public Dataset<T> dataset() {
        return dataset;
    }

    /** The topic this producer folds: {@code <prefix>.<dataset>}. */
    public String topic() {
        return topic;
    }

    /** The version this producer last announced or restored. */
    public long announcedVersion() {
        return announcedVersion;
    }

    /** The offsets the announced version reflects, by partition. */
    public Map<Integer, Long> offsets() {
        return Map.copyOf(nextOffsets);
    }

    /**
     * Asks a producer that is standing by or cycling on another thread to stop soon; that thread then returns
     * from {@link #start()} or {@link #runUntil} and closes it. Safe from any thread (a shutdown hook).
     */
    public void requestStop() {
        closing = true;
        KafkaConsumer<byte[], byte[]> polling = consumer;
        if (polling != null) {
            polling.wakeup();
        }
    }

    /** Stops standing by or cycling, releases the lease and closes the Kafka clients. Call from the thread that ran it. */
    @Override
    public void close() {
        closing = true;
        preparer.shutdown(); // a preparation under way finishes on its daemon thread; it touches only this producer
        try {
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            }
            if (deadLetters != null) {
                deadLetters.close(Duration.ofSeconds(5));
            }
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    /** Drops everything without releasing the lease or committing anything, as a crash would. For tests. */
    void abandon() {
        closing = true;
        if (lease != null) {
            lease.abandon();
        }
        preparer.shutdownNow();
        if (consumer != null) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
        if (deadLetters != null) {
            deadLetters.close(Duration.ZERO);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds a {@link DatasetProducer}; only the dataset, namespace and settings are required. */
    public static final class Builder<T> {
        private final Dataset<T> dataset;
        private final BlobNamespace namespace;
        private final ProducerSettings settings;
        private MeterRegistry registry = new SimpleMeterRegistry();
        private Clock clock = Clock.systemUTC();
        private Consumer<CrashPoint> crashProbe = point -> { };
        private String owner = NamespaceLease.newOwner();

        private Builder(Dataset<T> dataset, BlobNamespace namespace, ProducerSettings settings) {
            this.dataset = dataset;
            this.namespace = namespace;
            this.settings = settings;
        }

        public Builder<T> meterRegistry(MeterRegistry newRegistry) {
            this.registry = newRegistry;
            return this;
        }

        public Builder<T> clock(Clock newClock) {
            this.clock = newClock;
            return this;
        }

        /** Called at each {@link CrashPoint} of a cycle; tests throw from it to simulate a crash there. */
        public Builder<T> crashProbe(Consumer<CrashPoint> probe) {
            this.crashProbe = probe;
            return this;
        }

        /** The lease owner name; by default {@code pid@host/random}. */
        public Builder<T> owner(String newOwner) {
            this.owner = newOwner;
            return this;
        }

        public DatasetProducer<T> build() {
            return new DatasetProducer<>(this);
        }
    }
}
