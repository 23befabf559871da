package org.gatekeeper.core;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.list.HollowListTypeReadState;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import java.util.Arrays;
import java.util.BitSet;
import java.util.TreeMap;

/**
 * Which video-country pairs an output makes live: sorted video ids, sorted countries, one bit per pair. What the
 * publish guard compares between the announced output and the next one.
 */
final class LiveSet {
    final long[] videoIds;
    final String[] countries;
    final long[][] live; // [country][video >>> 6]

    private LiveSet(long[] videoIds, String[] countries, long[][] live) {
        this.videoIds = videoIds;
        this.countries = countries;
        this.live = live;
    }

    static LiveSet of(Evaluation evaluation) {
        int n = evaluation.videoCount();
        long[] ids = new long[n];
        for (int v = 0; v < n; v++) {
            ids[v] = evaluation.videoId(v);
        }
        String[] countries = evaluation.countries().toArray(String[]::new);
        long[][] live = new long[countries.length][(n + 63) >>> 6];
        for (int c = 0; c < countries.length; c++) {
            for (int v = 0; v < n; v++) {
                if (evaluation.isLive(v, c)) {
                    live[c][v >>> 6] |= 1L << v;
                }
            }
        }
        return new LiveSet(ids, countries, live);
    }

    /** From a published state, through ordinals (no per-record objects). */
    static LiveSet of(HollowReadStateEngine state) {
        HollowObjectTypeReadState videos = (HollowObjectTypeReadState) state.getTypeState("VideoStatus");
        if (videos == null) {
            return new LiveSet(new long[0], new String[0], new long[0][]);
        }
        HollowListTypeReadState lists = (HollowListTypeReadState) state.getTypeState("ListOfCountryStatus");
        HollowObjectTypeReadState statuses = (HollowObjectTypeReadState) state.getTypeState("CountryStatus");
        HollowObjectTypeReadState strings = (HollowObjectTypeReadState) state.getTypeState("String");
        int idField = videos.getSchema().getPosition("videoId");
        int countriesField = videos.getSchema().getPosition("countries");
        int countryField = statuses.getSchema().getPosition("country");
        int liveField = statuses.getSchema().getPosition("live");
        TreeMap<Long, Integer> byId = new TreeMap<>();
        BitSet ordinals = videos.getPopulatedOrdinals();
        for (int o = ordinals.nextSetBit(0); o >= 0; o = ordinals.nextSetBit(o + 1)) {
            byId.put(videos.readLong(o, idField), o);
        }
        long[] ids = byId.keySet().stream().mapToLong(Long::longValue).toArray();
        String[] countries = new String[0];
        if (!byId.isEmpty()) {
            int list = videos.readOrdinal(byId.firstEntry().getValue(), countriesField);
            countries = new String[lists.size(list)];
            for (int i = 0; i < countries.length; i++) {
                countries[i] = strings.readString(statuses.readOrdinal(lists.getElementOrdinal(list, i),
                        countryField), 0);
            }
        }
        long[][] live = new long[countries.length][(ids.length + 63) >>> 6];
        int v = 0;
        for (int ordinal : byId.values()) {
            int list = videos.readOrdinal(ordinal, countriesField);
            for (int c = 0; c < countries.length; c++) {
                if (Boolean.TRUE.equals(statuses.readBoolean(lists.getElementOrdinal(list, c), liveField))) {
                    live[c][v >>> 6] |= 1L << v;
                }
            }
            v++;
        }
        return new LiveSet(ids, countries, live);
    }

    long livePairs() {
        long count = 0;
        for (long[] country : live) {
            for (long word : country) {
                count += Long.bitCount(word);
            }
        }
        return count;
    }

    /** Compares this (the announced output) with the next one. */
    Change changeTo(LiveSet next) {
        long unlived = 0;
        int lostVideos = 0;
        for (int v = 0; v < videoIds.length; v++) {
            int w = Arrays.binarySearch(next.videoIds, videoIds[v]);
            if (w < 0) {
                lostVideos++;
            }
            for (int c = 0; c < countries.length; c++) {
                if ((live[c][v >>> 6] & (1L << v)) == 0) {
                    continue;
                }
                int d = Arrays.binarySearch(next.countries, countries[c]);
                if (w < 0 || d < 0 || (next.live[d][w >>> 6] & (1L << w)) == 0) {
                    unlived++;
                }
            }
        }
        return new Change(livePairs(), unlived, lostVideos);
    }

    /**
     * @param previouslyLive live pairs in the announced output
     * @param unlived of those, the pairs the next output makes not live
     * @param lostVideos videos of the announced output that the next one no longer has
     */
    record Change(long previouslyLive, long unlived, int lostVideos) {
        double unlivedShare() {
            return previouslyLive == 0 ? 0 : (double) unlived / previouslyLive;
        }
    }
}
