package org.gatekeeper.model;

import com.netflix.hollow.core.write.objectmapper.HollowInline;
import com.netflix.hollow.core.write.objectmapper.HollowPrimaryKey;
import java.util.Objects;

/** A movie, show, season or episode of the {@code videos} dataset (SPEC §2). */
@HollowPrimaryKey(fields = "id")
public final class Video {
    private final long id;
    private final String type;
    private final long parentId;
    private final String originalLanguage;
    @HollowInline
    private final String title;
    private final int runtimeMinutes;

    public Video(long id, String type, long parentId, String originalLanguage, String title, int runtimeMinutes) {
        this.id = id;
        this.type = type;
        this.parentId = parentId;
        this.originalLanguage = originalLanguage;
        this.title = title;
        this.runtimeMinutes = runtimeMinutes;
    }

    public long getId() { return id; }
    /** One of {@link VideoType}'s names. */
    public String getType() { return type; }
    /** The containing show or season; 0 for none. */
    public long getParentId() { return parentId; }
    public String getOriginalLanguage() { return originalLanguage; }
    public String getTitle() { return title; }
    public int getRuntimeMinutes() { return runtimeMinutes; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Video v && id == v.id && parentId == v.parentId && runtimeMinutes == v.runtimeMinutes
                && type.equals(v.type) && originalLanguage.equals(v.originalLanguage) && title.equals(v.title);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, parentId, originalLanguage, title, runtimeMinutes);
    }

    @Override
    public String toString() {
        return "Video{id=" + id + ", type=" + type + ", parentId=" + parentId + ", originalLanguage=" + originalLanguage
                + ", title=" + title + ", runtimeMinutes=" + runtimeMinutes + '}';
    }
}
