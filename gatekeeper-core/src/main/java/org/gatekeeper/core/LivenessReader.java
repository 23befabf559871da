package org.gatekeeper.core;

import com.netflix.hollow.api.objects.generic.GenericHollowList;
import com.netflix.hollow.api.objects.generic.GenericHollowObject;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.gatekeeper.model.Blocker;
import org.gatekeeper.model.CountryStatus;
import org.gatekeeper.model.VideoStatus;

/** Reads a published {@code liveness} state back as model objects, sorted by video id (generic API). */
public final class LivenessReader {
    private LivenessReader() {
    }

    public static List<VideoStatus> readAll(HollowReadStateEngine state) {
        HollowObjectTypeReadState type = (HollowObjectTypeReadState) state.getTypeState("VideoStatus");
        List<VideoStatus> videos = new ArrayList<>();
        if (type == null) {
            return videos;
        }
        BitSet ordinals = type.getPopulatedOrdinals();
        for (int o = ordinals.nextSetBit(0); o >= 0; o = ordinals.nextSetBit(o + 1)) {
            videos.add(read(new GenericHollowObject(state, "VideoStatus", o)));
        }
        videos.sort(Comparator.comparingLong(VideoStatus::getVideoId));
        return videos;
    }

    /** One video's status in a published state, if the state holds it: a scan of video ids, no index to build. */
    public static java.util.Optional<VideoStatus> read(HollowReadStateEngine state, long videoId) {
        HollowObjectTypeReadState type = (HollowObjectTypeReadState) state.getTypeState("VideoStatus");
        if (type == null) {
            return java.util.Optional.empty();
        }
        int idField = type.getSchema().getPosition("videoId");
        BitSet ordinals = type.getPopulatedOrdinals();
        for (int o = ordinals.nextSetBit(0); o >= 0; o = ordinals.nextSetBit(o + 1)) {
            if (type.readLong(o, idField) == videoId) {
                return java.util.Optional.of(read(new GenericHollowObject(state, "VideoStatus", o)));
            }
        }
        return java.util.Optional.empty();
    }

    static VideoStatus read(GenericHollowObject video) {
        List<CountryStatus> countries = new ArrayList<>();
        GenericHollowList list = video.getList("countries");
        for (int i = 0; i < list.size(); i++) {
            GenericHollowObject status = list.getObject(i);
            List<Blocker> blockers = new ArrayList<>();
            GenericHollowList blockerList = status.getList("blockers");
            for (int b = 0; b < blockerList.size(); b++) {
                GenericHollowObject blocker = blockerList.getObject(b);
                blockers.add(new Blocker(blocker.getObject("code").getString("value"),
                        blocker.getObject("detail").getString("value")));
            }
            countries.add(new CountryStatus(status.getObject("country").getString("value"),
                    status.getBoolean("live"), blockers, status.getLong("windowStart"),
                    status.getLong("windowEnd"), status.getLong("goLiveAt")));
        }
        return new VideoStatus(video.getLong("videoId"), countries);
    }
}
