package org.gatekeeper.diff;

import java.util.Locale;

/** How one video-country pair changed between two output states. Exactly one applies to a changed pair. */
public enum ChangeKind {
    /** Not live before, live after. */
    BECAME_LIVE,
    /** Live before, not live after. */
    STOPPED_LIVE,
    /** Not live on either side, blocked for other reasons. */
    BLOCKERS_CHANGED,
    /** Same liveness and blockers; the window or the go-live instant moved. */
    WINDOW_CHANGED,
    /** The pair exists only after: a new video or country. */
    PAIR_ADDED,
    /** The pair exists only before: a video or country that went away. */
    PAIR_REMOVED;

    /** The JSON and URL form: {@code became-live}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind with this label, or null. */
    public static ChangeKind ofLabel(String label) {
        for (ChangeKind kind : values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        return null;
    }
}
