package org.gatekeeper.diff;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.list.HollowListTypeReadState;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.gatekeeper.model.Blocker;
import org.gatekeeper.model.CountryStatus;

/**
 * One {@code liveness} state laid out for diffing: every {@code CountryStatus} record (Hollow stores each distinct
 * status once) as a row of plain arrays indexed by its ordinal, with its country and blocker list turned into ids of
 * a {@link Vocabulary} shared with the other side, so two states built by different producers compare by content.
 */
final class OutputSide {
    final StateRef ref;
    final HollowReadStateEngine state;
    private final HollowObjectTypeReadState videos;
    private final int videoIdField;
    private final int countriesField;
    private final HollowListTypeReadState statusLists;
    final int[] country;
    final int[] blockerList;
    final boolean[] live;
    final long[] windowStart;
    final long[] windowEnd;
    final long[] goLiveAt;
    /** The ordinals of the statuses this state holds (ordinals in between are free slots). */
    final BitSet populatedStatuses;
    /** Video ids, ascending, and the {@code VideoStatus} ordinal of each. */
    final long[] videoIds;
    final int[] videoOrdinals;

    OutputSide(StateRef ref, HollowReadStateEngine state, Vocabulary vocabulary) {
        this.ref = ref;
        this.state = state;
        this.videos = (HollowObjectTypeReadState) state.getTypeState("VideoStatus");
        if (videos == null) {
            throw new IllegalArgumentException(ref.label() + " is not a liveness output (it has no VideoStatus type)");
        }
        this.videoIdField = videos.getSchema().getPosition("videoId");
        this.countriesField = videos.getSchema().getPosition("countries");
        this.statusLists = (HollowListTypeReadState) state.getTypeState("ListOfCountryStatus");

        int[] stringIds = vocabulary.strings(state);
        int[] blockerIds = vocabulary.blockers(state, stringIds);
        int[] blockerListIds = vocabulary.blockerLists(state, blockerIds);

        HollowObjectTypeReadState statuses = (HollowObjectTypeReadState) state.getTypeState("CountryStatus");
        int size = statuses == null ? 0 : statuses.maxOrdinal() + 1;
        this.country = new int[size];
        this.blockerList = new int[size];
        this.live = new boolean[size];
        this.windowStart = new long[size];
        this.windowEnd = new long[size];
        this.goLiveAt = new long[size];
        this.populatedStatuses = statuses == null ? new BitSet() : statuses.getPopulatedOrdinals();
        if (statuses != null) {
            int countryField = statuses.getSchema().getPosition("country");
            int liveField = statuses.getSchema().getPosition("live");
            int blockersField = statuses.getSchema().getPosition("blockers");
            int startField = statuses.getSchema().getPosition("windowStart");
            int endField = statuses.getSchema().getPosition("windowEnd");
            int goLiveField = statuses.getSchema().getPosition("goLiveAt");
            IntStream.range(0, size).parallel().filter(populatedStatuses::get).forEach(o -> {
                country[o] = stringIds[statuses.readOrdinal(o, countryField)];
                live[o] = Boolean.TRUE.equals(statuses.readBoolean(o, liveField));
                blockerList[o] = blockerListIds[statuses.readOrdinal(o, blockersField)];
                windowStart[o] = statuses.readLong(o, startField);
                windowEnd[o] = statuses.readLong(o, endField);
                goLiveAt[o] = statuses.readLong(o, goLiveField);
            });
        }

        BitSet populatedVideos = videos.getPopulatedOrdinals();
        int count = populatedVideos.cardinality();
        long[] keyed = new long[count];
        int[] ordinals = new int[count];
        int i = 0;
        for (int o = populatedVideos.nextSetBit(0); o >= 0; o = populatedVideos.nextSetBit(o + 1)) {
            keyed[i] = videos.readLong(o, videoIdField);
            ordinals[i++] = o;
        }
        Integer[] order = new Integer[count];
        for (int k = 0; k < count; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Long.compare(keyed[a], keyed[b]));
        this.videoIds = new long[count];
        this.videoOrdinals = new int[count];
        for (int k = 0; k < count; k++) {
            videoIds[k] = keyed[order[k]];
            videoOrdinals[k] = ordinals[order[k]];
        }
    }

    /** The list ordinal of a video's statuses. */
    int statusList(int videoOrdinal) {
        return videos.readOrdinal(videoOrdinal, countriesField);
    }

    int statusCount(int listOrdinal) {
        return statusLists.size(listOrdinal);
    }

    int status(int listOrdinal, int index) {
        return statusLists.getElementOrdinal(listOrdinal, index);
    }

    /** The position of {@code videoId} in {@link #videoIds}, or -1. */
    int videoIndex(long videoId) {
        int index = Arrays.binarySearch(videoIds, videoId);
        return index >= 0 ? index : -1;
    }

    /** Whether two statuses of this side and {@code other} hold the same content. */
    boolean sameContent(int ordinal, OutputSide other, int otherOrdinal) {
        return country[ordinal] == other.country[otherOrdinal] && live[ordinal] == other.live[otherOrdinal]
                && blockerList[ordinal] == other.blockerList[otherOrdinal]
                && windowStart[ordinal] == other.windowStart[otherOrdinal]
                && windowEnd[ordinal] == other.windowEnd[otherOrdinal]
                && goLiveAt[ordinal] == other.goLiveAt[otherOrdinal];
    }

    /** A status as the model object. */
    CountryStatus toStatus(int ordinal, Vocabulary vocabulary) {
        List<Blocker> blockers = new ArrayList<>();
        for (int blocker : vocabulary.blockerList(blockerList[ordinal])) {
            blockers.add(new Blocker(vocabulary.string(vocabulary.blockerCode(blocker)),
                    vocabulary.string(vocabulary.blockerDetail(blocker))));
        }
        return new CountryStatus(vocabulary.string(country[ordinal]), live[ordinal], blockers, windowStart[ordinal],
                windowEnd[ordinal], goLiveAt[ordinal]);
    }

    /** A video's statuses by country, in the state's order (sorted by country). */
    Map<String, CountryStatus> video(long videoId, Vocabulary vocabulary) {
        int index = videoIndex(videoId);
        Map<String, CountryStatus> byCountry = new java.util.LinkedHashMap<>();
        if (index < 0) {
            return byCountry;
        }
        int list = statusList(videoOrdinals[index]);
        for (int i = 0; i < statusCount(list); i++) {
            CountryStatus status = toStatus(status(list, i), vocabulary);
            byCountry.put(status.getCountry(), status);
        }
        return byCountry;
    }

    /**
     * The ids two sides share: strings, blockers (code and detail) and blocker lists, each numbered in the order
     * first met. Built single-threaded per side (a state holds a few hundred strings and blockers and at most tens of
     * thousands of distinct blocker lists); the statuses themselves are read in parallel afterwards.
     */
    static final class Vocabulary {
        private final Map<String, Integer> stringIds = new HashMap<>();
        private final List<String> strings = new ArrayList<>();
        private final Map<Long, Integer> blockerIds = new HashMap<>();
        private final List<long[]> blockers = new ArrayList<>();
        private final Map<ListKey, Integer> listIds = new HashMap<>();
        private final List<int[]> lists = new ArrayList<>();

        int[] strings(HollowReadStateEngine state) {
            HollowObjectTypeReadState type = (HollowObjectTypeReadState) state.getTypeState("String");
            int[] ids = new int[type == null ? 0 : type.maxOrdinal() + 1];
            if (type != null) {
                BitSet populated = type.getPopulatedOrdinals();
                for (int o = populated.nextSetBit(0); o >= 0; o = populated.nextSetBit(o + 1)) {
                    ids[o] = stringId(type.readString(o, 0));
                }
            }
            return ids;
        }

        int[] blockers(HollowReadStateEngine state, int[] stringIds) {
            HollowObjectTypeReadState type = (HollowObjectTypeReadState) state.getTypeState("Blocker");
            int[] ids = new int[type == null ? 0 : type.maxOrdinal() + 1];
            if (type != null) {
                int code = type.getSchema().getPosition("code");
                int detail = type.getSchema().getPosition("detail");
                BitSet populated = type.getPopulatedOrdinals();
                for (int o = populated.nextSetBit(0); o >= 0; o = populated.nextSetBit(o + 1)) {
                    long key = ((long) stringIds[type.readOrdinal(o, code)] << 32)
                            | stringIds[type.readOrdinal(o, detail)];
                    ids[o] = blockerIds.computeIfAbsent(key, k -> {
                        blockers.add(new long[] {k >>> 32, k & 0xFFFFFFFFL});
                        return blockers.size() - 1;
                    });
                }
            }
            return ids;
        }

        int[] blockerLists(HollowReadStateEngine state, int[] blockerIds) {
            HollowListTypeReadState type = (HollowListTypeReadState) state.getTypeState("ListOfBlocker");
            int[] ids = new int[type == null ? 0 : type.maxOrdinal() + 1];
            if (type != null) {
                BitSet populated = type.getPopulatedOrdinals();
                for (int o = populated.nextSetBit(0); o >= 0; o = populated.nextSetBit(o + 1)) {
                    int[] elements = new int[type.size(o)];
                    for (int i = 0; i < elements.length; i++) {
                        elements[i] = blockerIds[type.getElementOrdinal(o, i)];
                    }
                    ids[o] = listIds.computeIfAbsent(new ListKey(elements), k -> {
                        lists.add(k.elements);
                        return lists.size() - 1;
                    });
                }
            }
            return ids;
        }

        private int stringId(String value) {
            return stringIds.computeIfAbsent(value, v -> {
                strings.add(v);
                return strings.size() - 1;
            });
        }

        String string(int id) {
            return strings.get(id);
        }

        int blockerCode(int blocker) {
            return (int) blockers.get(blocker)[0];
        }

        int blockerDetail(int blocker) {
            return (int) blockers.get(blocker)[1];
        }

        int[] blockerList(int list) {
            return lists.get(list);
        }

        /** How many distinct strings the two sides hold. */
        int stringCount() {
            return strings.size();
        }

        /** How many distinct blocker lists the two sides hold. */
        int blockerListCount() {
            return lists.size();
        }

        /** The id of a string if either side holds it, else -1. */
        int find(String value) {
            return stringIds.getOrDefault(value, -1);
        }

        private record ListKey(int[] elements) {
            @Override
            public boolean equals(Object o) {
                return o instanceof ListKey k && Arrays.equals(elements, k.elements);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(elements);
            }
        }
    }
}
