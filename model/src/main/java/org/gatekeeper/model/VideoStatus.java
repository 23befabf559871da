package org.gatekeeper.model;

import com.netflix.hollow.core.write.objectmapper.HollowPrimaryKey;
import java.util.List;
import java.util.Objects;

/** The output of the {@code liveness} dataset: one video's status in every country, sorted by country (SPEC §5). */
@HollowPrimaryKey(fields = "videoId")
public final class VideoStatus {
    private final long videoId;
    private final List<CountryStatus> countries;

    public VideoStatus(long videoId, List<CountryStatus> countries) {
        this.videoId = videoId;
        this.countries = List.copyOf(countries);
    }

    public long getVideoId() { return videoId; }
    public List<CountryStatus> getCountries() { return countries; }

    @Override
    public boolean equals(Object o) {
        return o instanceof VideoStatus s && videoId == s.videoId && countries.equals(s.countries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(videoId, countries);
    }

    @Override
    public String toString() {
        return "VideoStatus{videoId=" + videoId + ", countries=" + countries + '}';
    }
}
