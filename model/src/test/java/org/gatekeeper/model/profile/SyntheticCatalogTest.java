package org.gatekeeper.model.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gatekeeper.model.CountryPolicy;
import org.junit.jupiter.api.Test;

class SyntheticCatalogTest {
    /** SPEC §2: countries are ISO 3166-1 alpha-2 codes; the profiles' countries are distinct assigned ones. */
    @Test
    void countries_areDistinctIsoCodes_largeMarketsFirst() {
        Set<String> iso = Set.of(Locale.getISOCountries());
        List<String> netflix = SyntheticCatalog.countryCodes(Profile.NETFLIX);
        assertThat(netflix).hasSize(190).doesNotHaveDuplicates().allSatisfy(code -> assertThat(iso).contains(code));
        assertThat(SyntheticCatalog.countryCodes(Profile.SMALL)).hasSize(30).startsWith("US", "GB")
                .isEqualTo(netflix.subList(0, 30));
    }

    @Test
    void aCatalog_isTheSameForTheSameSeed_andHasAPolicyPerCountry() {
        SyntheticCatalog first = SyntheticCatalog.generate(Profile.SMALL, 7, 1_000_000L);
        SyntheticCatalog again = SyntheticCatalog.generate(Profile.SMALL, 7, 1_000_000L);
        assertThat(again.contracts()).isEqualTo(first.contracts());
        assertThat(again.countries()).isEqualTo(first.countries());
        Set<String> policies = new HashSet<>();
        first.countries().stream().map(CountryPolicy::getCountry).forEach(policies::add);
        assertThat(policies).containsExactlyInAnyOrderElementsOf(SyntheticCatalog.countryCodes(Profile.SMALL));
    }
}
