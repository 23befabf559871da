package org.gatekeeper.core;

/**
 * Which rules a gatekeeper runs. {@link #SPEC} is SPEC §4 exactly; a PREPROD environment runs another rule set at
 * PROD's inputs and instant, so the diff shows what the change does. A rule set adjusts each country's compiled
 * requirements; the evaluation itself is shared.
 */
public interface RuleSet {

    /** Recorded in the output's {@code gatekeeper.rules} header tag. */
    String id();

    /** Adjusts one country's requirements before evaluation. */
    void adjust(CountryRequirements requirements);

    /** SPEC §4, unchanged. */
    RuleSet SPEC = new RuleSet() {
        @Override
        public String id() {
            return "spec-v1";
        }

        @Override
        public void adjust(CountryRequirements requirements) {
        }

        @Override
        public String toString() {
            return id();
        }
    };

    /**
     * The demo's changed rules: SPEC §4, and subtitles are also required in a country's first metadata language, in
     * sorted order ({@link CountryRequirements#firstMetadataLanguage}). (Its id changed with that meaning: outputs
     * made under {@code spec-v1+subtitles-in-first-metadata-language} took the first language as written.)
     */
    RuleSet SUBTITLES_IN_FIRST_METADATA_LANGUAGE = new RuleSet() {
        @Override
        public String id() {
            return "spec-v1+subtitles-in-first-sorted-metadata-language";
        }

        @Override
        public void adjust(CountryRequirements requirements) {
            requirements.firstMetadataLanguage().ifPresent(requirements::requireSubtitles);
        }

        @Override
        public String toString() {
            return id();
        }
    };

    /** The rule set with this id. @throws IllegalArgumentException naming the known ones */
    static RuleSet named(String id) {
        if (SPEC.id().equals(id)) {
            return SPEC;
        }
        if (SUBTITLES_IN_FIRST_METADATA_LANGUAGE.id().equals(id)) {
            return SUBTITLES_IN_FIRST_METADATA_LANGUAGE;
        }
        throw new IllegalArgumentException("unknown rule set '" + id + "'; expected " + SPEC.id() + " or "
                + SUBTITLES_IN_FIRST_METADATA_LANGUAGE.id());
    }
}
