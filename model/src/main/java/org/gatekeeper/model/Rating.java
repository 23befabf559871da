package org.gatekeeper.model;

import com.netflix.hollow.core.write.objectmapper.HollowInline;
import com.netflix.hollow.core.write.objectmapper.HollowPrimaryKey;
import java.util.Objects;

/** A video's maturity rating in one rating system (SPEC §2). */
@HollowPrimaryKey(fields = {"videoId", "ratingSystem"})
public final class Rating {
    private final long videoId;
    private final String ratingSystem;
    @HollowInline
    private final String value;

    public Rating(long videoId, String ratingSystem, String value) {
        this.videoId = videoId;
        this.ratingSystem = ratingSystem;
        this.value = value;
    }

    public long getVideoId() { return videoId; }
    public String getRatingSystem() { return ratingSystem; }
    public String getValue() { return value; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rating r && videoId == r.videoId && ratingSystem.equals(r.ratingSystem)
                && value.equals(r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(videoId, ratingSystem, value);
    }

    @Override
    public String toString() {
        return "Rating{videoId=" + videoId + ", ratingSystem=" + ratingSystem + ", value=" + value + '}';
    }
}
