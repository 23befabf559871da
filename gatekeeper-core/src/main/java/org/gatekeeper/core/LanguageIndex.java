package org.gatekeeper.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The languages some country policy names, each given a bit. Bits follow {@code String.compareTo} order, so
 * walking a mask from its lowest bit lists languages sorted, as SPEC §4 sorts blocker details. A language no
 * policy names never blocks anything (only the original-language audio rule reads other languages, and it
 * compares the video's own language directly), so it needs no bit.
 */
final class LanguageIndex {
    private final String[] languages;
    private final Map<String, Integer> bits = new HashMap<>();

    LanguageIndex(Collection<String> named) {
        this.languages = new TreeSet<>(named).toArray(String[]::new);
        for (int i = 0; i < languages.length; i++) {
            bits.put(languages[i], i);
        }
    }

    /** The bit of a language, or -1 when no policy names it. */
    int bit(String language) {
        Integer bit = bits.get(language);
        return bit == null ? -1 : bit;
    }

    String language(int bit) {
        return languages[bit];
    }

    int size() {
        return languages.length;
    }

    /** Longs per mask. */
    int words() {
        return Math.max(1, (languages.length + 63) >>> 6);
    }

    /** Whether {@code other} gives every language the same bit. */
    boolean sameBits(LanguageIndex other) {
        return other != null && Arrays.equals(languages, other.languages);
    }

    @Override
    public String toString() {
        return Arrays.toString(languages);
    }
}
