package org.gatekeeper.core;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.gatekeeper.model.Dataset;

/**
 * One version of every input dataset, loaded: what an evaluation reads. The versions are recorded in the output's
 * header tags ({@code gatekeeper.input.<dataset>}), so replay can pin the same ones.
 *
 * @param versions the pinned version of each dataset
 * @param states the loaded state of each dataset at that version
 */
public record PinnedInputs(Map<Dataset<?>, Long> versions, Map<Dataset<?>, HollowReadStateEngine> states) {

    public PinnedInputs {
        versions = Map.copyOf(versions);
        states = Map.copyOf(states);
        for (Dataset<?> dataset : Dataset.ALL) {
            Objects.requireNonNull(states.get(dataset), () -> "no state for input dataset " + dataset);
        }
    }

    /** Inputs from states built in memory (tests, benchmarks): every version is 0. */
    public static PinnedInputs unversioned(Map<Dataset<?>, HollowReadStateEngine> states) {
        Map<Dataset<?>, Long> versions = new LinkedHashMap<>();
        Dataset.ALL.forEach(d -> versions.put(d, 0L));
        return new PinnedInputs(versions, states);
    }

    HollowReadStateEngine state(Dataset<?> dataset) {
        return states.get(dataset);
    }
}
