package org.gatekeeper.core;

import java.util.ArrayList;
import java.util.List;
import org.gatekeeper.model.Blocker;
import org.gatekeeper.model.CountryStatus;
import org.gatekeeper.model.VideoStatus;

/**
 * The outcome of one evaluation: for every video (sorted by id) and country (sorted by code), the id of its
 * status among the distinct statuses. Statuses become {@link CountryStatus} records only when asked for.
 */
public final class Evaluation {
    private final CompiledInputs inputs;
    private final long evaluatedAt;
    private final RuleSet rules;
    private final StatusTable[] statuses;
    private final int[] firstId;
    private final int[] pairs;
    private final String[] originalLanguages;
    private final long[][] live;
    private final CountryStatus[] materialized;
    private long compileNanos;
    private long evaluateNanos;

    Evaluation(CompiledInputs inputs, long evaluatedAt, RuleSet rules, StatusTable[] statuses, int[] pairs,
               String[] originalLanguages, long[][] live) {
        this.inputs = inputs;
        this.evaluatedAt = evaluatedAt;
        this.rules = rules;
        this.statuses = statuses;
        this.pairs = pairs;
        this.originalLanguages = originalLanguages;
        this.live = live;
        // Status ids: country by country, in order of first appearance within the country.
        this.firstId = new int[statuses.length + 1];
        for (int c = 0; c < statuses.length; c++) {
            firstId[c + 1] = firstId[c] + statuses[c].size();
        }
        this.materialized = new CountryStatus[firstId[statuses.length]];
    }

    void timings(long compile, long evaluate) {
        this.compileNanos = compile;
        this.evaluateNanos = evaluate;
    }

    public long evaluatedAt() {
        return evaluatedAt;
    }

    public RuleSet rules() {
        return rules;
    }

    public int videoCount() {
        return inputs.videoIds.length;
    }

    public long videoId(int index) {
        return inputs.videoIds[index];
    }

    public List<String> countries() {
        return List.of(inputs.countries);
    }

    /** How many distinct country statuses the evaluation produced. */
    public int distinctStatuses() {
        int n = inputs.videoIds.length;
        int distinct = 0;
        for (int c = 0; c < statuses.length; c++) {
            distinct += StatusTable.distinct(pairs, c * n, c * n + n, statuses[c].size());
        }
        return distinct;
    }

    /** The status id of a video (by index) in a country (by index). */
    public int statusId(int video, int country) {
        return firstId[country] + pairs[country * inputs.videoIds.length + video];
    }

    public boolean isLive(int video, int country) {
        return (live[country][video >>> 6] & (1L << video)) != 0;
    }

    /** How many video-country pairs are live. */
    public long livePairs() {
        long count = 0;
        for (long[] country : live) {
            for (long word : country) {
                count += Long.bitCount(word);
            }
        }
        return count;
    }

    public long compileNanos() {
        return compileNanos;
    }

    public long evaluateNanos() {
        return evaluateNanos;
    }

    /** The status with this id as the output record. */
    public synchronized CountryStatus status(int id) {
        CountryStatus status = materialized[id];
        if (status == null) {
            status = materialize(id);
            materialized[id] = status;
        }
        return status;
    }

    /** Status {@code id} of country {@code country} (an id of {@link #idsInCountry}) as the output record. */
    CountryStatus status(int country, int id) {
        return status(firstId[country] + id);
    }

    /** The whole output, one record per video: what a gatekeeper publishes (SPEC §5). */
    public List<VideoStatus> toVideoStatuses() {
        int countries = inputs.countries.length;
        List<VideoStatus> videos = new ArrayList<>(videoCount());
        for (int v = 0; v < videoCount(); v++) {
            List<CountryStatus> row = new ArrayList<>(countries);
            for (int c = 0; c < countries; c++) {
                row.add(status(statusId(v, c)));
            }
            videos.add(new VideoStatus(inputs.videoIds[v], row));
        }
        return videos;
    }

    private CountryStatus materialize(int id) {
        long[] row = new long[rowLength()];
        int country = rawStatus(id, row);
        List<Blocker> blockers = new ArrayList<>();
        forEachBlocker(row, (code, detail) -> blockers.add(new Blocker(code, detail)));
        return new CountryStatus(inputs.countries[country], blockers.isEmpty(), blockers,
                row[LivenessEvaluator.WINDOW_START], row[LivenessEvaluator.WINDOW_END],
                row[LivenessEvaluator.GO_LIVE_AT]);
    }

    /** Receives a status's blockers, in SPEC §4 order; codes and details are shared string instances. */
    interface BlockerSink {
        void blocker(String code, String detail);
    }

    int rowLength() {
        return LivenessEvaluator.MASKS + 4 * inputs.words;
    }

    String country(int index) {
        return inputs.countries[index];
    }

    /**
     * Each pair's status id within its country ({@link #statusCount} ids per country), country-major:
     * {@code [country * videoCount() + video]}. Shared with the evaluator, not a copy.
     */
    int[] idsInCountry() {
        return pairs;
    }

    /** How many statuses country {@code country} numbers, used or not by this evaluation. */
    int statusCount(int country) {
        return statuses[country].size();
    }

    /** The numbering of country {@code country}'s ids: across evaluations, the same numbering means the same rows. */
    long numbering(int country) {
        return statuses[country].numbering();
    }

    /** Copies the row of status {@code id} of country {@code country} into {@code row}; allocates nothing. */
    void row(int country, int id, long[] row) {
        statuses[country].copyRow(id, row);
    }

    /** Copies status {@code id}'s row into {@code row} and returns its country index; allocates nothing. */
    int rawStatus(int id, long[] row) {
        int country = java.util.Arrays.binarySearch(firstId, id);
        country = country >= 0 ? nextNonEmpty(country) : -country - 2;
        statuses[country].copyRow(id - firstId[country], row);
        return country;
    }

    /** The blockers of a status row, sorted by code then detail (language bits are in sorted order). */
    void forEachBlocker(long[] row, BlockerSink sink) {
        int words = inputs.words;
        long flags = row[LivenessEvaluator.FLAGS];
        if ((flags & LivenessEvaluator.MISSING_AUDIO) != 0) {
            sink.blocker("MISSING_AUDIO", originalLanguages[(int) row[LivenessEvaluator.AUDIO_LANGUAGE]]);
        }
        languages(sink, "MISSING_DUB", row, LivenessEvaluator.MASKS, words);
        if ((flags & LivenessEvaluator.MISSING_RATING) != 0) {
            sink.blocker("MISSING_RATING", inputs.ratingSystems[(int) (flags >>> 32)]);
        }
        languages(sink, "MISSING_SUBTITLES", row, LivenessEvaluator.MASKS + words, words);
        languages(sink, "MISSING_SYNOPSIS", row, LivenessEvaluator.MASKS + 3 * words, words);
        languages(sink, "MISSING_TITLE", row, LivenessEvaluator.MASKS + 2 * words, words);
        if ((flags & LivenessEvaluator.MISSING_VIDEO) != 0) {
            sink.blocker("MISSING_VIDEO", "");
        }
        if ((flags & LivenessEvaluator.NO_CONTRACT) != 0) {
            sink.blocker("NO_CONTRACT", "");
        }
        if ((flags & LivenessEvaluator.NO_LIVE_CHILD) != 0) {
            sink.blocker("NO_LIVE_CHILD", "");
        }
        if ((flags & LivenessEvaluator.WINDOW_CLOSED) != 0) {
            sink.blocker("WINDOW_CLOSED", "");
        }
        if ((flags & LivenessEvaluator.WINDOW_NOT_OPEN) != 0) {
            sink.blocker("WINDOW_NOT_OPEN", "");
        }
    }

    private void languages(BlockerSink sink, String code, long[] row, int offset, int words) {
        for (int w = 0; w < words; w++) {
            long mask = row[offset + w];
            while (mask != 0) {
                int bit = (w << 6) + Long.numberOfTrailingZeros(mask);
                sink.blocker(code, inputs.languages.language(bit));
                mask &= mask - 1;
            }
        }
    }

    /** The country whose ids start at {@code firstId[c]}: skip countries with no statuses (no videos). */
    private int nextNonEmpty(int c) {
        while (firstId[c + 1] == firstId[c]) {
            c++;
        }
        return c;
    }

}
