package org.gatekeeper.core;

import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import java.util.Arrays;

/**
 * What each record of one per-video input type (assets, localizations, ratings) says, decoded once and kept by
 * ordinal from one evaluation to the next, as one {@code long} per record: the video's row, one {@code String}
 * ordinal of the state (a language or a rating system) and a few flags.
 *
 * <p>Reading 4.9 M assets and 2.8 M localizations field by field out of Hollow's bit-packed records, and looking
 * their video ids up, was most of what a kept evaluator still compiled each tick at profile {@code netflix}. A
 * record's row stays right until a delta removes it ({@link KeptByOrdinal}), so a tick decodes only the records that
 * changed since the last and walks a plain array for the rest. What a row means beyond the record is not kept: the
 * language's bit and whether it is the video's original language are looked up each evaluation by string ordinal,
 * because the country policies and the video records can change under a record that does not.
 *
 * <p>The video's row is a position in the evaluation's sorted video ids, which move when a video is added or
 * removed: the rows are then renumbered through the ids of the last evaluation, and a row whose video is gone is
 * forgotten. A record about a video that the videos dataset does not hold is not kept: it is decoded again each
 * time, so it counts as soon as its video appears.
 */
final class DecodedRecords extends KeptByOrdinal {
    /** Not decoded, or not kept: decode the record. */
    static final long UNREAD = -1;
    /** A record that never counts, whatever the other inputs say (an asset that is not READY). */
    static final long IGNORED = Long.MAX_VALUE;

    private static final int STRING_SHIFT = 32;
    private static final long STRING_MASK = 0xFF_FFFFL;
    private static final int NO_STRING = (int) STRING_MASK;
    private static final int FLAGS_SHIFT = 56;

    private long[] rows = new long[0];
    private long[] videoIds = new long[0];
    private int decoded;

    /**
     * Prepares to serve the records of {@code state} (null when the inputs have no such type) for an evaluation
     * whose videos are {@code videoIds} (sorted; {@code videoIndex} finds a row by id). Callers hold this object's
     * lock until they are done with {@link #row} and {@link #keep}.
     */
    void use(HollowTypeReadState state, long[] videoIds, LongIntMap videoIndex) {
        if (follow(state)) {
            rows = new long[0];
        } else if (!Arrays.equals(videoIds, this.videoIds)) {
            renumber(videoIndex);
        }
        this.videoIds = videoIds;
        decoded = 0;
        int bound = state == null ? 0 : state.getPopulatedOrdinals().length();
        if (bound > rows.length) {
            int known = rows.length;
            rows = Arrays.copyOf(rows, bound);
            Arrays.fill(rows, known, bound, UNREAD);
        }
    }

    /** The kept row of a populated ordinal: {@link #UNREAD}, {@link #IGNORED} or a decoded row. */
    long row(int ordinal) {
        return rows[ordinal];
    }

    /** Keeps {@code row} for {@code ordinal} until a delta touches it. */
    void keep(int ordinal, long row) {
        rows[ordinal] = row;
        decoded++;
    }

    /** How many records the compile since the last {@link #use} decoded: what it could not take from the rows. */
    int decoded() {
        return decoded;
    }

    /**
     * A decoded row: a video's position (0 or more), a {@code String} ordinal (-1 for a null string) and flags
     * (7 bits). {@link #UNREAD} when the string ordinal does not fit in 24 bits: keeping that is keeping nothing,
     * so the record is decoded again each time rather than kept wrong.
     */
    static long row(int video, int string, int flags) {
        if (string < -1 || string >= NO_STRING) {
            return UNREAD;
        }
        long stored = string < 0 ? NO_STRING : string;
        return video | stored << STRING_SHIFT | (long) flags << FLAGS_SHIFT;
    }

    static int video(long row) {
        return (int) row;
    }

    /** The row's {@code String} ordinal, -1 for a null string. */
    static int string(long row) {
        int string = (int) ((row >>> STRING_SHIFT) & STRING_MASK);
        return string == NO_STRING ? -1 : string;
    }

    static int flags(long row) {
        return (int) (row >>> FLAGS_SHIFT);
    }

    /** Moves every row to its video's position among the new ids; forgets the rows whose video is gone. */
    private void renumber(LongIntMap videoIndex) {
        int[] moved = new int[videoIds.length];
        for (int v = 0; v < moved.length; v++) {
            moved[v] = videoIndex.get(videoIds[v]);
        }
        for (int o = 0; o < rows.length; o++) {
            long row = rows[o];
            if (row != UNREAD && row != IGNORED) {
                int v = moved[video(row)];
                rows[o] = v < 0 ? UNREAD : (row & ~0xFFFF_FFFFL) | v;
            }
        }
    }

    @Override
    synchronized void forget(int ordinal) {
        if (ordinal < rows.length) {
            rows[ordinal] = UNREAD;
        }
    }
}
