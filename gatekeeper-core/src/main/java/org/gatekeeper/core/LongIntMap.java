package org.gatekeeper.core;

import java.util.Arrays;

/**
 * Video id to index: no boxing on the 10 M lookups a compile does. When the keys are known to lie in a range at
 * most a few times their number (ids handed out in sequence), a plain array over that range: one read, and at
 * `netflix` 400 KB that stays in cache. Otherwise open addressing with each key and its value side by side in one
 * array, so a probe touches one cache line, not one in a key array and one in a value array.
 */
final class LongIntMap {
    private static final int EMPTY = -1;

    private final long base;
    private final int[] direct;
    private final long[] slots; // [key, value] pairs; a value of EMPTY marks a free slot
    private final int mask;

    /** A hashed map for about {@code expected} keys. */
    LongIntMap(int expected) {
        this(expected, 1, 0);
    }

    /** A map for about {@code expected} keys, all between {@code min} and {@code max} inclusive. */
    LongIntMap(int expected, long min, long max) {
        long span = max - min; // negative when empty or when it overflows: hashed
        if (span >= 0 && span < 4L * expected + 64) {
            base = min;
            direct = new int[(int) span + 1];
            Arrays.fill(direct, EMPTY);
            slots = null;
            mask = 0;
        } else {
            int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
            base = 0;
            direct = null;
            slots = new long[2 * capacity];
            for (int i = 1; i < slots.length; i += 2) {
                slots[i] = EMPTY;
            }
            mask = capacity - 1;
        }
    }

    void put(long key, int value) {
        if (direct != null) {
            long at = key - base;
            if (Long.compareUnsigned(at, direct.length) >= 0) {
                throw new IllegalArgumentException("key " + key + " outside the range this map was built for");
            }
            direct[(int) at] = value;
            return;
        }
        int slot = slot(key);
        while (slots[2 * slot + 1] != EMPTY && slots[2 * slot] != key) {
            slot = (slot + 1) & mask;
        }
        slots[2 * slot] = key;
        slots[2 * slot + 1] = value;
    }

    /** The value, or -1. */
    int get(long key) {
        if (direct != null) {
            long at = key - base; // wraps for keys far outside the range, which the unsigned test then refuses
            return Long.compareUnsigned(at, direct.length) < 0 ? direct[(int) at] : EMPTY;
        }
        int slot = slot(key);
        long value;
        while ((value = slots[2 * slot + 1]) != EMPTY) {
            if (slots[2 * slot] == key) {
                return (int) value;
            }
            slot = (slot + 1) & mask;
        }
        return EMPTY;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
