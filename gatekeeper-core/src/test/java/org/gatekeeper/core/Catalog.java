package org.gatekeeper.core;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.util.StateEngineRoundTripper;
import com.netflix.hollow.core.write.HollowWriteStateEngine;
import com.netflix.hollow.core.write.objectmapper.HollowObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Localization;
import org.gatekeeper.model.Rating;
import org.gatekeeper.model.Video;

/** A test catalog as plain lists, and the same catalog as six in-memory Hollow states. */
record Catalog(List<Video> videos, List<Contract> contracts, List<Asset> assets, List<Localization> localizations,
               List<Rating> ratings, List<CountryPolicy> countries) {

    static Catalog empty() {
        return new Catalog(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
    }

    PinnedInputs toInputs() {
        Map<Dataset<?>, HollowReadStateEngine> states = new LinkedHashMap<>();
        states.put(Dataset.VIDEOS, state(Video.class, videos));
        states.put(Dataset.CONTRACTS, state(Contract.class, contracts));
        states.put(Dataset.ASSETS, state(Asset.class, assets));
        states.put(Dataset.LOCALIZATIONS, state(Localization.class, localizations));
        states.put(Dataset.RATINGS, state(Rating.class, ratings));
        states.put(Dataset.COUNTRIES, state(CountryPolicy.class, countries));
        return PinnedInputs.unversioned(states);
    }

    private static HollowReadStateEngine state(Class<?> type, List<?> records) {
        HollowWriteStateEngine write = new HollowWriteStateEngine();
        HollowObjectMapper mapper = new HollowObjectMapper(write);
        mapper.initializeTypeState(type);
        records.forEach(mapper::add);
        HollowReadStateEngine read = new HollowReadStateEngine();
        try {
            StateEngineRoundTripper.roundTripSnapshot(write, read);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return read;
    }
}
