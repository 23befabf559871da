package org.gatekeeper.model;

import com.netflix.hollow.core.write.objectmapper.HollowInline;
import com.netflix.hollow.core.write.objectmapper.HollowPrimaryKey;
import java.util.Objects;

/** A video's title and synopsis in one language (SPEC §2). */
@HollowPrimaryKey(fields = {"videoId", "language"})
public final class Localization {
    private final long videoId;
    private final String language;
    @HollowInline
    private final String title;
    @HollowInline
    private final String synopsis;

    public Localization(long videoId, String language, String title, String synopsis) {
        this.videoId = videoId;
        this.language = language;
        this.title = title;
        this.synopsis = synopsis;
    }

    public long getVideoId() { return videoId; }
    public String getLanguage() { return language; }
    public String getTitle() { return title; }
    public String getSynopsis() { return synopsis; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Localization l && videoId == l.videoId && language.equals(l.language)
                && title.equals(l.title) && synopsis.equals(l.synopsis);
    }

    @Override
    public int hashCode() {
        return Objects.hash(videoId, language, title, synopsis);
    }

    @Override
    public String toString() {
        return "Localization{videoId=" + videoId + ", language=" + language + ", title=" + title + ", synopsis="
                + synopsis + '}';
    }
}
