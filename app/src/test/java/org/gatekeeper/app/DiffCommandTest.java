package org.gatekeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.profile.SyntheticCatalog;
import org.gatekeeper.model.store.BlobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {
    @TempDir
    Path dataDir;

    private CommandRun command = new CommandRun();

    @BeforeEach
    void prodAndPreprodOutputs() {
        SyntheticCatalog catalog = SyntheticCatalog.generate(Profile.SMALL, 5, 1_780_000_000_000L);
        try (BlobStore store = BlobStore.directory(dataDir)) {
            CatalogPublisher.publishAll(store, catalog);
        }
        assertThat(command.run("gatekeeper", "--env", "prod", "--ticks", "1", "--data-dir", dataDir.toString()))
                .isZero();
        assertThat(command.run("gatekeeper", "--env", "preprod", "--ticks", "1", "--data-dir", dataDir.toString()))
                .isZero();
        command = new CommandRun();
    }

    @Test
    void preprodVsProd_differs_exit1_withTheSummaryAndFirstChanges() {
        int exit = command.run("diff", "--from", "liveness-prod:latest", "--to", "liveness-preprod:latest",
                "--data-dir", dataDir.toString());

        assertThat(exit).as(command.err.toString()).isEqualTo(1);
        assertThat(command.out.toString()).contains("DIFFERENT").contains("stopped-live")
                .contains("MISSING_SUBTITLES").contains("gatekeeper.rules=spec-v1+subtitles");
    }

    @Test
    void json_ofAStateWithItself_exit0_andEverySummaryCountIsZero() throws Exception {
        int exit = command.run("diff", "--from", "liveness-prod:latest", "--to", "liveness-prod:latest", "--json",
                "--data-dir", dataDir.toString());

        assertThat(exit).as(command.err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(command.out.toString());
        assertThat(json.get("equal").asBoolean()).isTrue();
        assertThat(json.get("summary").size()).isGreaterThanOrEqualTo(9);
        json.get("summary").fields().forEachRemaining(f -> assertThat(f.getValue().asLong()).as(f.getKey()).isZero());
        assertThat(json.get("totals").get("pairsBefore").asLong()).isEqualTo(1000L * 30);
    }

    @Test
    void json_ofPreprodVsProd_countsMatchTheListedChanges() throws Exception {
        int exit = command.run("diff", "--from", "liveness-prod:latest", "--to", "liveness-preprod:latest", "--json",
                "--limit", "100000", "--data-dir", dataDir.toString());

        assertThat(exit).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(command.out.toString());
        assertThat(json.get("kind").asText()).isEqualTo("output");
        assertThat(json.get("changes").size()).isEqualTo(json.get("summary").get("changedPairs").asInt()).isPositive();
        assertThat(json.get("to").get("headerTags").get("gatekeeper.follows").asText())
                .isEqualTo(json.get("from").get("version").asText());
    }

    @Test
    void preprodVsProd_pairsPreprodWithTheProdVersionItFollows_evenAfterProdMovedOn() throws Exception {
        long followed;
        try (BlobStore store = BlobStore.directory(dataDir)) {
            followed = store.namespace("liveness-prod").announcedVersion().getAsLong();
        }
        prodMovesOn(); // PREPROD has not followed yet
        command = new CommandRun();

        int exit = command.run("diff", "--preprod-vs-prod", "--json", "--data-dir", dataDir.toString());

        assertThat(exit).as(command.err.toString()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(command.out.toString());
        assertThat(json.get("from").get("version").asLong()).isEqualTo(followed);
        assertThat(json.get("to").get("headerTags").get("gatekeeper.follows").asLong()).isEqualTo(followed);
        assertThat(json.get("summary").get("videosAdded").asLong()).as("PROD's new video is not in it").isZero();
        assertThat(command.run("diff", "--preprod-vs-prod", "--from", "liveness-prod:latest")).isEqualTo(2);
        assertThat(command.err.toString()).contains("give --from and --to, or --preprod-vs-prod alone");
    }

    /** PREPROD evaluated PROD's newer version and came out equal, so made no version: its note says so. */
    @Test
    void preprodVsProd_pairsWithTheNewerProdVersion_anEqualPreprodEvaluationFollowed() throws Exception {
        long newer;
        prodMovesOn();
        try (BlobStore store = BlobStore.directory(dataDir)) {
            newer = store.namespace("liveness-prod").announcedVersion().getAsLong();
            var preprod = store.namespace("liveness-preprod");
            var last = org.gatekeeper.core.LastEvaluation.read(preprod).orElseThrow();
            assertThat(last.follows()).as("PREPROD's note names the PROD version it followed").isPositive()
                    .isLessThan(newer);
            // As a PREPROD tick on the newer version writes it when its records equal PREPROD's announced output
            preprod.writeNote(org.gatekeeper.core.LastEvaluation.NOTE, "evaluatedAt=" + last.evaluatedAt()
                    + "\noutcome=UNCHANGED\noutputVersion=" + last.outputVersion() + "\nfollows=" + newer + "\n");
        }
        command = new CommandRun();

        int exit = command.run("diff", "--preprod-vs-prod", "--json", "--data-dir", dataDir.toString());

        assertThat(exit).as(command.err.toString()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(command.out.toString());
        assertThat(json.get("from").get("version").asLong()).isEqualTo(newer);
    }

    /** A video more upstream, and a PROD tick that publishes it. */
    private void prodMovesOn() {
        try (BlobStore store = BlobStore.directory(dataDir)) {
            SyntheticCatalog catalog = SyntheticCatalog.generate(Profile.SMALL, 5, 1_780_000_000_000L);
            java.util.List<org.gatekeeper.model.Video> more = new java.util.ArrayList<>(catalog.videos());
            more.add(new org.gatekeeper.model.Video(999_999_999L, "MOVIE", 0, "en", "New", 90));
            CatalogPublisher.publish(store.namespace("videos"), org.gatekeeper.model.Dataset.VIDEOS, more);
        }
        assertThat(command.run("gatekeeper", "--env", "prod", "--ticks", "1", "--data-dir", dataDir.toString()))
                .isZero();
    }

    @Test
    void inputDataset_twoVersions_diffRecordByRecord() {
        SyntheticCatalog changed = SyntheticCatalog.generate(Profile.SMALL, 6, 1_780_000_000_000L);
        try (BlobStore store = BlobStore.directory(dataDir)) {
            CatalogPublisher.publish(store.namespace("videos"), org.gatekeeper.model.Dataset.VIDEOS, changed.videos());
        }
        String first = firstVersion("videos");

        int exit = command.run("diff", "--from", "videos:" + first, "--to", "videos:latest",
                "--data-dir", dataDir.toString());

        assertThat(exit).as(command.err.toString()).isEqualTo(1);
        assertThat(command.out.toString()).contains("DIFFERENT: videos records 1,000 -> 1,000").contains("title");
    }

    @Test
    void inputDataset_jsonListsEveryChangeAskedFor_pastThePagesListOf1000() throws Exception {
        SyntheticCatalog changed = SyntheticCatalog.generate(Profile.SMALL, 6, 1_780_000_000_000L);
        try (BlobStore store = BlobStore.directory(dataDir)) {
            CatalogPublisher.publish(store.namespace("assets"), org.gatekeeper.model.Dataset.ASSETS, changed.assets());
        }

        int exit = command.run("diff", "--from", "assets:" + firstVersion("assets"), "--to", "assets:latest",
                "--json", "--limit", "100000", "--data-dir", dataDir.toString());

        assertThat(exit).as(command.err.toString()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(command.out.toString());
        long total = json.get("summary").get("added").asLong() + json.get("summary").get("removed").asLong()
                + json.get("summary").get("changed").asLong();
        assertThat(total).isGreaterThan(1_000);
        assertThat(json.get("changes").size()).isEqualTo((int) total);
        assertThat(json.get("truncated").asBoolean()).isFalse();
    }

    private String firstVersion(String namespace) {
        try (BlobStore store = BlobStore.directory(dataDir)) {
            return Long.toString(store.namespace(namespace).history().get(0).version());
        }
    }

    @Test
    void errors_exit2_withOneLine() {
        assertThat(command.run("diff", "--from", "liveness-prod", "--to", "liveness-prod:latest",
                "--data-dir", dataDir.toString())).isEqualTo(2);
        assertThat(command.err.toString()).contains("'liveness-prod' is not NAMESPACE:VERSION");
        assertThat(command.run("diff", "--from", "liveness-prod:1", "--to", "liveness-prod:latest",
                "--data-dir", dataDir.toString())).isEqualTo(2);
        assertThat(command.err.toString()).contains("has no retained version 1");
        assertThat(command.run("diff", "--from", "videos:latest", "--to", "liveness-prod:latest",
                "--data-dir", dataDir.toString())).isEqualTo(2);
        assertThat(command.err.toString()).contains("an input dataset diffs only with itself");
        assertThat(command.run("diff", "--to", "x:1")).isEqualTo(2);
        assertThat(command.err.toString()).contains("give --from and --to, or --preprod-vs-prod alone");
    }

    @Test
    void serve_badPort_exit2WithTheUsage() {
        assertThat(command.run("serve", "--http-port", "70000")).isEqualTo(2);
        assertThat(command.err.toString()).contains("Invalid value for option '--http-port': a port is between 0 and 65535, got 70000")
                .contains("Usage: gatekeeper serve");
    }
}
