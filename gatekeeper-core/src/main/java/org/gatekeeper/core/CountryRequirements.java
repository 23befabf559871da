package org.gatekeeper.core;

import java.util.List;
import java.util.Optional;

/**
 * One country's compiled requirements, as a {@link RuleSet} sees them: the policy's language lists as given, and
 * the masks the evaluator tests, which a rule set may extend.
 */
public final class CountryRequirements {
    private final String country;
    private final List<String> metadataLanguages;
    final long[] metadata;
    final long[] subtitles;
    final long[] dubs;
    int ratingSystem;
    private final LanguageIndex languages;

    CountryRequirements(String country, List<String> metadataLanguages, LanguageIndex languages) {
        this.country = country;
        this.metadataLanguages = metadataLanguages;
        this.languages = languages;
        this.metadata = new long[languages.words()];
        this.subtitles = new long[languages.words()];
        this.dubs = new long[languages.words()];
        this.ratingSystem = -1;
    }

    public String country() {
        return country;
    }

    /**
     * The first of the policy's {@code metadataLanguages} in sorted order. Not the first as written: SPEC §2 makes
     * the list a set whose order carries no meaning, so a re-emission in another order must not change the output.
     */
    public Optional<String> firstMetadataLanguage() {
        return metadataLanguages.stream().min(java.util.Comparator.naturalOrder());
    }

    /** Adds a language to the subtitle requirement; it must be one the policies name. */
    public void requireSubtitles(String language) {
        int bit = languages.bit(language);
        if (bit < 0) {
            throw new IllegalArgumentException("language '" + language + "' is not named by any country policy");
        }
        subtitles[bit >>> 6] |= 1L << bit;
    }
}
