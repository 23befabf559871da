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

    /**
     * Every video of a published state. Each distinct {@code CountryStatus} (2.9 M at {@code netflix}, for 19 M
     * pairs) and each blocker list is read once, by ordinal, with Hollow's low-level reads, and shared by the
     * videos that reference it: reading every pair through generic objects took most of a replay's ~50 s.
     */
    public static List<VideoStatus> readAll(HollowReadStateEngine state) {
        OutputTypes types = OutputTypes.of(state);
        List<VideoStatus> result = new ArrayList<>();
        if (types == null) {
            return result;
        }
        Ordinals read = new Ordinals(types);
        BitSet ordinals = types.videos.getPopulatedOrdinals();
        for (int o = ordinals.nextSetBit(0); o >= 0; o = ordinals.nextSetBit(o + 1)) {
            int list = types.videos.readOrdinal(o, types.countriesField);
            CountryStatus[] countries = new CountryStatus[types.statusLists.size(list)];
            for (int i = 0; i < countries.length; i++) {
                countries[i] = read.status(types.statusLists.getElementOrdinal(list, i));
            }
            result.add(new VideoStatus(types.videos.readLong(o, types.videoIdField), java.util.Arrays.asList(countries)));
        }
        result.sort(Comparator.comparingLong(VideoStatus::getVideoId));
        return result;
    }

    /** The records below {@code VideoStatus}, each read once and kept by ordinal. */
    static final class Ordinals {
        private final OutputTypes types;
        private final CountryStatus[] status;
        private final List<Blocker>[] blockerList;
        private final String[] string;

        @SuppressWarnings("unchecked")
        Ordinals(OutputTypes types) {
            this.types = types;
            status = new CountryStatus[types.statuses.maxOrdinal() + 1];
            blockerList = new List[types.blockerLists.maxOrdinal() + 1];
            string = new String[types.strings.maxOrdinal() + 1];
        }

        CountryStatus status(int ordinal) {
            CountryStatus known = status[ordinal];
            if (known == null) {
                known = types.status(ordinal, this::string, this::blockerList);
                status[ordinal] = known;
            }
            return known;
        }

        private List<Blocker> blockerList(int ordinal) {
            List<Blocker> known = blockerList[ordinal];
            if (known == null) {
                known = List.copyOf(types.blockers(ordinal, this::string));
                blockerList[ordinal] = known;
            }
            return known;
        }

        private String string(int ordinal) {
            String known = string[ordinal];
            if (known == null) {
                known = types.string(ordinal);
                string[ordinal] = known;
            }
            return known;
        }
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
