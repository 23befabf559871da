package org.gatekeeper.app;

import java.util.concurrent.Callable;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gatekeeper pin}: moves every consumer that follows a namespace (clients, the gatekeeper's inputs) to one
 * retained version, or back to the latest with {@code --unpin}: the roll-back lever of the runbook. Its own
 * {@code --version} takes picocli's, so help is declared here.
 */
@Command(name = "pin",
        description = {"Pin a namespace's consumers to a retained version (roll back), or --unpin them.",
                "Producers keep announcing; consumers stay on the pinned version until unpinned."})
final class PinCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--namespace", required = true, paramLabel = "NS", description = "e.g. liveness-prod or videos.")
    String namespace;

    @Option(names = "--version", paramLabel = "V", description = "A retained, announced version of the namespace.")
    Long version;

    @Option(names = "--unpin", negatable = false, description = "Return consumers to the latest announced version.")
    boolean unpin;

    @Mixin
    StoreOptions store;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (unpin == (version != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), unpin
                    ? "--version and --unpin cannot be combined: give one" : "give --version V or --unpin");
        }
        try (BlobStore blobs = store.openExisting()) {
            if (!blobs.namespaces().contains(namespace)) {
                throw new IllegalArgumentException("no namespace '" + namespace + "' in " + blobs.location());
            }
            BlobNamespace target = blobs.namespace(namespace);
            if (unpin) {
                target.unpin();
                spec.commandLine().getOut().println(namespace + " unpinned: consumers follow version "
                        + target.announcedVersion().orElse(-1));
            } else {
                target.pin(version);
                spec.commandLine().getOut().println(namespace + " pinned to version " + version);
            }
        }
        return 0;
    }
}
