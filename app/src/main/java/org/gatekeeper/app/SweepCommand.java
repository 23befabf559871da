package org.gatekeeper.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.sweep.JdbcSource;
import org.gatekeeper.sweep.JsonLinesSource;
import org.gatekeeper.sweep.Sweep;
import org.gatekeeper.sweep.SweepMode;
import org.gatekeeper.sweep.SweepProgress;
import org.gatekeeper.sweep.SweepReport;
import org.gatekeeper.sweep.SweepSchedule;
import org.gatekeeper.sweep.SweepSettings;
import org.gatekeeper.sweep.SweepSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gatekeeper sweep}: re-emits a whole source dataset (SPEC §8). Exit 0 when the sweep completed, whatever it
 * emitted; 1 when it failed (its checkpoint stays, and the same command resumes it); 2 on a usage error.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Re-emit a whole source dataset to its Kafka topic, so missed events heal.",
                "full: every record (the producer ignores equal ones); repair: only what differs from the dataset's "
                        + "current version, and tombstones for records the source no longer holds."})
final class SweepCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, paramLabel = "NAME", converter = DatasetConverter.class,
            description = "videos, contracts, assets, localizations, ratings or countries.")
    Dataset<?> dataset;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--source", paramLabel = "FILE.jsonl",
                description = "Newline-delimited JSON: one SPEC §2 record per line.")
        Path file;

        @ArgGroup(exclusive = false)
        Jdbc jdbc;
    }

    static final class Jdbc {
        @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
                description = "A JDBC URL (PostgreSQL's driver is bundled); the password comes from "
                        + "$GATEKEEPER_JDBC_PASSWORD, never from the command line.")
        String url;

        @Option(names = "--query", required = true, paramLabel = "SQL",
                description = "One row per record, a column per field (videoId, videoid or video_id); ORDER BY the "
                        + "key so a resumed sweep skips the same rows.")
        String query;

        @Option(names = "--jdbc-user", paramLabel = "USER", defaultValue = "${env:GATEKEEPER_JDBC_USER}",
                description = "Database user (default: $GATEKEEPER_JDBC_USER).")
        String user;
    }

    @Option(names = "--mode", paramLabel = "full|repair", defaultValue = "full",
            converter = SweepModeConverter.class, description = "What to emit (default: ${DEFAULT-VALUE}).")
    SweepMode mode;

    @Option(names = "--rate", paramLabel = "RECORDS_PER_SECOND", defaultValue = "0",
            description = "The most records sent per second; 0 for no limit (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "50000",
            description = "Write the resume checkpoint every N source entries (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Sweep again this long after each sweep ends, until Ctrl-C or SIGTERM.")
    Duration every;

    @Option(names = "--no-progress", negatable = false, description = "No progress bar on stderr.")
    boolean noProgress;

    @Mixin
    StoreOptions store;

    @Mixin
    KafkaOptions kafka;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (rate < 0 || checkpointEvery < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--rate must be 0 or more and --checkpoint-every at least 1");
        }
        if (every != null && every.isZero()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--every must be positive");
        }
        SweepSettings settings = SweepSettings.defaults(kafka.bootstrapServers)
                .withTopicPrefix(kafka.topicPrefix)
                .withMode(mode)
                .withRecordsPerSecond(rate)
                .withCheckpointEvery(checkpointEvery)
                .withKafkaProperties(kafka.clientProperties());
        try (BlobStore blobs = store.open()) {
            SweepSource<?> sweepSource = source(dataset);
            if (every != null) {
                return runScheduled(Sweep.builder(sweepSource, blobs.namespace(dataset.name()), settings).build());
            }
            SweepReport report;
            try (ProgressBar bar = noProgress ? null : progressBar()) {
                report = Sweep.builder(sweepSource, blobs.namespace(dataset.name()), settings)
                        .progress(bar == null ? SweepProgress.Listener.NONE : progress -> {
                            progress.total().ifPresent(bar::maxHint);
                            bar.stepTo(progress.handled());
                            bar.setExtraMessage(String.format(" emitted %,d", progress.emitted()));
                        })
                        .build()
                        .run();
            }
            spec.commandLine().getOut().println(report.summary());
            report.invalidSamples().forEach(sample -> spec.commandLine().getOut().println("  invalid: " + sample));
        }
        return 0;
    }

    private int runScheduled(Sweep<?> sweep) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "gatekeeper-shutdown"));
        try (SweepSchedule schedule = SweepSchedule.start(List.of(sweep), Duration.ZERO, every)) {
            spec.commandLine().getOut().println("sweeping " + dataset + " every " + every.toSeconds()
                    + " s; Ctrl-C stops");
            stop.await();
        }
        return 0;
    }

    private <T> SweepSource<T> source(Dataset<T> named) {
        if (source.file != null) {
            return new JsonLinesSource<>(named, source.file);
        }
        Properties login = new Properties();
        if (source.jdbc.user != null) {
            login.setProperty("user", source.jdbc.user);
        }
        String password = System.getenv("GATEKEEPER_JDBC_PASSWORD");
        if (password != null) {
            login.setProperty("password", password);
        }
        return new JdbcSource<>(named, source.jdbc.url, login, source.jdbc.query);
    }

    private ProgressBar progressBar() {
        return new ProgressBarBuilder()
                .setTaskName("sweep " + dataset)
                .setInitialMax(-1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" records", 1)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }

    /** {@code full} or {@code repair}, with the choices named when neither. */
    static final class SweepModeConverter implements picocli.CommandLine.ITypeConverter<SweepMode> {
        @Override
        public SweepMode convert(String value) {
            for (SweepMode candidate : SweepMode.values()) {
                if (candidate.label().equals(value)) {
                    return candidate;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a sweep mode; expected "
                    + "full or repair");
        }
    }
}
