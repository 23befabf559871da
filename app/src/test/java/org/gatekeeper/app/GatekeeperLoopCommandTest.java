package org.gatekeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.profile.SyntheticCatalog;
import java.time.Instant;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.ProducerLease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatekeeperLoopCommandTest {
    @TempDir
    Path dataDir;

    private final CommandRun command = new CommandRun();
    private final StringWriter out = command.out;
    private final StringWriter err = command.err;

    private int run(String... args) {
        return command.run(args);
    }

    @Test
    void prodAndPreprodTicks_thenReplayOfTheProdVersion_exits0AsIdentical() {
        SyntheticCatalog catalog = SyntheticCatalog.generate(Profile.SMALL, 3, System.currentTimeMillis());
        try (BlobStore store = BlobStore.directory(dataDir)) {
            CatalogPublisher.publishAll(store, catalog);
        }
        String dir = dataDir.toString();

        assertThat(run("gatekeeper", "--env", "prod", "--ticks", "1", "--data-dir", dir)).as(err.toString()).isZero();
        assertThat(run("gatekeeper", "--env", "preprod", "--ticks", "1", "--data-dir", dir)).isZero();
        long prodVersion;
        try (BlobStore store = BlobStore.directory(dataDir)) {
            prodVersion = store.namespace("liveness-prod").announcedVersion().getAsLong();
            assertThat(store.namespace("liveness-preprod").headerTags(
                    store.namespace("liveness-preprod").announcedVersion().getAsLong()))
                    .containsEntry("gatekeeper.follows", Long.toString(prodVersion));
        }

        assertThat(run("replay", "--version", Long.toString(prodVersion), "--data-dir", dir)).isZero();
        assertThat(out.toString()).contains("PROD version " + prodVersion).containsPattern(
                "IDENTICAL \\([0-9.]+ s: load [0-9.]+ s, evaluate [0-9.]+ s, publish [0-9.]+ s, compare [0-9.]+ s\\)");
        assertThat(run("replay", "--from", "2000-01-01T00:00:00Z", "--to", "2100-01-01T00:00:00Z", "--data-dir", dir))
                .isZero();
        assertThat(out.toString()).contains("[1/1] PROD version " + prodVersion)
                .contains("Replayed 1 PROD versions announced from 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z: "
                        + "1 identical, 0 differ.");
        assertThat(run("replay", "--from", "2000-01-01T00:00:00Z", "--to", "2000-01-02T00:00:00Z", "--data-dir", dir))
                .as("a range with no PROD version checks nothing").isEqualTo(2);
        assertThat(err.toString()).contains("no PROD version was announced from 2000-01-01T00:00:00Z to "
                + "2000-01-02T00:00:00Z; nothing to replay");
        assertThat(run("replay", "--version", "1", "--data-dir", dir)).isEqualTo(2);
        assertThat(err.toString()).contains("version 1 is not a retained, announced version of liveness-prod");
        assertThat(run("status", "--data-dir", dir)).isZero();
        assertThat(out.toString()).contains("liveness-prod").contains("liveness-preprod").contains("liveness-replay")
                .contains("30,000 pairs, ").contains("Staleness of the inputs PROD last evaluated (T=")
                .containsPattern("last evaluation: T=\\S+, PUBLISHED, output version " + prodVersion)
                .containsPattern("videos +\\d+ +\\S+ +\\S+ +- +1 +1,000");
        assertThat(run("pin", "--namespace", "liveness-prod", "--version", Long.toString(prodVersion),
                "--data-dir", dir)).isZero();
        try (BlobStore store = BlobStore.directory(dataDir)) {
            assertThat(store.namespace("liveness-prod").pinnedVersion()).hasValue(prodVersion);
        }
        assertThat(run("pin", "--namespace", "liveness-prod", "--unpin", "--data-dir", dir)).isZero();
        assertThat(run("pin", "--namespace", "liveness-prod", "--version", "1", "--data-dir", dir)).isEqualTo(1);
    }

    @Test
    void aSecondProdGatekeeper_standsByWhileTheFirstHoldsTheLease_thenTakesOver() throws Exception {
        try (BlobStore store = BlobStore.directory(dataDir)) {
            CatalogPublisher.publishAll(store, SyntheticCatalog.generate(Profile.SMALL, 3, System.currentTimeMillis()));
            BlobNamespace output = store.namespace("liveness-prod");
            output.writeProducerLease(new ProducerLease("the-first-one", Instant.now().plusSeconds(60)));
            java.util.concurrent.CompletableFuture<Integer> second = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> run("gatekeeper", "--env", "prod", "--ticks", "1", "--data-dir", dataDir.toString()));

            Thread.sleep(2_000);
            assertThat(second).as("standing by").isNotDone();
            assertThat(output.announcedVersion()).isEmpty();

            output.releaseProducerLease("the-first-one"); // the first one stops
            assertThat(second.get(60, java.util.concurrent.TimeUnit.SECONDS)).isZero();
            assertThat(output.announcedVersion()).isPresent();
            assertThat(output.producerLease()).as("released when the loop ends").isEmpty();
        }
    }

    @Test
    void usageErrors_exit2() {
        assertThat(run("gatekeeper", "--env", "staging")).isEqualTo(2);
        assertThat(err.toString()).contains("--env must be prod or preprod, got 'staging'");
        assertThat(run("replay", "--at", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("is not an ISO-8601 instant");
        assertThat(run("replay")).isEqualTo(2);
        assertThat(run("replay", "--from", "2026-01-01T00:00:00Z")).as("--to missing").isEqualTo(2);
        assertThat(run("replay", "--version", "1", "--at", "2026-01-01T00:00:00Z")).isEqualTo(2);
        assertThat(run("gatekeeper", "--env", "prod", "--rules", "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown rule set 'nope'");
    }
}
