package org.gatekeeper.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.gatekeeper.diff.DiffException;
import org.gatekeeper.diff.DiffJson;
import org.gatekeeper.diff.DiffService;
import org.gatekeeper.diff.DiffText;
import org.gatekeeper.diff.OutputDiff;
import org.gatekeeper.diff.StateDiff;
import org.gatekeeper.diff.StateRef;
import org.gatekeeper.model.store.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gatekeeper diff --from NS:VERSION --to NS:VERSION [--json]} (SPEC §8), or {@code --preprod-vs-prod}: exit 0
 * when the states are equal, 1 when they differ, 2 on any error, so a release pipeline can gate on it.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Show what changes between two states: PREPROD vs PROD, two PROD versions, or two versions of "
                + "an input dataset.", "Exit 0 when equal, 1 when different, 2 on error."})
final class DiffCommand implements Callable<Integer> {
    @Option(names = "--from", paramLabel = "NS:VERSION",
            description = "The old state, e.g. liveness-prod:latest or videos:20261202010521009.")
    String from;

    @Option(names = "--to", paramLabel = "NS:VERSION", description = "The new state.")
    String to;

    @Option(names = "--preprod-vs-prod", negatable = false,
            description = "Instead of --from and --to: PREPROD's latest output against the PROD version it follows "
                    + "(the same inputs and instant), so the diff is the rule change alone. Gate releases on this.")
    boolean preprodVsProd;

    @Option(names = "--json", negatable = false, description = "One JSON object instead of text.")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "Changed pairs or records listed (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    StoreOptions store;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (limit < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 or more");
        }
        // From the command line only: a config file's diff.from or diff.to does not clash with --preprod-vs-prod.
        boolean stateGiven = spec.commandLine().getParseResult().hasMatchedOption("--from")
                || spec.commandLine().getParseResult().hasMatchedOption("--to");
        if (preprodVsProd ? stateGiven : from == null || to == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give --from and --to, or --preprod-vs-prod alone");
        }
        try (BlobStore blobs = store.openExisting()) {
            DiffService service = new DiffService(blobs);
            StateRef fromState;
            StateRef toState;
            try {
                DiffService.ReleasePair pair = preprodVsProd ? service.preprodVsProd() : null;
                fromState = pair != null ? pair.prod() : service.resolve(from);
                toState = pair != null ? pair.preprod() : service.resolve(to);
            } catch (DiffException e) {
                if (e.reason() == DiffException.Reason.MALFORMED) { // how a state is named: a usage error
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
                throw e;
            }
            // An input diff lists as many changed records as asked for (the page keeps its default).
            StateDiff diff = service.diff(fromState, toState, Math.max(limit, DiffService.LISTED_RECORD_CHANGES));
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(DiffJson.of(diff, OutputDiff.Filter.ALL, 0, limit)));
            } else {
                DiffText.print(diff, out, limit);
            }
            out.flush();
            return diff.equal() ? 0 : 1;
        } catch (picocli.CommandLine.ParameterException e) {
            throw e;
        } catch (Exception e) {
            spec.commandLine().getErr().println("gatekeeper diff: " + e.getMessage());
            return 2;
        }
    }
}
