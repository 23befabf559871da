package org.gatekeeper.app;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.gatekeeper.core.Replay;
import org.gatekeeper.core.ReplayResult;
import org.gatekeeper.model.store.BlobStore;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gatekeeper replay (--at ISO-INSTANT | --version V)}: re-evaluates a PROD output and says whether it
 * reproduces what PROD published. Exit 0 when identical, 1 when it differs (SPEC §8), 2 on a usage error or when
 * the replay could not run (a version that is not retained, a damaged blob), as {@code diff} does: a script never
 * takes a failure for a difference. Its own {@code --version} takes picocli's, so help is declared here.
 */
@Command(name = "replay",
        description = "Re-evaluate past PROD outputs at their recorded inputs and instants; exit 0 when they "
                + "reproduce what PROD published, 1 when one differs, 2 on an error.")
final class ReplayCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--at", paramLabel = "ISO-INSTANT", description = "The PROD output announced at this instant.")
        String at;

        @Option(names = "--version", paramLabel = "V", description = "A liveness-prod version.")
        Long version;

        @ArgGroup(exclusive = false)
        Range range;
    }

    static final class Range {
        @Option(names = "--from", required = true, paramLabel = "ISO-INSTANT",
                description = "Replay every PROD version announced from this instant...")
        String from;

        @Option(names = "--to", required = true, paramLabel = "ISO-INSTANT", description = "...to this one.")
        String to;
    }

    @Mixin
    StoreOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Instant instant = which.at == null ? null : instant("--at", which.at);
        Instant from = which.range == null ? null : instant("--from", which.range.from);
        Instant to = which.range == null ? null : instant("--to", which.range.to);
        if (from != null && from.isAfter(to)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from " + from + " is after --to " + to);
        }
        try (BlobStore blobs = store.openExisting()) {
            Replay replay = new Replay(blobs);
            if (which.range != null) {
                return range(replay, from, to);
            }
            ReplayResult result = instant != null ? replay.at(instant) : replay.ofVersion(which.version);
            var out = spec.commandLine().getOut();
            out.printf("PROD version %d (T=%s, rules %s) replayed as liveness-replay version %d: %s (%s)%n",
                    result.prodVersion(), Instant.ofEpochMilli(result.evaluatedAt()), result.rules(),
                    result.replayVersion(), result.identical() ? "IDENTICAL"
                            : "DIFFERS in " + result.differingVideos() + " videos, first " + result.firstDifferences(),
                    result.stages());
            out.flush();
            return result.identical() ? 0 : 1;
        } catch (CommandLine.ParameterException e) {
            throw e; // a usage error: the usage, exit 2
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("gatekeeper replay: " + e.getMessage());
            if (System.getenv("GATEKEEPER_DEBUG") != null) {
                e.printStackTrace(spec.commandLine().getErr());
            }
            return 2;
        }
    }

    private int range(Replay replay, Instant from, Instant to) {
        var out = spec.commandLine().getOut();
        List<ReplayResult> results = replay.range(from, to, (done, total, result) -> {
            out.printf("[%d/%d] PROD version %d (T=%s): %s (%s)%n", done, total, result.prodVersion(),
                    Instant.ofEpochMilli(result.evaluatedAt()), result.identical() ? "IDENTICAL"
                            : "DIFFERS in " + result.differingVideos() + " videos, first " + result.firstDifferences(),
                    result.stages());
            out.flush();
        });
        if (results.isEmpty()) { // nothing was checked: a script must not read this as "reproduces PROD"
            spec.commandLine().getErr().printf("gatekeeper replay: no PROD version was announced from %s to %s; "
                    + "nothing to replay (gatekeeper status shows the versions there are)%n", from, to);
            return 2;
        }
        long differing = results.stream().filter(r -> !r.identical()).count();
        out.printf("Replayed %d PROD versions announced from %s to %s: %d identical, %d differ.%n", results.size(),
                from, to, results.size() - differing, differing);
        out.flush();
        return differing == 0 ? 0 : 1;
    }

    private Instant instant(String flag, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), flag + " '" + text
                    + "' is not an ISO-8601 instant such as 2026-11-24T12:00:00Z");
        }
    }
}
