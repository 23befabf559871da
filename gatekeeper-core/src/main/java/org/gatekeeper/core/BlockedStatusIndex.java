package org.gatekeeper.core;

import java.util.Arrays;

/**
 * One country's blocked statuses without a window (most pairs: 85 % at profile {@code netflix}) by a two-long key,
 * in front of that country's {@link StatusTable}. Such a status is fixed by its blocker flags, its audio language
 * and four language masks; within one country each mask holds only languages the policy requires, so the four fit
 * side by side in one long (see {@link #rotations}) and the flags and the language in another. A lookup hashes two
 * longs and reads one slot of a table that holds hundreds of entries, instead of hashing and comparing a whole row
 * in a table of ~15 k rows, most of them live statuses with a window of their own.
 */
final class BlockedStatusIndex {
    private long[] slots = new long[3 * 256]; // [shape, tags, id + 1] per slot; id + 1 == 0 marks an empty slot
    private int mask = 255;
    private int count;

    /**
     * Rotations {subtitles, titles, synopses} that place the four masks' required bits in disjoint positions of one
     * long (missing dubs stay in place), so {@code dubs | rotl(subtitles, r0) | rotl(titles, r1) | rotl(synopses,
     * r2)} is one-to-one; null when no such rotations exist (policies naming many languages).
     */
    static int[] rotations(long dubs, long subtitles, long metadata) {
        int[] rotations = new int[3];
        long used = dubs;
        long[] sets = {subtitles, metadata, metadata};
        for (int i = 0; i < 3; i++) {
            rotations[i] = -1;
            for (int r = 0; r < 64 && rotations[i] < 0; r++) {
                if ((Long.rotateLeft(sets[i], r) & used) == 0) {
                    rotations[i] = r;
                }
            }
            if (rotations[i] < 0) {
                return null;
            }
            used |= Long.rotateLeft(sets[i], rotations[i]);
        }
        return rotations;
    }

    void clear() {
        Arrays.fill(slots, 0);
        count = 0;
    }

    /** The status id of this key, or -1. */
    int get(long shape, long tags) {
        int slot = slot(shape, tags);
        long id;
        while ((id = slots[3 * slot + 2]) != 0) {
            if (slots[3 * slot] == shape && slots[3 * slot + 1] == tags) {
                return (int) id - 1;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    void put(long shape, long tags, int id) {
        if (2 * (count + 1) > mask + 1) {
            long[] old = slots;
            slots = new long[2 * old.length];
            mask = 2 * mask + 1;
            count = 0;
            for (int i = 0; i < old.length; i += 3) {
                if (old[i + 2] != 0) {
                    put(old[i], old[i + 1], (int) old[i + 2] - 1);
                }
            }
        }
        int slot = slot(shape, tags);
        while (slots[3 * slot + 2] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[3 * slot] = shape;
        slots[3 * slot + 1] = tags;
        slots[3 * slot + 2] = id + 1L;
        count++;
    }

    private int slot(long shape, long tags) {
        long h = shape * 0x9E3779B97F4A7C15L + tags * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
