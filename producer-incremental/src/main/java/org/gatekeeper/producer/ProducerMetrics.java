package org.gatekeeper.producer;

import com.netflix.hollow.api.producer.HollowProducer;
import com.netflix.hollow.api.producer.Status;
import com.netflix.hollow.api.producer.listener.AnnouncementListener;
import com.netflix.hollow.api.producer.listener.IntegrityCheckListener;
import com.netflix.hollow.api.producer.listener.PopulateListener;
import com.netflix.hollow.api.producer.listener.PublishListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A producer's meters, all tagged {@code dataset}: cycle time by phase, records by outcome, the current version,
 * consumer lag, blob bytes written and the time of the last successful cycle. Hollow's own phases (populate,
 * publish, integrity check, announce) are timed by its listener callbacks.
 */
final class ProducerMetrics implements PopulateListener, PublishListener, IntegrityCheckListener,
        AnnouncementListener {
    private final MeterRegistry registry;
    private final String dataset;
    private final Map<String, Timer> phases = new ConcurrentHashMap<>();
    private final Map<String, Counter> records = new ConcurrentHashMap<>();
    private final Counter blobBytes;
    private final AtomicLong version = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong lastSuccessEpochMillis = new AtomicLong();
    private final AtomicLong cycleBlobBytes = new AtomicLong();

    ProducerMetrics(MeterRegistry registry, String dataset) {
        this.registry = registry;
        this.dataset = dataset;
        this.blobBytes = Counter.builder("gatekeeper.producer.blob.bytes").tag("dataset", dataset)
                .description("Bytes of Hollow blobs published").baseUnit("bytes").register(registry);
        Gauge.builder("gatekeeper.producer.version", version, AtomicLong::get).tag("dataset", dataset)
                .description("The announced version").register(registry);
        Gauge.builder("gatekeeper.producer.lag", lag, AtomicLong::get).tag("dataset", dataset)
                .description("Records on the topic not yet folded into a version").register(registry);
        Gauge.builder("gatekeeper.producer.last.success", lastSuccessEpochMillis, v -> v.get() / 1000.0)
                .tag("dataset", dataset).description("When the last cycle succeeded, epoch seconds")
                .baseUnit("seconds").register(registry);
    }

    void phase(String name, Duration elapsed) {
        phases.computeIfAbsent(name, n -> Timer.builder("gatekeeper.producer.cycle").tag("dataset", dataset)
                .tag("phase", n).description("Producer cycle time by phase").register(registry)).record(elapsed);
    }

    void records(String outcome, long count) {
        if (count > 0) {
            records.computeIfAbsent(outcome, o -> Counter.builder("gatekeeper.producer.records")
                    .tag("dataset", dataset).tag("outcome", o).description("Change records by outcome")
                    .register(registry)).increment(count);
        }
    }

    void succeeded(long announcedVersion, long epochMillis) {
        version.set(announcedVersion);
        lastSuccessEpochMillis.set(epochMillis);
    }

    void lag(long records) {
        lag.set(records);
    }

    /** Bytes published since the last call: what one cycle wrote. */
    long takeCycleBlobBytes() {
        return cycleBlobBytes.getAndSet(0);
    }

    double recordCount(String outcome) {
        Counter counter = records.get(outcome);
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void onPopulateStart(long version) {
    }

    @Override
    public void onPopulateComplete(Status status, long version, Duration elapsed) {
        phase("populate", elapsed);
    }

    @Override
    public void onNoDeltaAvailable(long version) {
    }

    @Override
    public void onPublishStart(long version) {
    }

    @Override
    public void onBlobPublish(Status status, HollowProducer.Blob blob, Duration elapsed) {
        try {
            long bytes = java.nio.file.Files.size(blob.getPath());
            blobBytes.increment(bytes);
            cycleBlobBytes.addAndGet(bytes);
        } catch (Exception e) {
            // a stager without files: the byte count is unknown, the cycle is not affected
        }
    }

    @Override
    public void onPublishComplete(Status status, long version, Duration elapsed) {
        phase("publish", elapsed);
    }

    @Override
    public void onIntegrityCheckStart(long version) {
    }

    @Override
    public void onIntegrityCheckComplete(Status status, HollowProducer.ReadState readState, long version,
                                         Duration elapsed) {
        phase("integrity-check", elapsed);
    }

    @Override
    public void onAnnouncementStart(long version) {
    }

    @Override
    public void onAnnouncementComplete(Status status, HollowProducer.ReadState readState, long version,
                                       Duration elapsed) {
        phase("announce", elapsed);
    }
}
