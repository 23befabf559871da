package org.gatekeeper.core;

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
import org.gatekeeper.model.profile.CatalogPublisher;
import org.gatekeeper.model.profile.SyntheticCatalog;

/** A mutable test catalog as plain lists, and the same catalog as six in-memory Hollow states. */
record Catalog(List<Video> videos, List<Contract> contracts, List<Asset> assets, List<Localization> localizations,
               List<Rating> ratings, List<CountryPolicy> countries) {

    static Catalog empty() {
        return new Catalog(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
    }

    PinnedInputs toInputs() {
        return PinnedInputs.unversioned(CatalogPublisher.inMemory(toSynthetic()));
    }

    /** Input versions to record in a published output's header when the inputs are in memory: every one at 1. */
    static Map<Dataset<?>, Long> versionOne() {
        Map<Dataset<?>, Long> versions = new LinkedHashMap<>();
        Dataset.ALL.forEach(dataset -> versions.put(dataset, 1L));
        return versions;
    }

    SyntheticCatalog toSynthetic() {
        return new SyntheticCatalog(videos, contracts, assets, localizations, ratings, countries);
    }
}
