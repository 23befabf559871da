package org.gatekeeper.model;

import com.netflix.hollow.core.write.objectmapper.HollowInline;
import com.netflix.hollow.core.write.objectmapper.HollowPrimaryKey;

/**
 * The engine's own record in every input dataset, in a type of its own (SPEC §3): Hollow publishes nothing for a
 * cycle without records, so this one record makes the first state of a dataset that is still empty, and every
 * input has a version to pin from the moment its producer starts. Readers of the dataset ignore it.
 */
@HollowPrimaryKey(fields = "dataset")
public final class DatasetMarker {
    @HollowInline
    private final String dataset;

    public DatasetMarker(String dataset) {
        this.dataset = dataset;
    }

    public String getDataset() {
        return dataset;
    }
}
