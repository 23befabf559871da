package org.gatekeeper.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.store.BlobNamespace;

/**
 * What a gatekeeper last evaluated: the instant {@code T}, the input versions it pinned, what came of it and the
 * output version announced after it. An evaluation whose records equal the announced output makes no new version
 * (SPEC §5), so that version's header tags show an older {@code T} and maybe older inputs; the gatekeeper keeps this
 * as a note of its output namespace ({@value #NOTE}) after every evaluation, and {@code status} and the page show
 * it. One {@code key=value} per line, inputs in SPEC order.
 */
public record LastEvaluation(long evaluatedAt, Map<String, Long> inputs, TickResult.Outcome outcome,
                             long outputVersion, long follows) {
    public static final String NOTE = "last-evaluation";

    /** An evaluation that followed no PROD version (PROD's own). */
    public LastEvaluation(long evaluatedAt, Map<String, Long> inputs, TickResult.Outcome outcome, long outputVersion) {
        this(evaluatedAt, inputs, outcome, outputVersion, 0);
    }

    static LastEvaluation of(TickResult tick) {
        return of(tick, null);
    }

    /**
     * @param follows the PROD version a PREPROD evaluation followed, else null: when its records equal PREPROD's
     *                announced output, no new version says so (that version's header names an older PROD version)
     */
    static LastEvaluation of(TickResult tick, Long follows) {
        Map<String, Long> inputs = new LinkedHashMap<>();
        tick.inputs().forEach((dataset, version) -> inputs.put(dataset.name(), version));
        return new LastEvaluation(tick.evaluatedAt(), inputs, tick.outcome(), tick.outputVersion(),
                follows == null ? 0 : follows);
    }

    String text() {
        StringBuilder text = new StringBuilder().append("evaluatedAt=").append(evaluatedAt).append('\n')
                .append("outcome=").append(outcome).append('\n')
                .append("outputVersion=").append(outputVersion).append('\n');
        if (follows != 0) {
            text.append("follows=").append(follows).append('\n');
        }
        inputs.forEach((dataset, version) -> text.append("input.").append(dataset).append('=').append(version)
                .append('\n'));
        return text.toString();
    }

    /**
     * The note of {@code output}, if there is one that reads and is not older than the announced version (a note
     * whose write failed after a publish, or left by a gatekeeper that another one has published past, says
     * nothing about the announced output). A damaged note is ignored; the next tick rewrites it.
     */
    public static Optional<LastEvaluation> read(BlobNamespace output) {
        OptionalLong announced = output.announcedVersion();
        return output.note(NOTE).flatMap(LastEvaluation::parse)
                .filter(last -> announced.isEmpty() || last.outputVersion() >= announced.getAsLong());
    }

    static Optional<LastEvaluation> parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        }
        try {
            Map<String, Long> inputs = new LinkedHashMap<>();
            for (Dataset<?> dataset : Dataset.ALL) {
                String version = fields.get("input." + dataset.name());
                if (version != null) {
                    inputs.put(dataset.name(), Long.parseLong(version));
                }
            }
            return Optional.of(new LastEvaluation(Long.parseLong(fields.get("evaluatedAt")), inputs,
                    TickResult.Outcome.valueOf(fields.get("outcome")), Long.parseLong(fields.get("outputVersion")),
                    Long.parseLong(fields.getOrDefault("follows", "0"))));
        } catch (RuntimeException e) { // a missing or malformed field
            return Optional.empty();
        }
    }
}
