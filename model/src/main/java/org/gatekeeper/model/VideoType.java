package org.gatekeeper.model;

/** {@code Video.type} (SPEC §2). Playable videos are movies and episodes; shows and seasons are containers. */
public enum VideoType {
    MOVIE, SHOW, SEASON, EPISODE;

    public boolean isPlayable() {
        return this == MOVIE || this == EPISODE;
    }
}
