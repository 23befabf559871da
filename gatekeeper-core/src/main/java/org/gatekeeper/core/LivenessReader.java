package org.gatekeeper.core;

import com.netflix.hollow.api.objects.generic.GenericHollowList;
import com.netflix.hollow.api.objects.generic.GenericHollowObject;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.list.HollowListTypeReadState;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        HollowObjectTypeReadState videos = (HollowObjectTypeReadState) state.getTypeState("VideoStatus");
        List<VideoStatus> result = new ArrayList<>();
        if (videos == null) {
            return result;
        }
        Ordinals read = new Ordinals(state);
        int idField = videos.getSchema().getPosition("videoId");
        int countriesField = videos.getSchema().getPosition("countries");
        BitSet ordinals = videos.getPopulatedOrdinals();
        for (int o = ordinals.nextSetBit(0); o >= 0; o = ordinals.nextSetBit(o + 1)) {
            int list = videos.readOrdinal(o, countriesField);
            CountryStatus[] countries = new CountryStatus[read.lists.size(list)];
            for (int i = 0; i < countries.length; i++) {
                countries[i] = read.status(read.lists.getElementOrdinal(list, i));
            }
            result.add(new VideoStatus(videos.readLong(o, idField), java.util.Arrays.asList(countries)));
        }
        result.sort(Comparator.comparingLong(VideoStatus::getVideoId));
        return result;
    }

    /** The records below {@code VideoStatus}, each read once and kept by ordinal. */
    private static final class Ordinals {
        final HollowListTypeReadState lists;
        private final HollowObjectTypeReadState statuses;
        private final HollowListTypeReadState blockerLists;
        private final HollowObjectTypeReadState blockers;
        private final HollowObjectTypeReadState strings;
        private final int countryField;
        private final int liveField;
        private final int blockersField;
        private final int windowStartField;
        private final int windowEndField;
        private final int goLiveAtField;
        private final int codeField;
        private final int detailField;
        private final int valueField;
        private final CountryStatus[] status;
        private final Map<Integer, List<Blocker>> blockerList = new HashMap<>();
        private final String[] string;

        Ordinals(HollowReadStateEngine state) {
            lists = (HollowListTypeReadState) state.getTypeState("ListOfCountryStatus");
            statuses = (HollowObjectTypeReadState) state.getTypeState("CountryStatus");
            blockerLists = (HollowListTypeReadState) state.getTypeState("ListOfBlocker");
            blockers = (HollowObjectTypeReadState) state.getTypeState("Blocker");
            strings = (HollowObjectTypeReadState) state.getTypeState("String");
            countryField = statuses.getSchema().getPosition("country");
            liveField = statuses.getSchema().getPosition("live");
            blockersField = statuses.getSchema().getPosition("blockers");
            windowStartField = statuses.getSchema().getPosition("windowStart");
            windowEndField = statuses.getSchema().getPosition("windowEnd");
            goLiveAtField = statuses.getSchema().getPosition("goLiveAt");
            codeField = blockers.getSchema().getPosition("code");
            detailField = blockers.getSchema().getPosition("detail");
            valueField = strings.getSchema().getPosition("value");
            status = new CountryStatus[statuses.maxOrdinal() + 1];
            string = new String[strings.maxOrdinal() + 1];
        }

        CountryStatus status(int ordinal) {
            CountryStatus known = status[ordinal];
            if (known == null) {
                known = new CountryStatus(string(statuses.readOrdinal(ordinal, countryField)),
                        Boolean.TRUE.equals(statuses.readBoolean(ordinal, liveField)),
                        blockers(statuses.readOrdinal(ordinal, blockersField)),
                        statuses.readLong(ordinal, windowStartField), statuses.readLong(ordinal, windowEndField),
                        statuses.readLong(ordinal, goLiveAtField));
                status[ordinal] = known;
            }
            return known;
        }

        private List<Blocker> blockers(int list) {
            return blockerList.computeIfAbsent(list, l -> {
                List<Blocker> read = new ArrayList<>();
                for (int i = 0, size = blockerLists.size(l); i < size; i++) {
                    int blocker = blockerLists.getElementOrdinal(l, i);
                    read.add(new Blocker(string(blockers.readOrdinal(blocker, codeField)),
                            string(blockers.readOrdinal(blocker, detailField))));
                }
                return List.copyOf(read);
            });
        }

        private String string(int ordinal) {
            String known = string[ordinal];
            if (known == null) {
                known = strings.readString(ordinal, valueField);
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
