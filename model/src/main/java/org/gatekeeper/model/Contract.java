package org.gatekeeper.model;

import com.netflix.hollow.core.write.objectmapper.HollowInline;
import com.netflix.hollow.core.write.objectmapper.HollowPrimaryKey;
import java.util.Objects;
import java.util.Set;

/**
 * A licence for one video in a set of countries over {@code [windowStart, windowEnd)}, epoch milliseconds
 * (SPEC §2). A contract whose window is empty or inverted counts as no contract at all (SPEC §4).
 */
@HollowPrimaryKey(fields = "id")
public final class Contract {
    @HollowInline
    private final String id;
    private final long videoId;
    private final Set<String> countries;
    private final long windowStart;
    private final long windowEnd;

    public Contract(String id, long videoId, Set<String> countries, long windowStart, long windowEnd) {
        this.id = id;
        this.videoId = videoId;
        this.countries = Set.copyOf(countries);
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
    }

    public String getId() { return id; }
    public long getVideoId() { return videoId; }
    public Set<String> getCountries() { return countries; }
    public long getWindowStart() { return windowStart; }
    public long getWindowEnd() { return windowEnd; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Contract c && videoId == c.videoId && windowStart == c.windowStart
                && windowEnd == c.windowEnd && id.equals(c.id) && countries.equals(c.countries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, videoId, countries, windowStart, windowEnd);
    }

    @Override
    public String toString() {
        return "Contract{id=" + id + ", videoId=" + videoId + ", countries=" + countries + ", windowStart="
                + windowStart + ", windowEnd=" + windowEnd + '}';
    }
}
