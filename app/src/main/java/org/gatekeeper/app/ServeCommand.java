package org.gatekeeper.app;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.gatekeeper.diff.web.DiffServer;
import org.gatekeeper.model.store.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatekeeper serve}: the release-validation page over a blob store, until Ctrl-C or SIGTERM (SPEC §8). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the diff page and its JSON API over a blob store.",
                "Binds 127.0.0.1 unless --host says otherwise; set GATEKEEPER_HTTP_TOKEN to require a bearer token "
                        + "on everything but /health."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--http-port", paramLabel = "N", defaultValue = "7070", converter = PortConverter.class,
            description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Mixin
    StoreOptions store;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        String token = System.getenv("GATEKEEPER_HTTP_TOKEN");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "gatekeeper-shutdown"));
        try (BlobStore blobs = store.open();
             DiffServer server = DiffServer.start(blobs, new DiffServer.Settings(host, port,
                     token == null || token.isBlank() ? null : token), Clock.systemUTC())) {
            spec.commandLine().getOut().printf("Diff page on http://%s:%d/ over %s%s; Ctrl-C stops%n", host,
                    server.port(), blobs.location(), token == null ? "" : " (bearer token required)");
            spec.commandLine().getOut().flush();
            stop.await();
        }
        return 0;
    }
}
