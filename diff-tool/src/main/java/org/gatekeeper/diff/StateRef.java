package org.gatekeeper.diff;

import java.util.Map;
import java.util.TreeMap;

/**
 * One side of a diff: a namespace, one of its versions, and that version's header tags.
 *
 * @param headerTags sorted by name, so JSON and pages list them in a stable order
 */
public record StateRef(String namespace, long version, Map<String, String> headerTags) {
    public StateRef {
        headerTags = java.util.Collections.unmodifiableMap(new TreeMap<>(headerTags));
    }

    /** {@code namespace:version}, the form the CLI and the API take. */
    public String label() {
        return namespace + ":" + version;
    }
}
