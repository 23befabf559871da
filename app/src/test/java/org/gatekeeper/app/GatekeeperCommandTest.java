package org.gatekeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.hollow.api.producer.HollowProducer;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatekeeperCommandTest {
    @TempDir
    Path dataDir;

    private final CommandRun command = new CommandRun();
    private final StringWriter out = command.out;
    private final StringWriter err = command.err;

    private int run(String... args) {
        return command.run(args);
    }

    @Test
    void status_listsEachNamespacesAnnouncedVersion() {
        long version;
        try (BlobStore store = BlobStore.directory(dataDir)) {
            BlobNamespace videos = store.namespace("videos");
            HollowProducer.Builder<?> builder = HollowProducer.withPublisher(videos.publisher());
            videos.configure(builder, RetentionPolicy.DEFAULT);
            HollowProducer producer = builder.build();
            producer.initializeDataModel(Video.class);
            producer.runCycle(state -> state.add(new Video(1, "MOVIE", 0, "en", "One", 90)));
            version = producer.runCycle(state -> state.add(new Video(2, "MOVIE", 0, "en", "Two", 90)));
        }

        int exit = run("status", "--data-dir", dataDir.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Store: " + dataDir.toAbsolutePath())
                .containsPattern("videos\\s+" + version + "\\s+\\S+Z\\s+\\d+s\\s+-\\s+2");
    }

    @Test
    void status_ofAnEmptyStore_saysSo() {
        assertThat(run("status", "--data-dir", dataDir.toString())).isZero();
        assertThat(out.toString()).contains("No namespaces yet.");
    }

    @Test
    void unknownFlag_printsUsageAndExits2() {
        int exit = run("status", "--no-such-flag");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-flag'").contains("Usage: gatekeeper status");
    }

    @Test
    void dataDirAndS3Together_isAUsageError() {
        assertThat(run("status", "--data-dir", "x", "--s3", "s3://bucket/p")).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void noSubcommand_isAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("a subcommand is required");
    }

    @Test
    void malformedS3Uri_failsWithOneLine() {
        assertThat(run("status", "--s3", "http://bucket")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo(
                "gatekeeper status: expected s3://bucket/prefix, got 'http://bucket'");
    }

    @Test
    void producer_unknownDataset_isAUsageErrorListingTheDatasets() {
        assertThat(run("producer", "--dataset", "movies")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown dataset 'movies'; expected one of videos, contracts")
                .contains("Usage: gatekeeper producer");
    }

    @Test
    void producer_badDurationOrTooShortCycle_isAUsageError() {
        assertThat(run("producer", "--dataset", "videos", "--cycle", "fast")).isEqualTo(2);
        assertThat(err.toString()).contains("'fast' is not a duration; write a number and a unit");
        assertThat(run("producer", "--dataset", "videos", "--cycle", "500ms")).isEqualTo(2);
        assertThat(err.toString()).contains("--cycle must be at least 1s, got 500ms");
    }

    @Test
    void unknownIntegrityCheck_isAUsageErrorNamingTheModes_forProducersAndGatekeepers() {
        assertThat(run("producer", "--dataset", "videos", "--integrity-check", "some")).isEqualTo(2);
        assertThat(err.toString()).contains("integrity check must be full, changes or off, got 'some'")
                .contains("Usage: gatekeeper producer");
        err.getBuffer().setLength(0);
        assertThat(run("gatekeeper", "--env", "prod", "--integrity-check", "most")).isEqualTo(2);
        assertThat(err.toString()).contains("integrity check must be full, changes or off, got 'most'")
                .contains("Usage: gatekeeper gatekeeper");
    }

    @Test
    void durations_acceptTheSpecUnits() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void age_isShortAndReadable() {
        assertThat(StatusCommand.age(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(StatusCommand.age(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(StatusCommand.age(Duration.ofMinutes(302))).isEqualTo("5h02m");
        assertThat(StatusCommand.age(Duration.ofHours(76))).isEqualTo("3d04h");
    }
}
