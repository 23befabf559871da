package org.gatekeeper.app.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.profile.SyntheticCatalog;

/**
 * Upstream edits between two PROD ticks, for benchmarks: each change gives one contract (picked with a fixed seed)
 * one country more or less, so the statuses of that video in that country change.
 */
final class ContractChurn {
    private final SyntheticCatalog base;
    private final List<Contract> contracts;
    private final List<String> countries;
    private final Random random = new Random(1);

    ContractChurn(SyntheticCatalog catalog) {
        base = catalog;
        contracts = new ArrayList<>(catalog.contracts());
        countries = catalog.countries().stream().map(CountryPolicy::getCountry).toList();
    }

    /** The contracts as they are now. */
    List<Contract> contracts() {
        return contracts;
    }

    void change(int count) {
        for (int i = 0; i < count && !contracts.isEmpty(); i++) {
            int at = random.nextInt(contracts.size());
            Contract c = contracts.get(at);
            Set<String> listed = new HashSet<>(c.getCountries());
            String country = countries.get(random.nextInt(countries.size()));
            if (!listed.remove(country)) {
                listed.add(country);
            }
            contracts.set(at, new Contract(c.getId(), c.getVideoId(), listed, c.getWindowStart(), c.getWindowEnd()));
        }
    }

    /** The catalog with the contracts as they are now, for the naive evaluator. */
    SyntheticCatalog catalog() {
        return new SyntheticCatalog(base.videos(), contracts, base.assets(), base.localizations(), base.ratings(),
                base.countries());
    }
}
