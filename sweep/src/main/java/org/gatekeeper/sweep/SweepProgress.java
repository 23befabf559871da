package org.gatekeeper.sweep;

import java.util.OptionalLong;

/**
 * How far a running sweep is, reported every few thousand entries and once at the end.
 *
 * @param handled source entries (then ghosts) handled so far, including those a resumed sweep skipped
 * @param total the source's size when known
 * @param emitted records sent by this run so far
 */
public record SweepProgress(long handled, OptionalLong total, long emitted) {

    /** Receives progress; called on the sweeping thread, so it should return quickly. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = progress -> { };

        void onProgress(SweepProgress progress);
    }
}
