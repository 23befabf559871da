package org.gatekeeper.sweep;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * How a sweep ended. Counts are over the whole source, including the part a resumed sweep skipped sending.
 *
 * @param dataset the dataset name
 * @param mode full or repair
 * @param source where the records came from
 * @param comparedVersion the dataset version a repair sweep compared with; empty for a full sweep, and for a repair
 *                        of a dataset that has no version yet (every record then counts as missing)
 * @param read valid source records read
 * @param inSync records equal to what the dataset holds (repair only)
 * @param stale records the dataset holds with other values (repair only)
 * @param missing records the dataset does not hold (repair only)
 * @param ghosts records the dataset holds and the source does not: each got a tombstone (repair only), unless
 *               some source entries were invalid (see {@code ghostsKept})
 * @param ghostsKept ghosts not deleted because invalid source entries might be them: fix the source, sweep again
 * @param invalid source entries that are not valid SPEC §2 records: reported, never sent
 * @param emitted change records written to Kafka by this run
 * @param resumedFrom the checkpoint position this run resumed from (0 for a fresh sweep)
 * @param invalidSamples the first few invalid entries: where, and what was wrong
 * @param duration how long this run took
 */
public record SweepReport(String dataset, SweepMode mode, String source, OptionalLong comparedVersion, long read,
                          long inSync, long stale, long missing, long ghosts, long ghostsKept, long invalid,
                          long emitted, long resumedFrom, List<String> invalidSamples, Duration duration) {

    public SweepReport {
        invalidSamples = List.copyOf(invalidSamples);
    }

    /** Whether a repair sweep found the dataset equal to its source. */
    public boolean inSyncWithSource() {
        return stale == 0 && missing == 0 && ghosts == 0;
    }

    /** One line for logs and the command line. */
    public String summary() {
        String counts = mode == SweepMode.REPAIR
                ? String.format("in sync %,d, stale %,d, missing %,d, ghosts %,d%s", inSync, stale, missing, ghosts,
                        ghostsKept > 0 ? String.format(" (%,d not deleted: invalid source entries)", ghostsKept) : "")
                : String.format("read %,d", read);
        return String.format("sweep %s (%s) of %s: %s, invalid %,d; emitted %,d%s in %.1f s", dataset, mode.label(),
                source, counts, invalid, emitted, resumedFrom > 0 ? " (resumed at entry " + resumedFrom + ")" : "",
                duration.toMillis() / 1000.0);
    }
}
