package org.gatekeeper.model;

import com.netflix.hollow.core.write.objectmapper.HollowInline;
import com.netflix.hollow.core.write.objectmapper.HollowPrimaryKey;
import java.util.Objects;

/** A video, audio or subtitle file of one video and its processing status (SPEC §2). */
@HollowPrimaryKey(fields = "id")
public final class Asset {
    @HollowInline
    private final String id;
    private final long videoId;
    private final String kind;
    private final String language;
    private final String status;

    public Asset(String id, long videoId, String kind, String language, String status) {
        this.id = id;
        this.videoId = videoId;
        this.kind = kind;
        this.language = language;
        this.status = status;
    }

    public String getId() { return id; }
    public long getVideoId() { return videoId; }
    /** One of {@link AssetKind}'s names. */
    public String getKind() { return kind; }
    /** The BCP-47 language; {@code ""} for a {@code VIDEO} asset. */
    public String getLanguage() { return language; }
    /** One of {@link AssetStatus}'s names. */
    public String getStatus() { return status; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Asset a && videoId == a.videoId && id.equals(a.id) && kind.equals(a.kind)
                && language.equals(a.language) && status.equals(a.status);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, videoId, kind, language, status);
    }

    @Override
    public String toString() {
        return "Asset{id=" + id + ", videoId=" + videoId + ", kind=" + kind + ", language=" + language
                + ", status=" + status + '}';
    }
}
