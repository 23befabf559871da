package org.gatekeeper.sweep;

import com.netflix.hollow.core.index.HollowPrimaryKeyIndex;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.codec.ChangeRecord;
import org.gatekeeper.model.codec.ChangeRecordCodec;
import org.gatekeeper.model.codec.HollowRecordReader;
import org.gatekeeper.model.store.BlobNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sweep of one dataset: reads its whole {@link SweepSource} and writes SPEC §3 change records to the dataset's
 * topic, all of them ({@link SweepMode#FULL}) or only what differs from the dataset's current state
 * ({@link SweepMode#REPAIR}).
 *
 * <p>Repair compares with one pinned version, chosen before the source is read. A record written upstream after that
 * point is either in the source (and so not a ghost) or not yet in the pinned state (and so not a ghost either), so a
 * repair never deletes a record just created. What a sweep cannot avoid, and the next event or sweep heals: a source
 * record read just before an upstream update can reach Kafka just after that update's event.
 *
 * <p>Resuming: every {@code checkpointEvery} entries the sweep waits for Kafka to acknowledge what it sent and
 * records its position in the namespace's {@code sweep-checkpoint} note. A sweep of the same mode and source that
 * finds the note reads the source again from the start, classifies every entry again against the same version, and
 * sends only what comes after the position, so a crash re-sends at most one checkpoint interval, and only records
 * that are idempotent to apply twice.
 */
public final class Sweep<T> {
    private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);
    private static final int PROGRESS_EVERY = 5_000;
    private static final int INVALID_SAMPLES = 5;
    /**
     * Source entries classified together. A repair spends most of its time comparing (3 M assets: about 1 s to load
     * and index the version, 3 to 4 s to compare one by one on one core); a batch is compared on every core, then
     * handled in source order, so what is sent and the checkpoint positions do not depend on the thread count.
     */
    private static final int BATCH = 4_096;

    private final SweepSource<T> source;
    private final Dataset<T> dataset;
    private final BlobNamespace namespace;
    private final SweepSettings settings;
    private final MeterRegistry registry;
    private final SweepProgress.Listener listener;
    private final LongConsumer emitProbe;
    private final ChangeRecordCodec<T> codec;
    private final String topic;
    /** Epoch seconds of the last completed run; the gauge holds a weak reference, the sweep the strong one. */
    private final java.util.concurrent.atomic.AtomicLong lastSuccess = new java.util.concurrent.atomic.AtomicLong();

    private Sweep(Builder<T> builder) {
        this.source = builder.source;
        this.dataset = builder.source.dataset();
        this.namespace = builder.namespace;
        this.settings = builder.settings;
        this.registry = builder.registry;
        this.listener = builder.listener;
        this.emitProbe = builder.emitProbe;
        this.codec = ChangeRecordCodec.of(dataset);
        this.topic = dataset.topic(settings.topicPrefix());
        io.micrometer.core.instrument.Gauge.builder("gatekeeper.sweep.last.success", lastSuccess,
                        java.util.concurrent.atomic.AtomicLong::doubleValue)
                .tag("dataset", dataset.name()).description("Epoch seconds of the last completed sweep")
                .register(registry);
    }

    /**
     * @param namespace the dataset's namespace: the state a repair compares with, and where the checkpoint lives
     */
    public static <T> Builder<T> builder(SweepSource<T> source, BlobNamespace namespace, SweepSettings settings) {
        return new Builder<>(source, namespace, settings);
    }

    public Dataset<T> dataset() {
        return dataset;
    }

    /**
     * Runs the sweep to its end. A sweep can run again: each run reads the source anew.
     *
     * @throws SweepException when the source, Kafka or the store fails; the checkpoint stays for the next run
     */
    public SweepReport run() {
        long startNanos = System.nanoTime();
        SweepMode mode = settings.mode();
        Optional<SweepCheckpoint> checkpoint = SweepCheckpoint.read(namespace)
                .filter(c -> c.resumes(mode, source.description()))
                .filter(c -> c.comparedVersion() == 0 || retained(c.comparedVersion()));
        long resumeAt = checkpoint.map(SweepCheckpoint::position).orElse(0L);
        OptionalLong total = source.estimatedSize();
        LOG.info("Sweep {} ({}) of {} to {}{}", dataset, mode.label(), source.description(), topic,
                resumeAt > 0 ? ", resuming after entry " + resumeAt : "");

        try (ComparedState<T> compared = mode == SweepMode.REPAIR ? ComparedState.open(dataset, namespace,
                checkpoint.map(SweepCheckpoint::comparedVersion).filter(v -> v > 0)) : null;
             Emitter emitter = new Emitter(checkpoint.map(SweepCheckpoint::emitted).orElse(0L))) {
            Run run = new Run(mode, compared, emitter, resumeAt, total);
            try (SweepSource.Cursor<T> cursor = source.open()) {
                List<SourceEntry<T>> batch = new ArrayList<>(BATCH);
                while (cursor.hasNext()) {
                    batch.add(cursor.next());
                    if (batch.size() == BATCH || !cursor.hasNext()) {
                        run.handle(batch);
                        batch.clear();
                    }
                }
            }
            if (compared != null) {
                // An invalid source entry has no trustworthy key, so its record may be among the unseen ones: a
                // tombstone could delete a record the source still holds. Ghosts are then counted, not deleted.
                boolean withhold = run.invalid > 0;
                if (withhold) {
                    LOG.warn("Sweep {}: {} invalid source entries, so the ghosts found are reported but not deleted; "
                            + "fix the source and sweep again", dataset, run.invalid);
                }
                compared.forEachUnseen(key -> run.ghost(key, !withhold));
            }
            emitter.flush();
            SweepCheckpoint.delete(namespace);
            listener.onProgress(new SweepProgress(run.position, total, emitter.emittedThisRun));
            SweepReport report = new SweepReport(dataset.name(), mode, source.description(),
                    compared == null ? OptionalLong.empty() : compared.version(), run.read, run.inSync, run.stale,
                    run.missing, run.ghosts, run.ghostsKept, run.invalid, emitter.emittedThisRun, resumeAt,
                    run.invalidSamples,
                    Duration.ofNanos(System.nanoTime() - startNanos));
            record(report);
            LOG.info("{}", report.summary());
            return report;
        } catch (KafkaException e) {
            throw new SweepException("sweep of " + dataset + " could not write to " + topic + " at "
                    + settings.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    /** Whether a checkpoint's compared version can still be read; if not, the sweep starts over. */
    private boolean retained(long version) {
        boolean retained = namespace.history().stream().anyMatch(v -> v.version() == version);
        if (!retained) {
            LOG.warn("Sweep {}: the checkpoint compared with version {}, which is no longer retained; starting over",
                    dataset, version);
        }
        return retained;
    }

    private void record(SweepReport report) {
        String name = "gatekeeper.sweep.records";
        Map<String, Long> outcomes = new HashMap<>(Map.of("invalid", report.invalid(), "emitted", report.emitted()));
        if (report.mode() == SweepMode.REPAIR) {
            outcomes.putAll(Map.of("in-sync", report.inSync(), "stale", report.stale(), "missing", report.missing(),
                    "ghost", report.ghosts()));
        }
        outcomes.forEach((outcome, count) -> Counter.builder(name).tag("dataset", dataset.name())
                .tag("outcome", outcome).description("Records a sweep handled, by outcome").register(registry)
                .increment(count));
        lastSuccess.set(System.currentTimeMillis() / 1000);
    }

    /** The state of one run: the position and the counts. */
    private final class Run {
        private final SweepMode mode;
        private final ComparedState<T> compared;
        private final Emitter emitter;
        private final long resumeAt;
        private final OptionalLong total;
        private final RecordPacer pacer;
        private final List<String> invalidSamples = new ArrayList<>();
        private long position;
        private long read;
        private long inSync;
        private long stale;
        private long missing;
        private long ghosts;
        private long ghostsKept;
        private long invalid;

        Run(SweepMode mode, ComparedState<T> compared, Emitter emitter, long resumeAt, OptionalLong total) {
            this.mode = mode;
            this.compared = compared;
            this.emitter = emitter;
            this.resumeAt = resumeAt;
            this.total = total;
            this.pacer = new RecordPacer(settings.recordsPerSecond());
        }

        void handle(List<SourceEntry<T>> batch) {
            int[] ordinals = new int[batch.size()];
            boolean[] equal = new boolean[batch.size()];
            if (compared != null) {
                IntStream.range(0, batch.size()).parallel().forEach(i -> {
                    if (batch.get(i).record() instanceof ChangeRecord.Upsert<T> upsert) {
                        ordinals[i] = compared.ordinalOf(upsert);
                        equal[i] = ordinals[i] >= 0 && compared.holdsEqual(ordinals[i], upsert.record());
                    }
                });
            }
            for (int i = 0; i < batch.size(); i++) {
                SourceEntry<T> entry = batch.get(i);
                if (entry.record() instanceof ChangeRecord.Upsert<T> upsert) {
                    read++;
                    if (mode == SweepMode.FULL || differs(ordinals[i], equal[i])) {
                        emit(upsert.key().text(), codec.encodeValue(upsert.record()));
                    }
                } else if (entry.record() instanceof ChangeRecord.Rejected<T> rejected) {
                    invalid++;
                    String sample = entry.where() + ": " + rejected.reason();
                    if (invalidSamples.size() < INVALID_SAMPLES) {
                        invalidSamples.add(sample);
                    }
                    if (position >= resumeAt) {
                        LOG.warn("Sweep {}: not sent, {}", dataset, sample);
                    }
                }
                advance();
            }
        }

        private boolean differs(int ordinal, boolean equal) {
            if (ordinal < 0) {
                missing++;
                return true;
            }
            compared.markSeen(ordinal);
            if (equal) {
                inSync++;
                return false;
            }
            stale++;
            return true;
        }

        void ghost(String keyText, boolean delete) {
            ghosts++;
            if (delete) {
                emit(keyText, null);
            } else {
                ghostsKept++;
            }
            advance();
        }

        private void emit(String keyText, byte[] value) {
            if (position < resumeAt) {
                return; // sent, and acknowledged, before the checkpoint
            }
            pacer.acquire();
            emitter.send(keyText, value);
            emitProbe.accept(emitter.emittedThisRun);
        }

        private void advance() {
            position++;
            if (position > resumeAt && position % settings.checkpointEvery() == 0) {
                emitter.flush();
                new SweepCheckpoint(mode.label(), source.description(), position, emitter.emittedTotal(),
                        compared == null ? 0 : compared.version().orElse(0)).write(namespace);
            }
            if (position % PROGRESS_EVERY == 0) {
                listener.onProgress(new SweepProgress(position, total, emitter.emittedThisRun));
            }
        }
    }

    /** The Kafka side: sends records and surfaces the first failed send at the next flush. */
    private final class Emitter implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final long emittedBefore;
        private long emittedThisRun;

        Emitter(long emittedBefore) {
            this.emittedBefore = emittedBefore;
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 << 10);
            config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 9 << 20);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "gatekeeper-sweep-" + dataset.name());
            config.putAll(settings.kafkaProperties());
            this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
            try {
                producer.partitionsFor(topic);
            } catch (KafkaException e) {
                producer.close(Duration.ZERO);
                throw new SweepException("topic " + topic + " is not reachable at " + settings.bootstrapServers()
                        + ": " + e.getMessage(), e);
            }
        }

        void send(String keyText, byte[] value) {
            Exception failed = failure.get();
            if (failed != null) {
                throw new SweepException("sending to " + topic + " failed: " + failed.getMessage(), failed);
            }
            byte[] key = keyText.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
            emittedThisRun++;
        }

        /** Waits until Kafka acknowledged everything sent; fails if anything was refused. */
        void flush() {
            producer.flush();
            Exception failed = failure.get();
            if (failed != null) {
                throw new SweepException("sending to " + topic + " failed: " + failed.getMessage(), failed);
            }
        }

        long emittedTotal() {
            return emittedBefore + emittedThisRun;
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(30));
        }
    }

    /**
     * The dataset version a repair compares with: a Hollow consumer pinned to it, a primary-key index to find each
     * source record's ordinal, and a bit per ordinal for the records the source holds (the rest are ghosts).
     */
    static final class ComparedState<T> implements AutoCloseable {
        private final Dataset<T> dataset;
        private final OptionalLong version;
        private final HollowReadStateEngine state;
        private final HollowPrimaryKeyIndex index;
        private final HollowRecordReader<T> reader;
        private final BitSet seen = new BitSet();

        private ComparedState(Dataset<T> dataset, OptionalLong version, HollowReadStateEngine state) {
            this.dataset = dataset;
            this.version = version;
            this.state = state;
            this.reader = HollowRecordReader.of(dataset);
            HollowObjectTypeReadState type = state == null ? null
                    : (HollowObjectTypeReadState) state.getTypeState(dataset.hollowTypeName());
            this.index = type == null ? null : new HollowPrimaryKeyIndex(state, type.getSchema().getPrimaryKey());
        }

        static <T> ComparedState<T> open(Dataset<T> dataset, BlobNamespace namespace, Optional<Long> resumeVersion) {
            OptionalLong version = resumeVersion.map(OptionalLong::of).orElse(namespace.announcedVersion());
            if (version.isEmpty()) {
                LOG.warn("Sweep {}: {} has no announced version; every source record counts as missing", dataset,
                        namespace.location());
                return new ComparedState<>(dataset, version, null);
            }
            long started = System.nanoTime();
            HollowReadStateEngine state;
            try {
                state = namespace.loadState(version.getAsLong());
            } catch (RuntimeException e) {
                throw new SweepException("cannot read version " + version.getAsLong() + " of " + namespace.location()
                        + " to compare with: " + e.getMessage(), e);
            }
            ComparedState<T> compared = new ComparedState<>(dataset, version, state);
            LOG.info("Sweep {}: comparing with version {} ({} records), loaded and indexed in {} ms", dataset,
                    version.getAsLong(), compared.recordCount(), (System.nanoTime() - started) / 1_000_000);
            return compared;
        }

        private int recordCount() {
            return index == null ? 0 : ((HollowObjectTypeReadState) state.getTypeState(dataset.hollowTypeName()))
                    .getPopulatedOrdinals().cardinality();
        }

        OptionalLong version() {
            return version;
        }

        /** The ordinal of the record with the upsert's key in the compared version, or -1. Thread-safe. */
        int ordinalOf(ChangeRecord.Upsert<T> upsert) {
            return index == null ? -1 : index.getMatchingOrdinal(upsert.key().values().toArray());
        }

        /** Whether the compared version's record at {@code ordinal} equals {@code record}. Thread-safe. */
        boolean holdsEqual(int ordinal, T record) {
            return reader.read(state, ordinal).equals(record);
        }

        void markSeen(int ordinal) {
            seen.set(ordinal);
        }

        /** Calls {@code ghost} with the key of every record the source did not hold, in ordinal order. */
        void forEachUnseen(java.util.function.Consumer<String> ghost) {
            if (index == null) {
                return;
            }
            HollowObjectTypeReadState type = (HollowObjectTypeReadState) state.getTypeState(dataset.hollowTypeName());
            BitSet populated = type.getPopulatedOrdinals();
            for (int ordinal = populated.nextSetBit(0); ordinal >= 0; ordinal = populated.nextSetBit(ordinal + 1)) {
                if (!seen.get(ordinal)) {
                    ghost.accept(dataset.keyText(reader.read(state, ordinal)));
                }
            }
        }

        @Override
        public void close() {
            if (index != null) {
                index.detachFromDeltaUpdates();
            }
        }
    }

    public static final class Builder<T> {
        private final SweepSource<T> source;
        private final BlobNamespace namespace;
        private final SweepSettings settings;
        private MeterRegistry registry = Metrics.globalRegistry;
        private SweepProgress.Listener listener = SweepProgress.Listener.NONE;
        private LongConsumer emitProbe = emitted -> { };

        private Builder(SweepSource<T> source, BlobNamespace namespace, SweepSettings settings) {
            this.source = source;
            this.namespace = namespace;
            this.settings = settings;
        }

        public Builder<T> meterRegistry(MeterRegistry newRegistry) {
            this.registry = newRegistry;
            return this;
        }

        public Builder<T> progress(SweepProgress.Listener newListener) {
            this.listener = newListener;
            return this;
        }

        /** Called after each record sent with this run's count: tests crash a sweep from here. */
        public Builder<T> emitProbe(LongConsumer probe) {
            this.emitProbe = probe;
            return this;
        }

        public Sweep<T> build() {
            return new Sweep<>(this);
        }
    }
}
