package org.gatekeeper.core;

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
 */
public record ReplayResult(long prodVersion, long replayVersion, long evaluatedAt, String rules, boolean identical,
                           int differingVideos, List<Long> firstDifferences) {
}
