package org.gatekeeper.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A kept table keeps each row's id until most rows go unused; then it starts over under a new numbering. */
class StatusTableTest {

    @Test
    void rowsKeepTheirIds_untilMostAreUnused_thenTheTableStartsOverUnderANewNumbering() {
        StatusTable table = new StatusTable(3, 16);
        long[] row = new long[3];
        int[] ids = new int[10_000];
        for (int i = 0; i < ids.length; i++) {
            row[0] = i;
            ids[i] = table.intern(row);
        }
        long numbering = table.numbering();
        row[0] = 1234;
        assertThat(table.intern(row)).as("a row seen before keeps its id").isEqualTo(ids[1234]);

        assertThat(StatusTable.distinct(new int[] {5, 5, 7, 9_999, 7}, 0, 5, table.size())).isEqualTo(3);
        table.countUsedIfGrown(ids, 0, 6_000); // 6,000 of 10,000 rows used: keep
        assertThat(table.mostlyUnused()).isFalse();
        row[0] = -1;
        table.intern(row);
        table.countUsedIfGrown(new int[] {5, 5, 7, 9_999}, 0, 4);
        assertThat(table.mostlyUnused()).as("not counted again: the table grew by one row").isFalse();
        for (int i = 0; i < 4_100; i++) {
            row[0] = -2 - i;
            table.intern(row);
        }
        table.countUsedIfGrown(new int[] {5, 5, 7, 9_999}, 0, 4); // grown by 4,101 rows: 3 used of 14,101
        assertThat(table.mostlyUnused()).isTrue();

        table.clear();
        assertThat(table.size()).isZero();
        assertThat(table.numbering()).as("ids from before the clear mean other rows now").isNotEqualTo(numbering);
        assertThat(table.mostlyUnused()).isFalse();
        row[0] = 9_999;
        assertThat(table.intern(row)).isZero();
    }

    @Test
    void aSmallTable_isNotStartedOver_forAFewUnusedRows() {
        StatusTable table = new StatusTable(1, 16);
        int[] ids = new int[100];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = table.intern(new long[] {i});
        }
        table.countUsedIfGrown(ids, 0, 1);
        assertThat(table.mostlyUnused()).as("99 unused rows cost less than renumbering").isFalse();
    }
}
