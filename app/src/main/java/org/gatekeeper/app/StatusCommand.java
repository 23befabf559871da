package org.gatekeeper.app;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.gatekeeper.model.store.AnnouncedVersion;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gatekeeper status}: each namespace's announced version, when it was announced, its age and any pin. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each namespace's latest announced version, its age, pins and retained versions.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    StatusCommand() {
        this(Clock.systemUTC());
    }

    StatusCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (BlobStore blobs = store.open()) {
            out.println("Store: " + blobs.location());
            List<String> namespaces = blobs.namespaces();
            if (namespaces.isEmpty()) {
                out.println("No namespaces yet.");
                return 0;
            }
            String format = "%-22s %-20s %-26s %-10s %-20s %s%n";
            out.printf(format, "NAMESPACE", "VERSION", "ANNOUNCED", "AGE", "PINNED", "VERSIONS");
            Instant now = clock.instant();
            for (String name : namespaces) {
                BlobNamespace namespace = blobs.namespace(name);
                OptionalLong announced = namespace.announcedVersion();
                List<AnnouncedVersion> history = namespace.history();
                AnnouncedVersion latest = history.isEmpty() ? null : history.get(history.size() - 1);
                out.printf(format, name,
                        announced.isPresent() ? Long.toString(announced.getAsLong()) : "none",
                        latest == null ? "-" : latest.announcedAt().toString(),
                        latest == null ? "-" : age(Duration.between(latest.announcedAt(), now)),
                        namespace.pinnedVersion().isPresent() ? Long.toString(namespace.pinnedVersion().getAsLong())
                                : "-",
                        history.stream().mapToLong(AnnouncedVersion::version).distinct().count());
                namespace.note("guard-refused").ifPresent(note -> out.println("    publish guard: "
                        + note.split("\n", 3)[2].trim()));
            }
        }
        out.flush();
        return 0;
    }

    /** {@code 42s}, {@code 3m12s}, {@code 5h02m}, {@code 3d04h}. */
    static String age(Duration age) {
        long seconds = Math.max(0, age.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format("%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }
}
