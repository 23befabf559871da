package org.gatekeeper.core;

import java.time.Duration;
import java.util.List;

/**
 * A replay's verdict (SPEC §7).
 *
 * @param prodVersion the PROD output version replayed
 * @param replayVersion the version written to the scratch namespace {@code liveness-replay}
 * @param evaluatedAt the instant T that PROD recorded and the replay used
 * @param rules the rule set PROD recorded and the replay ran
 * @param identical whether the replay's records equal what PROD published
 * @param differingVideos how many videos differ
 * @param firstDifferences the first differing video ids (at most 10), for a report
 * @param stages how long each step of this replay took
 */
public record ReplayResult(long prodVersion, long replayVersion, long evaluatedAt, String rules, boolean identical,
                           int differingVideos, List<Long> firstDifferences, Stages stages) {

    /**
     * The steps of one replay: moving the inputs to the recorded versions, evaluating, publishing to the scratch
     * namespace, and moving to PROD's output and comparing it with the evaluation.
     */
    public record Stages(Duration load, Duration evaluate, Duration publish, Duration compare) {
        public Duration total() {
            return load.plus(evaluate).plus(publish).plus(compare);
        }

        @Override
        public String toString() {
            return String.format("%.2f s: load %.2f s, evaluate %.2f s, publish %.2f s, compare %.2f s",
                    seconds(total()), seconds(load), seconds(evaluate), seconds(publish), seconds(compare));
        }

        private static double seconds(Duration d) {
            return d.toNanos() / 1e9;
        }
    }
}
