package org.gatekeeper.model.profile;

import com.netflix.hollow.api.producer.HollowProducer;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.util.StateEngineRoundTripper;
import com.netflix.hollow.core.write.HollowWriteStateEngine;
import com.netflix.hollow.core.write.objectmapper.HollowObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.DatasetMarker;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.RetentionPolicy;

/**
 * Writes whole datasets straight into a blob store as new versions (or into in-memory states), the way a producer's first cycle would (with
 * the engine's {@link DatasetMarker}): how benchmarks and tests set up inputs without going through Kafka.
 */
public final class CatalogPublisher {
    private CatalogPublisher() {
    }

    /** Publishes the six datasets of {@code catalog}; returns each one's announced version. */
    public static Map<Dataset<?>, Long> publishAll(BlobStore store, SyntheticCatalog catalog) {
        Map<Dataset<?>, Long> versions = new LinkedHashMap<>();
        catalog.byDataset().forEach((dataset, records) ->
                versions.put(dataset, publish(store.namespace(dataset.name()), dataset, records)));
        return versions;
    }

    /** The six datasets of {@code catalog} as in-memory Hollow states, no blob store involved. */
    public static Map<Dataset<?>, HollowReadStateEngine> inMemory(SyntheticCatalog catalog) {
        Map<Dataset<?>, HollowReadStateEngine> states = new LinkedHashMap<>();
        catalog.byDataset().forEach((dataset, records) -> states.put(dataset, inMemory(dataset, records)));
        return states;
    }

    /** One dataset's {@code records} as an in-memory Hollow state, no blob store involved. */
    public static HollowReadStateEngine inMemory(Dataset<?> dataset, List<?> records) {
        HollowWriteStateEngine write = new HollowWriteStateEngine();
        HollowObjectMapper mapper = new HollowObjectMapper(write);
        mapper.initializeTypeState(dataset.type());
        records.parallelStream().forEach(mapper::add);
        HollowReadStateEngine read = new HollowReadStateEngine();
        try {
            StateEngineRoundTripper.roundTripSnapshot(write, read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read;
    }

    /** Publishes one dataset's whole content as a new version of {@code namespace}; returns that version. */
    public static long publish(BlobNamespace namespace, Dataset<?> dataset, List<?> records) {
        HollowProducer.Builder<?> builder = HollowProducer.withPublisher(namespace.publisher());
        namespace.configure(builder, RetentionPolicy.DEFAULT);
        HollowProducer producer = builder.build();
        producer.initializeDataModel(dataset.type(), DatasetMarker.class);
        return producer.runCycle(state -> {
            state.add(new DatasetMarker(dataset.name()));
            records.parallelStream().forEach(state::add);
        });
    }
}
