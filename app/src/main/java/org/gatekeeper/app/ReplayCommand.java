package org.gatekeeper.app;

import java.time.Instant;
import java.time.format.DateTimeParseException;
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
 * reproduces what PROD published. Exit 0 when identical, 1 when it differs, 2 on a usage error (SPEC §8).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-evaluate a past PROD output at its recorded inputs and instant; exit 0 when it reproduces "
                + "what PROD published, 1 when it differs.")
final class ReplayCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--at", paramLabel = "ISO-INSTANT", description = "The PROD output announced at this instant.")
        String at;

        @Option(names = "--version", paramLabel = "V", description = "A liveness-prod version.")
        Long version;
    }

    @Mixin
    StoreOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Instant instant = null;
        if (which.at != null) {
            try {
                instant = Instant.parse(which.at);
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--at '" + which.at
                        + "' is not an ISO-8601 instant such as 2026-11-24T12:00:00Z");
            }
        }
        try (BlobStore blobs = store.open()) {
            Replay replay = new Replay(blobs);
            ReplayResult result = instant != null ? replay.at(instant) : replay.ofVersion(which.version);
            var out = spec.commandLine().getOut();
            out.printf("PROD version %d (T=%s, rules %s) replayed as liveness-replay version %d: %s%n",
                    result.prodVersion(), Instant.ofEpochMilli(result.evaluatedAt()), result.rules(),
                    result.replayVersion(), result.identical() ? "IDENTICAL"
                            : "DIFFERS in " + result.differingVideos() + " videos, first " + result.firstDifferences());
            out.flush();
            return result.identical() ? 0 : 1;
        }
    }
}
