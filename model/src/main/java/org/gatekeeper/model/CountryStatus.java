package org.gatekeeper.model;

import java.util.List;
import java.util.Objects;

/**
 * A video's status in one country (SPEC §5). It has no primary key on purpose: identical statuses (the same
 * country, blockers and window) are one Hollow record shared by every video that has them.
 */
public final class CountryStatus {
    private final String country;
    private final boolean live;
    private final List<Blocker> blockers;
    private final long windowStart;
    private final long windowEnd;
    private final long goLiveAt;

    public CountryStatus(String country, boolean live, List<Blocker> blockers, long windowStart, long windowEnd,
                         long goLiveAt) {
        this.country = country;
        this.live = live;
        this.blockers = List.copyOf(blockers);
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.goLiveAt = goLiveAt;
    }

    public String getCountry() { return country; }
    public boolean isLive() { return live; }
    /** Sorted by code, then detail (SPEC §4). Empty exactly when {@link #isLive()}. */
    public List<Blocker> getBlockers() { return blockers; }
    public long getWindowStart() { return windowStart; }
    public long getWindowEnd() { return windowEnd; }
    /** The earliest future window start when {@code WINDOW_NOT_OPEN} blocks; otherwise 0. */
    public long getGoLiveAt() { return goLiveAt; }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof CountryStatus s && live == s.live && windowStart == s.windowStart
                && windowEnd == s.windowEnd && goLiveAt == s.goLiveAt && country.equals(s.country)
                && blockers.equals(s.blockers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(country, live, blockers, windowStart, windowEnd, goLiveAt);
    }

    @Override
    public String toString() {
        return "CountryStatus{country=" + country + ", live=" + live + ", blockers=" + blockers + ", windowStart="
                + windowStart + ", windowEnd=" + windowEnd + ", goLiveAt=" + goLiveAt + '}';
    }
}
