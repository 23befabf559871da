package org.gatekeeper.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the machine's Debian {@code postgresql} package, started on a free loopback port in a
 * fresh cluster under a temporary directory, for the JDBC sweep source's tests. Local connections are trusted: user
 * {@code postgres}, no password. When the JVM runs as root (as CI does), the server runs as the {@code postgres} user,
 * since PostgreSQL refuses to run as root.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");

    private final Path binaries;
    private final Path dataDir;
    private final boolean asPostgresUser;
    private final int port;
    private final Process server;
    private final StringBuffer log = new StringBuffer();

    private PostgresServer(Path binaries, Path dataDir, boolean asPostgresUser, int port) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.asPostgresUser = asPostgresUser;
        this.port = port;
        run("initdb", "-D", dataDir.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        try {
            this.server = new ProcessBuilder(command("postgres", "-D", dataDir.toString(), "-p", Integer.toString(port),
                    "-k", dataDir.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start postgres from " + binaries, e);
        }
        awaitReady();
    }

    /** Starts a server; fails with the remedy when PostgreSQL is not installed. */
    public static PostgresServer start() {
        Path binaries = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dataDir = Files.createTempDirectory("gatekeeper-postgres-");
            if (root) {
                UserPrincipal postgres = FileSystems.getDefault().getUserPrincipalLookupService()
                        .lookupPrincipalByName("postgres");
                Files.setOwner(dataDir, postgres);
            }
            return new PostgresServer(binaries, dataDir, root, freePort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a PostgreSQL data directory: " + e.getMessage(), e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}; connect as user {@code postgres}, no password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    /** Stops the server (fast shutdown: open connections are closed) and deletes its cluster. */
    @Override
    public void close() {
        try {
            run("pg_ctl", "stop", "-D", dataDir.toString(), "-m", "fast", "-w");
        } catch (RuntimeException e) {
            server.destroyForcibly();
        }
        try {
            server.waitFor(30, TimeUnit.SECONDS);
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // a temporary directory left behind
        }
    }

    private static Path findBinaries() {
        try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no initdb under " + DEBIAN_BINARIES));
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException("PostgreSQL is not installed (" + e.getMessage()
                    + "): install the Debian package 'postgresql' (.ci/run does)", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(binaries.resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    private void run(String program, String... args) {
        try {
            Process process = new ProcessBuilder(command(program, args)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(program + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + program + " from " + binaries, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(program + " interrupted", e);
        }
    }

    private void awaitReady() {
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    log.append(line).append('\n');
                    if (line.contains("ready to accept connections")) {
                        ready.complete(true);
                    }
                }
            } catch (IOException ignored) {
                // the server stopped
            }
            ready.complete(false);
        }, "postgres-log");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.get(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("postgres exited before it was ready:\n" + log);
            }
        } catch (Exception e) {
            server.destroyForcibly();
            throw new IllegalStateException("postgres did not start on port " + port + ": " + e.getMessage()
                    + "\n" + log, e);
        }
    }
}
