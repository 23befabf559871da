package org.gatekeeper.core;

import org.gatekeeper.model.Dataset;

/** The header tags on every output state (SPEC §5). */
public final class OutputTags {
    public static final String EVALUATED_AT = "gatekeeper.evaluatedAt";
    public static final String ENVIRONMENT = "gatekeeper.environment";
    public static final String RULES = "gatekeeper.rules";
    public static final String FOLLOWS = "gatekeeper.follows";
    /** Beyond SPEC §5: the state's video-country pairs, so pages can chart a history without loading states. */
    public static final String PAIRS = "gatekeeper.pairs";
    /** Beyond SPEC §5: how many of those pairs are live. */
    public static final String LIVE_PAIRS = "gatekeeper.pairs.live";

    private OutputTags() {
    }

    /** {@code gatekeeper.input.<dataset>}: the pinned version of an input. */
    public static String input(Dataset<?> dataset) {
        return "gatekeeper.input." + dataset.name();
    }
}
