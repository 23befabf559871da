package org.gatekeeper.core;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.list.HollowListTypeReadState;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.gatekeeper.model.Blocker;
import org.gatekeeper.model.CountryStatus;

/**
 * The type states of a published {@code liveness} state (SPEC §5) and the field positions its readers use, looked
 * up once per state: what the embedded client's index and {@link LivenessReader} both read with Hollow's low-level
 * API.
 */
final class OutputTypes {
    final HollowObjectTypeReadState videos;
    final HollowListTypeReadState statusLists;
    final HollowObjectTypeReadState statuses;
    final HollowListTypeReadState blockerLists;
    final HollowObjectTypeReadState blockers;
    final HollowObjectTypeReadState strings;
    final int videoIdField;
    final int countriesField;
    final int countryField;
    final int liveField;
    final int blockersField;
    final int windowStartField;
    final int windowEndField;
    final int goLiveAtField;
    final int codeField;
    final int detailField;
    private final int valueField;

    private OutputTypes(HollowReadStateEngine state, HollowObjectTypeReadState videos) {
        this.videos = videos;
        statusLists = (HollowListTypeReadState) state.getTypeState("ListOfCountryStatus");
        statuses = (HollowObjectTypeReadState) state.getTypeState("CountryStatus");
        blockerLists = (HollowListTypeReadState) state.getTypeState("ListOfBlocker");
        blockers = (HollowObjectTypeReadState) state.getTypeState("Blocker");
        strings = (HollowObjectTypeReadState) state.getTypeState("String");
        videoIdField = videos.getSchema().getPosition("videoId");
        countriesField = videos.getSchema().getPosition("countries");
        countryField = statuses.getSchema().getPosition("country");
        liveField = statuses.getSchema().getPosition("live");
        blockersField = statuses.getSchema().getPosition("blockers");
        windowStartField = statuses.getSchema().getPosition("windowStart");
        windowEndField = statuses.getSchema().getPosition("windowEnd");
        goLiveAtField = statuses.getSchema().getPosition("goLiveAt");
        codeField = blockers.getSchema().getPosition("code");
        detailField = blockers.getSchema().getPosition("detail");
        valueField = strings.getSchema().getPosition("value");
    }

    /** The output types of {@code state}, or null when it holds no {@code VideoStatus} type. */
    static OutputTypes of(HollowReadStateEngine state) {
        HollowObjectTypeReadState videos = (HollowObjectTypeReadState) state.getTypeState("VideoStatus");
        return videos == null ? null : new OutputTypes(state, videos);
    }

    String string(int ordinal) {
        return strings.readString(ordinal, valueField);
    }

    /**
     * The status record {@code ordinal} as a model object, its strings read through {@code string} and its blocker
     * list through {@code blockerList} (either may cache by ordinal).
     */
    CountryStatus status(int ordinal, IntFunction<String> string, IntFunction<List<Blocker>> blockerList) {
        return new CountryStatus(string.apply(statuses.readOrdinal(ordinal, countryField)),
                Boolean.TRUE.equals(statuses.readBoolean(ordinal, liveField)),
                blockerList.apply(statuses.readOrdinal(ordinal, blockersField)),
                statuses.readLong(ordinal, windowStartField),
                statuses.readLong(ordinal, windowEndField),
                statuses.readLong(ordinal, goLiveAtField));
    }

    /** The status record {@code ordinal} as a model object, read afresh (no cache). */
    CountryStatus status(int ordinal) {
        return status(ordinal, this::string, list -> blockers(list, this::string));
    }

    /** The blockers of blocker list {@code list}, in order, with each string read through {@code string}. */
    List<Blocker> blockers(int list, IntFunction<String> string) {
        List<Blocker> read = new ArrayList<>();
        for (int i = 0, size = blockerLists.size(list); i < size; i++) {
            int blocker = blockerLists.getElementOrdinal(list, i);
            read.add(new Blocker(string.apply(blockers.readOrdinal(blocker, codeField)),
                    string.apply(blockers.readOrdinal(blocker, detailField))));
        }
        return read;
    }
}
