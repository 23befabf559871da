package org.gatekeeper.core;

import java.util.Arrays;

/**
 * Interns status rows (a country's outcome for one video, as a fixed-length {@code long[]}) so every distinct
 * status is stored once: 19 M video-country pairs come down to tens of thousands of distinct statuses. Lookups
 * compare the caller's scratch row in place, so a hit allocates nothing. One table per evaluating thread.
 */
final class StatusTable {
    private final int rowLength;
    private long[] rows;
    private int count;
    private int[] slots;
    private int mask;

    StatusTable(int rowLength) {
        this(rowLength, 1024);
    }

    StatusTable(int rowLength, int expectedRows) {
        int capacity = Integer.highestOneBit(Math.max(64, expectedRows) - 1) << 1;
        this.rowLength = rowLength;
        this.rows = new long[rowLength * capacity];
        this.slots = new int[capacity * 4];
        this.mask = slots.length - 1;
    }

    /** The id of {@code row}, adding a copy of it when it is new. */
    int intern(long[] row) {
        int hash = hash(row);
        int slot = hash & mask;
        while (slots[slot] != 0) {
            int id = slots[slot] - 1;
            if (Arrays.equals(rows, id * rowLength, id * rowLength + rowLength, row, 0, rowLength)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        int id = count++;
        if ((id + 1) * rowLength > rows.length) {
            rows = Arrays.copyOf(rows, rows.length * 2);
        }
        System.arraycopy(row, 0, rows, id * rowLength, rowLength);
        slots[slot] = id + 1;
        if (count * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    int size() {
        return count;
    }

    /** Empties the table, keeping its arrays for the next evaluation. */
    void clear() {
        java.util.Arrays.fill(slots, 0);
        count = 0;
    }

    void copyRow(int id, long[] into) {
        System.arraycopy(rows, id * rowLength, into, 0, rowLength);
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        mask = slots.length - 1;
        long[] row = new long[rowLength];
        for (int id = 0; id < count; id++) {
            System.arraycopy(rows, id * rowLength, row, 0, rowLength);
            int slot = hash(row) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id + 1;
        }
    }

    /** A polynomial over the row with one final mix: a third of the cost of mixing every word (profiled). */
    private int hash(long[] row) {
        long h = 0;
        for (int i = 0; i < rowLength; i++) {
            h = h * 0x9E3779B97F4A7C15L + row[i];
        }
        h ^= h >>> 32;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 29));
    }
}
