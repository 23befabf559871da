package org.gatekeeper.app.demo;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gatekeeper.core.Environment;
import org.gatekeeper.core.Gatekeeper;
import org.gatekeeper.core.RuleSet;
import org.gatekeeper.diff.web.DiffServer;
import org.gatekeeper.embedded.KafkaBroker;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.codec.HollowRecordReader;
import org.gatekeeper.model.profile.SyntheticCatalog;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.NamespaceLease;
import org.gatekeeper.producer.DatasetProducer;
import org.gatekeeper.producer.ProducerSettings;
import org.gatekeeper.sweep.RecordListSource;
import org.gatekeeper.sweep.Sweep;
import org.gatekeeper.sweep.SweepMode;
import org.gatekeeper.sweep.SweepSchedule;
import org.gatekeeper.sweep.SweepSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one process on the embedded default (SPEC §1, §8): a KRaft Kafka broker whose log lives under
 * the data dir, the simulated upstream systems, one incremental producer per dataset, a repair sweep on a schedule,
 * the PROD and PREPROD gatekeepers (PREPROD on the demo's changed rules), and the page; all of them share one
 * Prometheus registry, served on {@code /metrics}. A restart on the same data dir resumes: the broker keeps its
 * topics and records, each producer restores its announced version and offsets, and the simulated systems restart
 * from what the datasets hold.
 */
public final class Demo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    private static final String PREFIX = Dataset.DEFAULT_TOPIC_PREFIX;
    /** How long a gatekeeper's lease of its output lasts unless renewed (every third of it). */
    static final Duration GATEKEEPER_LEASE = Duration.ofSeconds(15);

    private final DemoSettings settings;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<Thread> producerThreads = new ArrayList<>();
    private final List<DatasetProducer<?>> producers = new ArrayList<>();
    private final List<NamespaceLease> leases = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private KafkaBroker kafka;
    private BlobStore store;
    private UpstreamSimulator simulator;
    private DiffServer page;
    private volatile boolean stopping;

    private Demo(DemoSettings settings) {
        this.settings = settings;
        this.scheduler = Executors.newScheduledThreadPool(6, runnable -> {
            Thread thread = new Thread(runnable, "gatekeeper-demo");
            thread.setDaemon(true);
            return thread;
        });
        new JvmMemoryMetrics().bindTo(registry);
    }

    /** Starts everything; returns once the page is up and every producer has announced a version. */
    public static Demo start(DemoSettings settings) {
        Demo demo = new Demo(settings);
        try {
            demo.startAll();
            return demo;
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    private void startAll() {
        try {
            Files.createDirectories(settings.dataDir());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the data dir " + settings.dataDir() + ": " + e.getMessage());
        }
        kafka = KafkaBroker.start(settings.dataDir().resolve("kafka"), settings.kafkaPort());
        store = BlobStore.directory(settings.dataDir());
        boolean fresh = store.namespace(Dataset.VIDEOS.name()).announcedVersion().isEmpty();

        // One owner per data dir: a demo restarted after a crash takes its producers' leases back at once instead of
        // waiting them out. Two demos cannot share a data dir anyway: the broker locks its log dir there.
        String owner = "demo:" + settings.dataDir().toAbsolutePath().normalize();
        ProducerSettings producerSettings = ProducerSettings.defaults(kafka.bootstrapServers())
                .withTopicPrefix(PREFIX).withCycle(settings.cycle());
        // The six producers start together: each restores its version (or announces its first one) on its own.
        List<java.util.concurrent.CompletableFuture<Boolean>> starts = new ArrayList<>();
        for (Dataset<?> dataset : Dataset.ALL) {
            DatasetProducer<?> producer = DatasetProducer.builder(dataset, store.namespace(dataset.name()),
                    producerSettings).meterRegistry(registry).owner(owner).build();
            producers.add(producer);
            starts.add(java.util.concurrent.CompletableFuture.supplyAsync(producer::start, scheduler));
        }
        for (int i = 0; i < producers.size(); i++) {
            DatasetProducer<?> producer = producers.get(i);
            if (!starts.get(i).join()) {
                throw new IllegalStateException("the producer of " + producer.dataset() + " did not start in "
                        + settings.dataDir());
            }
            Thread thread = new Thread(() -> producer.runUntil(() -> stopping), "producer-" + producer.dataset().name());
            thread.start();
            producerThreads.add(thread);
        }

        if (settings.simulate()) {
            SyntheticCatalog catalog = fresh
                    ? SyntheticCatalog.generate(settings.profile(), settings.seed(), System.currentTimeMillis())
                    : restoredCatalog();
            simulator = new UpstreamSimulator(catalog, fresh ? settings.seed()
                    : settings.seed() ^ store.namespace(Dataset.VIDEOS.name()).announcedVersion().getAsLong(),
                    Clock.systemUTC(), kafka.bootstrapServers(), PREFIX, 0.02, 40, java.util.Map.of());
            if (fresh) {
                long sent = simulator.publishAll(n -> { });
                LOG.info("Loaded the {} catalog: {} change records", settings.profile().name(), sent);
            }
            if (settings.changesPerMinute() > 0) {
                long everyMillis = Math.max(100, 60_000L / settings.changesPerMinute());
                scheduler.scheduleWithFixedDelay(this::simulateOne, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
            }
            List<Sweep<?>> sweeps = new ArrayList<>();
            SweepSettings sweepSettings = SweepSettings.defaults(kafka.bootstrapServers()).withTopicPrefix(PREFIX)
                    .withMode(SweepMode.REPAIR).withRecordsPerSecond(20_000);
            for (Dataset<?> dataset : Dataset.ALL) {
                sweeps.add(sweep(dataset, sweepSettings));
            }
            running.add(SweepSchedule.start(sweeps, settings.sweepEvery(), settings.sweepEvery()));
        }

        long evalMillis = settings.evalEvery().toMillis();
        startGatekeeper(Environment.PROD, owner, 0, lease -> new Gatekeeper(store, RuleSet.SPEC, Clock.systemUTC())
                .withLease(lease).withMeterRegistry(registry));
        startGatekeeper(Environment.PREPROD, owner, evalMillis / 2, lease -> Gatekeeper.preprod(store,
                RuleSet.SUBTITLES_IN_FIRST_METADATA_LANGUAGE).withLease(lease).withMeterRegistry(registry));

        page = DiffServer.start(store, DiffServer.Settings.loopback(settings.httpPort()), registry, Clock.systemUTC());
    }

    private <T> Sweep<T> sweep(Dataset<T> dataset, SweepSettings sweepSettings) {
        RecordListSource<T> source = new RecordListSource<>(dataset, "simulated " + dataset.name() + " upstream",
                () -> simulator.records(dataset));
        return Sweep.builder(source, store.namespace(dataset.name()), sweepSettings).meterRegistry(registry).build();
    }

    private void simulateOne() {
        try {
            simulator.step(1);
        } catch (RuntimeException e) {
            LOG.warn("Simulated upstream change failed: {}", e.getMessage());
        }
    }

    /**
     * Takes the lease of the environment's output (standing by, on a scheduler thread, while another gatekeeper
     * holds it), then ticks every {@code --eval-every}. The gatekeeper restores its output only once it holds it.
     */
    private void startGatekeeper(Environment environment, String owner, long delayMillis,
                                 java.util.function.Function<NamespaceLease, Gatekeeper> create) {
        scheduler.execute(() -> NamespaceLease.acquire(store.namespace(environment.namespace()),
                environment + " gatekeeper", owner, GATEKEEPER_LEASE, Clock.systemUTC(), () -> stopping)
                .ifPresent(lease -> {
                    leases.add(lease);
                    Gatekeeper gatekeeper = create.apply(lease);
                    scheduler.scheduleAtFixedRate(() -> tick(environment.name(), gatekeeper), delayMillis,
                            settings.evalEvery().toMillis(), TimeUnit.MILLISECONDS);
                }));
    }

    private static void tick(String environment, Gatekeeper gatekeeper) {
        try {
            gatekeeper.tick();
        } catch (org.gatekeeper.core.LivenessPublisher.NotTheWriterException e) {
            LOG.error("{} gatekeeper stops ticking: {}", environment, e.getMessage());
            throw e; // ends this gatekeeper's schedule
        } catch (RuntimeException e) {
            LOG.error("{} tick failed; the previous output stays announced: {}", environment, e.getMessage());
        }
    }

    /** The simulated systems after a restart: what the datasets' announced versions hold. */
    private SyntheticCatalog restoredCatalog() {
        return new SyntheticCatalog(read(Dataset.VIDEOS), read(Dataset.CONTRACTS), read(Dataset.ASSETS),
                read(Dataset.LOCALIZATIONS), read(Dataset.RATINGS), read(Dataset.COUNTRIES));
    }

    private <T> List<T> read(Dataset<T> dataset) {
        BlobNamespace namespace = store.namespace(dataset.name());
        return HollowRecordReader.of(dataset).readAll(namespace.loadState(namespace.announcedVersion().getAsLong()));
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public URI pageUri() {
        return page.uri();
    }

    public BlobStore store() {
        return store;
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /** The simulated upstream systems, when the demo runs them. */
    public java.util.Optional<UpstreamSimulator> upstream() {
        return java.util.Optional.ofNullable(simulator);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops everything, newest first: schedules, page, producers (each finishes its cycle), broker. */
    @Override
    public void close() {
        stopping = true;
        scheduler.shutdownNow();
        try {
            // A tick or a simulated change still running finishes before the store and the broker go away.
            scheduler.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            closeQuietly(running.get(i));
        }
        leases.forEach(this::closeQuietly);
        if (page != null) {
            closeQuietly(page);
        }
        producers.forEach(DatasetProducer::requestStop);
        for (Thread thread : producerThreads) {
            try {
                thread.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producers.forEach(this::closeQuietly);
        if (simulator != null) {
            closeQuietly(simulator);
        }
        if (store != null) {
            store.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        LOG.info("Demo stopped; data in {}", settings.dataDir());
    }

    private void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Stopping {} failed: {}", closeable, e.getMessage());
        }
    }
}
