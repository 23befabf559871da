package org.gatekeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.hollow.api.producer.HollowProducer;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    void status_showsEveryNamespace_whenOneCannotBeRead_andExits1() throws Exception {
        try (BlobStore store = BlobStore.directory(dataDir)) {
            for (String name : List.of("assets", "countries", "videos")) {
                BlobNamespace namespace = store.namespace(name);
                HollowProducer.Builder<?> builder = HollowProducer.withPublisher(namespace.publisher());
                namespace.configure(builder, RetentionPolicy.DEFAULT);
                HollowProducer producer = builder.build();
                producer.initializeDataModel(Video.class);
                producer.runCycle(state -> state.add(new Video(1, "MOVIE", 0, "en", "One", 90)));
            }
        }
        java.nio.file.Files.writeString(dataDir.resolve("countries").resolve("announced.version"), "garbage\n");

        int exit = run("status", "--data-dir", dataDir.toString(), "--no-records");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).containsPattern("assets\\s+\\d{17}").containsPattern("videos\\s+\\d{17}")
                .contains("countries              UNREADABLE: ");
        assertThat(err.toString()).contains("cannot read countries");
    }

    /** What PROD last evaluated (its note) is shown, and the staleness is of the inputs it pinned. */
    @Test
    void status_showsWhatTheGatekeeperLastEvaluated() {
        long videos;
        try (BlobStore store = BlobStore.directory(dataDir)) {
            videos = org.gatekeeper.model.profile.CatalogPublisher.publish(store.namespace("videos"),
                    org.gatekeeper.model.Dataset.VIDEOS, java.util.List.of(new Video(1, "MOVIE", 0, "en", "One", 90)));
            store.namespace("liveness-prod").writeNote(org.gatekeeper.core.LastEvaluation.NOTE,
                    "evaluatedAt=1764700000000\noutcome=UNCHANGED\noutputVersion=42\ninput.videos=" + videos + "\n");
        }

        assertThat(run("status", "--data-dir", dataDir.toString(), "--no-records")).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("last evaluation: T=2025-12-02T18:26:40Z, UNCHANGED, output version 42")
                .contains("Staleness of the inputs PROD last evaluated (T=2025-12-02T18:26:40Z):")
                .containsPattern("videos\\s+" + videos + "\\s+announced \\S+ ago");
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
    void malformedS3Uri_isAUsageError() {
        assertThat(run("status", "--s3", "http://bucket")).isEqualTo(2);
        assertThat(err.toString()).contains("expected s3://bucket/prefix, got 'http://bucket'")
                .contains("Usage: gatekeeper status");
    }

    /** Flags whose value is wrong are usage errors too, found before anything starts (no broker, no store). */
    @Test
    void badValues_areUsageErrors() throws Exception {
        assertUsageError("gatekeeper demo", "a port is between 0 and 65535, got 99999",
                "demo", "--http-port", "99999", "--data-dir", dataDir.resolve("never").toString());
        assertThat(dataDir.resolve("never")).doesNotExist();
        assertUsageError("gatekeeper demo", "'x' is not a port number", "demo", "--kafka-port", "x");
        Path file = dataDir.resolve("a-file");
        java.nio.file.Files.writeString(file, "not a store");
        assertUsageError("gatekeeper status", "is a file, not a directory", "status", "--data-dir", file.toString());
        String missing = dataDir.resolve("typo").toString();
        assertUsageError("gatekeeper status", "--data-dir '" + missing + "' does not exist", "status", "--data-dir",
                missing);
        assertUsageError("gatekeeper diff", "does not exist", "diff", "--from", "videos:latest", "--to",
                "videos:latest", "--data-dir", missing);
        assertUsageError("gatekeeper replay", "does not exist", "replay", "--version", "1", "--data-dir", missing);
        assertUsageError("gatekeeper pin", "does not exist", "pin", "--namespace", "videos", "--unpin",
                "--data-dir", missing);
        assertThat(dataDir.resolve("typo")).as("and nothing was created there").doesNotExist();
        assertUsageError("gatekeeper gatekeeper", "--ticks must be 0 (run until stopped) or more, got -1",
                "gatekeeper", "--env", "prod", "--ticks", "-1");
        assertUsageError("gatekeeper replay", "--from 2030-01-01T00:00:00Z is after --to 2020-01-01T00:00:00Z",
                "replay", "--from", "2030-01-01T00:00:00Z", "--to", "2020-01-01T00:00:00Z");
        assertUsageError("gatekeeper diff", "'x' is not NAMESPACE:VERSION or NAMESPACE:latest",
                "diff", "--from", "x", "--to", "y", "--data-dir", dataDir.toString());
    }

    private void assertUsageError(String usage, String message, String... args) {
        err.getBuffer().setLength(0);
        assertThat(run(args)).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains(message).contains("Usage: " + usage);
    }

    /** {@code replay} and {@code pin} have a {@code --version} of their own: help still works. */
    @Test
    void replayAndPin_haveHelp() {
        for (String command : new String[] {"replay", "pin"}) {
            out.getBuffer().setLength(0);
            assertThat(run(command, "--help")).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Usage: gatekeeper " + command).contains("--version=V");
        }
    }

    /** A replay that cannot run is not a replay that differs (1): it exits 2 with what was wrong. */
    @Test
    void replayOfAVersionThatIsNotThere_exits2() {
        assertThat(run("replay", "--version", "123", "--data-dir", dataDir.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("gatekeeper replay: ");
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
        assertThat(run("producer", "--dataset", "videos", "--cycle", "400ms")).isEqualTo(2);
        assertThat(err.toString()).contains("--cycle must be at least 500ms, got 400ms");
        assertThat(run("gatekeeper", "--env", "prod", "--eval-every", "0s")).isEqualTo(2);
        assertThat(err.toString()).contains("--eval-every must be at least 500ms, got 0ms")
                .contains("Usage: gatekeeper gatekeeper");
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
