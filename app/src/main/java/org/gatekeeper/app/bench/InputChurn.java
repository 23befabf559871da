package org.gatekeeper.app.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Localization;
import org.gatekeeper.model.Rating;
import org.gatekeeper.model.profile.SyntheticCatalog;

/**
 * Upstream edits between two PROD ticks, for benchmarks. Each change edits one record, picked with a fixed seed,
 * of each of four datasets, so that the statuses of its video change:
 * <ul>
 *   <li>a contract gets one country more or less;</li>
 *   <li>an asset turns from READY to FAILED, or back;</li>
 *   <li>a localization's title turns blank, or back;</li>
 *   <li>a rating's value turns blank, or back.</li>
 * </ul>
 */
final class InputChurn {
    /** The datasets a change edits; videos and country policies stay as generated. */
    static final List<Dataset<?>> CHURNED = List.of(Dataset.CONTRACTS, Dataset.ASSETS, Dataset.LOCALIZATIONS,
            Dataset.RATINGS);

    private final SyntheticCatalog base;
    private final List<String> countries;
    private final Map<Dataset<?>, List<Object>> records = new LinkedHashMap<>();
    private final Map<Dataset<?>, Set<Integer>> changed = new LinkedHashMap<>();
    private final Random random = new Random(1);

    InputChurn(SyntheticCatalog catalog) {
        base = catalog;
        countries = catalog.countries().stream().map(CountryPolicy::getCountry).toList();
        for (Dataset<?> dataset : CHURNED) {
            records.put(dataset, new ArrayList<>(catalog.byDataset().get(dataset)));
            changed.put(dataset, new TreeSet<>());
        }
    }

    /** The records of a churned dataset as they are now. */
    List<Object> records(Dataset<?> dataset) {
        return records.get(dataset);
    }

    /** The positions in {@link #records} that the last {@link #change} edited, in order. */
    Set<Integer> lastChanged(Dataset<?> dataset) {
        return changed.get(dataset);
    }

    /** Edits {@code count} records of each churned dataset. */
    void change(int count) {
        changed.values().forEach(Set::clear);
        edit(Dataset.CONTRACTS, count, c -> {
            Contract contract = (Contract) c;
            Set<String> listed = new HashSet<>(contract.getCountries());
            String country = countries.get(random.nextInt(countries.size()));
            if (!listed.remove(country)) {
                listed.add(country);
            }
            return new Contract(contract.getId(), contract.getVideoId(), listed, contract.getWindowStart(),
                    contract.getWindowEnd());
        });
        edit(Dataset.ASSETS, count, a -> {
            Asset asset = (Asset) a;
            return new Asset(asset.getId(), asset.getVideoId(), asset.getKind(), asset.getLanguage(),
                    asset.getStatus().equals("READY") ? "FAILED" : "READY");
        });
        edit(Dataset.LOCALIZATIONS, count, l -> {
            Localization localization = (Localization) l;
            return new Localization(localization.getVideoId(), localization.getLanguage(),
                    localization.getTitle().isBlank() ? "Restored title" : "", localization.getSynopsis());
        });
        edit(Dataset.RATINGS, count, r -> {
            Rating rating = (Rating) r;
            return new Rating(rating.getVideoId(), rating.getRatingSystem(), rating.getValue().isBlank() ? "13" : "");
        });
    }

    private void edit(Dataset<?> dataset, int count, UnaryOperator<Object> change) {
        List<Object> list = records.get(dataset);
        for (int i = 0; i < count && !list.isEmpty(); i++) {
            int at = random.nextInt(list.size());
            list.set(at, change.apply(list.get(at)));
            changed.get(dataset).add(at);
        }
    }

    /** The catalog with the churned datasets as they are now, for the naive evaluator. */
    @SuppressWarnings("unchecked")
    SyntheticCatalog catalog() {
        return new SyntheticCatalog(base.videos(), (List<Contract>) (List<?>) records(Dataset.CONTRACTS),
                (List<Asset>) (List<?>) records(Dataset.ASSETS),
                (List<Localization>) (List<?>) records(Dataset.LOCALIZATIONS),
                (List<Rating>) (List<?>) records(Dataset.RATINGS), base.countries());
    }
}
