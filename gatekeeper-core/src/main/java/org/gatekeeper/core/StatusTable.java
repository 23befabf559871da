package org.gatekeeper.core;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Interns status rows (a country's outcome for one video, as a fixed-length {@code long[]}) so every distinct
 * status is stored once: 19 M video-country pairs come down to ~2.9 M distinct statuses. Lookups compare the
 * caller's scratch row in place, so a hit allocates nothing. One table per country.
 *
 * <p>A table is kept from one evaluation to the next, so a row keeps its id: within one {@link #numbering()} an
 * id always means the same row, and new rows get new ids. That lets a publisher write only the statuses that are
 * new since its last cycle. Rows no longer used stay until more than half the table is unused; then the table is
 * cleared and its ids start over under a new numbering.
 */
final class StatusTable {
    private static final AtomicLong NUMBERINGS = new AtomicLong();

    private final int rowLength;
    private long numbering = NUMBERINGS.incrementAndGet();
    private int used = -1;
    private int counted;
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

    /** Empties the table, keeping its arrays; ids start over under a new numbering. */
    void clear() {
        Arrays.fill(slots, 0);
        count = 0;
        used = -1;
        counted = 0;
        numbering = NUMBERINGS.incrementAndGet();
    }

    /** Identifies this table's ids: equal numberings (unique in the JVM) mean an id names the same row. */
    long numbering() {
        return numbering;
    }

    /**
     * Counts the ids that {@code ids[from .. to)} use, for {@link #mostlyUnused()}, when the table grew by a
     * quarter (at least 4,096 rows) since the last count: unused rows pile up only as new ones come, and the
     * count costs a pass over the country's pairs.
     */
    void countUsedIfGrown(int[] ids, int from, int to) {
        if (count > counted + Math.max(4096, counted / 4)) {
            used = distinct(ids, from, to, count);
            counted = count;
        }
    }

    /** How many distinct ids {@code ids[from .. to)} hold, each below {@code bound}. */
    static int distinct(int[] ids, int from, int to, int bound) {
        long[] seen = new long[(bound + 63) >>> 6];
        int distinct = 0;
        for (int i = from; i < to; i++) {
            int id = ids[i];
            long bit = 1L << id;
            distinct += (seen[id >>> 6] & bit) == 0 ? 1 : 0;
            seen[id >>> 6] |= bit;
        }
        return distinct;
    }

    /**
     * Whether the last count found fewer than half of the rows used (and at least 4,096 unused). A count a few
     * evaluations old can only make this answer yes a little early, which costs one renumbering, nothing else.
     */
    boolean mostlyUnused() {
        return used >= 0 && count - used > Math.max(used, 4096);
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
