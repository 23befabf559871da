package org.gatekeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.hollow.api.producer.HollowProducer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.DatasetMarker;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.profile.SyntheticCatalog;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GatekeeperLoopCommandTest {
    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = GatekeeperCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void prodAndPreprodTicks_thenReplayOfTheProdVersion_exits0AsIdentical() {
        SyntheticCatalog catalog = SyntheticCatalog.generate(Profile.SMALL, 3, System.currentTimeMillis());
        try (BlobStore store = BlobStore.directory(dataDir)) {
            Map<Dataset<?>, List<?>> records = Map.of(Dataset.VIDEOS, catalog.videos(),
                    Dataset.CONTRACTS, catalog.contracts(), Dataset.ASSETS, catalog.assets(),
                    Dataset.LOCALIZATIONS, catalog.localizations(), Dataset.RATINGS, catalog.ratings(),
                    Dataset.COUNTRIES, catalog.countries());
            for (Dataset<?> dataset : Dataset.ALL) {
                publish(store.namespace(dataset.name()), dataset, records.get(dataset));
            }
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
        assertThat(out.toString()).contains("PROD version " + prodVersion).contains("IDENTICAL");
        assertThat(run("status", "--data-dir", dir)).isZero();
        assertThat(out.toString()).contains("liveness-prod").contains("liveness-preprod").contains("liveness-replay");
    }

    @Test
    void usageErrors_exit2() {
        assertThat(run("gatekeeper", "--env", "staging")).isEqualTo(2);
        assertThat(err.toString()).contains("--env must be prod or preprod, got 'staging'");
        assertThat(run("replay", "--at", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("is not an ISO-8601 instant");
        assertThat(run("replay")).isEqualTo(2);
        assertThat(run("gatekeeper", "--env", "prod", "--rules", "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown rule set 'nope'");
    }

    private static void publish(BlobNamespace namespace, Dataset<?> dataset, List<?> records) {
        HollowProducer.Builder<?> builder = HollowProducer.withPublisher(namespace.publisher());
        namespace.configure(builder, RetentionPolicy.DEFAULT);
        HollowProducer producer = builder.build();
        producer.initializeDataModel(dataset.type(), DatasetMarker.class);
        producer.runCycle(state -> {
            state.add(new DatasetMarker(dataset.name()));
            records.forEach(state::add);
        });
    }
}
