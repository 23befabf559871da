package org.gatekeeper.app.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.gatekeeper.core.Gatekeeper;
import org.gatekeeper.core.LivenessClient;
import org.gatekeeper.core.RuleSet;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.ManualClock;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.profile.SyntheticCatalog;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged blob of a new output: the client refuses it, keeps serving its last good version, says so, and moves on
 * by itself once the blob is readable again.
 */
class CorruptBlobTest {
    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"truncated", "bit-flipped"})
    void aDamagedDelta_isRefused_theClientStaysOnItsLastGoodVersion_countsIt_andRetries(String damage) throws Exception {
        Instant start = Instant.parse("2026-06-01T00:00:00Z");
        ManualClock clock = new ManualClock(start);
        try (BlobStore store = BlobStore.directory(dataDir, BlobStore.Options.DEFAULT
                .withPollInterval(Duration.ofMillis(50)))) {
            SyntheticCatalog catalog = SyntheticCatalog.generate(Profile.SMALL, 3, start.toEpochMilli());
            CatalogPublisher.publishAll(store, catalog);
            Gatekeeper prod = new Gatekeeper(store, RuleSet.SPEC, clock);
            long good = prod.tick().outputVersion();
            BlobNamespace output = store.namespace("liveness-prod");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (LivenessClient client = LivenessClient.follow(output).withMeterRegistry(registry)) {
                output.pin(good); // hold the client while the next version is damaged
                List<Video> fewer = new ArrayList<>(catalog.videos());
                fewer.removeIf(v -> v.getId() % 97 == 0);
                CatalogPublisher.publish(store.namespace("videos"), Dataset.VIDEOS, fewer);
                long next = publishedDespiteTheGuard(prod, output);
                Path delta = dataDir.resolve("liveness-prod").resolve("delta-" + good + "-" + next);
                assertThat(delta).exists();
                byte[] intact = Files.readAllBytes(delta);
                damage(delta, damage.equals("truncated") ? bytes -> java.util.Arrays.copyOf(bytes, bytes.length / 2)
                        : bytes -> {
                            bytes[bytes.length / 2] ^= 0x10;
                            return bytes;
                        });
                Files.deleteIfExists(dataDir.resolve("liveness-prod").resolve("snapshot-" + next));

                output.unpin();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (client.refreshFailures() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }

                assertThat(client.currentVersion()).isEqualTo(good);
                assertThat(client.lastRefreshFailure()).get().asString()
                        .contains("refresh to version " + next + " failed, staying on version " + good)
                        .contains("delta-" + good + "-" + next);
                assertThat(registry.get("gatekeeper.client.refresh.failures").functionCounter().count())
                        .isGreaterThanOrEqualTo(1);
                long removed = catalog.videos().stream().filter(v -> v.getId() % 97 == 0).findFirst()
                        .orElseThrow().getId();
                assertThat(client.status(removed)).as("a video the damaged version dropped is still served")
                        .isPresent();

                // The blob is restored (or the store was only unreachable): the client retries on its own, with
                // no new announcement, and moves on.
                Files.write(delta, intact);
                deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (client.currentVersion() != next && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(client.currentVersion()).as("retried after the failure").isEqualTo(next);
                assertThat(client.status(removed)).isEmpty();
                assertThat(client.lastRefreshFailure()).isEmpty();
            }
        }
    }

    /** The guard refuses an output that loses videos; the operator override publishes it. */
    private static long publishedDespiteTheGuard(Gatekeeper prod, BlobNamespace output) {
        prod.tick();
        String candidate = output.note(Gatekeeper.GUARD_REFUSED).orElseThrow().split("\n")[0];
        output.writeNote(Gatekeeper.GUARD_OVERRIDE, candidate);
        return prod.tick().outputVersion();
    }

    private static void damage(Path blob, UnaryOperator<byte[]> change) throws Exception {
        Files.write(blob, change.apply(Files.readAllBytes(blob)));
    }
}
