package org.gatekeeper.model.profile;

/**
 * A catalog size of SPEC §9.
 *
 * @param name the profile name on the command line
 * @param videos how many videos: movies, and shows with seasons and episodes
 * @param countries how many countries have a policy
 * @param languages how many languages appear in policies, assets and localizations
 */
public record Profile(String name, int videos, int countries, int languages) {
    public static final Profile SMALL = new Profile("small", 1_000, 30, 12);
    public static final Profile NETFLIX = new Profile("netflix", 100_000, 190, 40);

    /** The profile with this name. @throws IllegalArgumentException naming the valid profiles */
    public static Profile named(String name) {
        return switch (name) {
            case "small" -> SMALL;
            case "netflix" -> NETFLIX;
            default -> throw new IllegalArgumentException("unknown profile '" + name + "'; expected small or netflix");
        };
    }
}
