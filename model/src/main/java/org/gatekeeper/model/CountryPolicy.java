package org.gatekeeper.model;

import com.netflix.hollow.core.write.objectmapper.HollowPrimaryKey;
import java.util.List;
import java.util.Objects;

/**
 * What a country requires before a video goes live there (SPEC §2). The three language lists are sets in meaning
 * (SPEC §2); they are stored as given.
 */
@HollowPrimaryKey(fields = "country")
public final class CountryPolicy {
    private final String country;
    private final String ratingSystem;
    private final List<String> metadataLanguages;
    private final List<String> subtitleLanguages;
    private final List<String> dubLanguages;

    public CountryPolicy(String country, String ratingSystem, List<String> metadataLanguages,
                         List<String> subtitleLanguages, List<String> dubLanguages) {
        this.country = country;
        this.ratingSystem = ratingSystem;
        this.metadataLanguages = List.copyOf(metadataLanguages);
        this.subtitleLanguages = List.copyOf(subtitleLanguages);
        this.dubLanguages = List.copyOf(dubLanguages);
    }

    public String getCountry() { return country; }
    /** The rating system a video needs a rating in; {@code ""} when none is required. */
    public String getRatingSystem() { return ratingSystem; }
    public List<String> getMetadataLanguages() { return metadataLanguages; }
    public List<String> getSubtitleLanguages() { return subtitleLanguages; }
    public List<String> getDubLanguages() { return dubLanguages; }

    @Override
    public boolean equals(Object o) {
        return o instanceof CountryPolicy p && country.equals(p.country) && ratingSystem.equals(p.ratingSystem)
                && metadataLanguages.equals(p.metadataLanguages) && subtitleLanguages.equals(p.subtitleLanguages)
                && dubLanguages.equals(p.dubLanguages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(country, ratingSystem, metadataLanguages, subtitleLanguages, dubLanguages);
    }

    @Override
    public String toString() {
        return "CountryPolicy{country=" + country + ", ratingSystem=" + ratingSystem + ", metadataLanguages="
                + metadataLanguages + ", subtitleLanguages=" + subtitleLanguages + ", dubLanguages=" + dubLanguages + '}';
    }
}
