package org.gatekeeper.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gatekeeper.model.Dataset;

/**
 * What one gatekeeper tick did.
 *
 * @param outcome published a new version, found nothing changed, or waited for inputs never published
 * @param outputVersion the announced output version after the tick (0 while waiting)
 * @param inputs the pinned input versions (empty while waiting)
 * @param evaluatedAt the evaluation instant T, epoch milliseconds
 * @param missingInputs the inputs that have no announced version yet
 * @param refresh time to pin and load the inputs
 * @param evaluate time to compile and evaluate
 * @param publish time to write, publish and announce the output
 * @param refusal why the publish guard refused the output (outcome REFUSED), else null
 */
public record TickResult(Outcome outcome, long outputVersion, Map<Dataset<?>, Long> inputs, long evaluatedAt,
                         List<String> missingInputs, Duration refresh, Duration evaluate, Duration publish,
                         String refusal) {

    public enum Outcome {
        PUBLISHED, UNCHANGED, WAITING, REFUSED
    }
}
