package org.gatekeeper.app;

import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.gatekeeper.core.LastEvaluation;
import org.gatekeeper.core.OutputTags;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.store.AnnouncedVersion;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gatekeeper status}: each namespace's announced version, its age, pins, record counts, the staleness of the
 * inputs PROD pinned, a refused publish, and (with {@code --bootstrap-servers}) the dead-letter counts.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each namespace's latest announced version, its age, pins and retained versions.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Mixin
    KafkaOptions kafka;

    @picocli.CommandLine.Option(names = "--no-records", negatable = false,
            description = "Skip counting each input's records (counting loads every input's latest version).")
    boolean noRecords;

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
        try (BlobStore blobs = store.openExisting()) {
            out.println("Store: " + blobs.location());
            List<String> namespaces = blobs.namespaces();
            if (namespaces.isEmpty()) {
                out.println("No namespaces yet.");
                return 0;
            }
            String format = "%-22s %-20s %-26s %-10s %-20s %-9s %s%n";
            out.printf(format, "NAMESPACE", "VERSION", "ANNOUNCED", "AGE", "PINNED", "VERSIONS", "RECORDS");
            Instant now = clock.instant();
            List<String> unreadable = new java.util.ArrayList<>();
            for (String name : namespaces) {
                try {
                    row(blobs.namespace(name), format, now, out);
                } catch (RuntimeException e) { // one damaged namespace hides none of the others
                    unreadable.add(name);
                    out.printf("%-22s UNREADABLE: %s%n", name, e.getMessage());
                }
            }
            try {
                staleness(blobs, now, out);
            } catch (RuntimeException e) {
                unreadable.add("staleness");
                out.println("Input staleness: UNREADABLE: " + e.getMessage());
            }
            if (spec.commandLine().getParseResult().hasMatchedOption("--bootstrap-servers")) {
                deadLetters(out);
            }
            if (!unreadable.isEmpty()) {
                out.flush();
                spec.commandLine().getErr().println("gatekeeper status: cannot read " + String.join(", ", unreadable)
                        + " (see above)");
                return 1;
            }
        }
        out.flush();
        return 0;
    }

    /** One namespace's line, and its notes under it. */
    private void row(BlobNamespace namespace, String format, Instant now, PrintWriter out) {
        OptionalLong announced = namespace.announcedVersion();
        List<AnnouncedVersion> history = namespace.history();
        AnnouncedVersion latest = history.isEmpty() ? null : history.get(history.size() - 1);
        out.printf(format, namespace.name(),
                announced.isPresent() ? Long.toString(announced.getAsLong()) : "none",
                latest == null ? "-" : latest.announcedAt().toString(),
                latest == null ? "-" : age(Duration.between(latest.announcedAt(), now)),
                namespace.pinnedVersion().isPresent() ? Long.toString(namespace.pinnedVersion().getAsLong())
                        : "-",
                history.stream().mapToLong(AnnouncedVersion::version).distinct().count(),
                announced.isPresent() ? records(namespace, announced.getAsLong()) : "-");
        namespace.note("guard-refused").ifPresent(note -> out.println("    publish guard: "
                + note.split("\n", 3)[2].trim()));
        LastEvaluation.read(namespace).ifPresent(last -> out.printf("    last evaluation: T=%s, %s, output "
                + "version %d%n", Instant.ofEpochMilli(last.evaluatedAt()), last.outcome(),
                last.outputVersion()));
    }

    /** Pairs for an output (from its header tags), records for an input (loads the version unless told not to). */
    private String records(BlobNamespace namespace, long version) {
        Map<String, String> tags = namespace.headerTags(version);
        if (tags.containsKey(OutputTags.PAIRS)) {
            return String.format("%,d pairs, %,d live", Long.parseLong(tags.get(OutputTags.PAIRS)),
                    Long.parseLong(tags.getOrDefault(OutputTags.LIVE_PAIRS, "0")));
        }
        Optional<Dataset<?>> dataset = Dataset.ALL.stream().filter(d -> d.name().equals(namespace.name())).findFirst()
                .map(d -> (Dataset<?>) d);
        if (dataset.isEmpty() || noRecords) {
            return "-";
        }
        HollowTypeReadState type = namespace.loadState(version).getTypeState(dataset.get().hollowTypeName());
        return String.format("%,d", type == null ? 0 : type.getPopulatedOrdinals().cardinality());
    }

    /**
     * The inputs PROD last evaluated (its note: newer than the latest output's header when the evaluations since
     * changed nothing), and how old each pinned version is now.
     */
    private static void staleness(BlobStore blobs, Instant now, PrintWriter out) {
        BlobNamespace prod = blobs.namespaces().contains("liveness-prod") ? blobs.namespace("liveness-prod") : null;
        Optional<LastEvaluation> last = prod == null ? Optional.empty() : LastEvaluation.read(prod);
        Map<String, String> pins = new HashMap<>();
        if (last.isPresent()) {
            last.get().inputs().forEach((dataset, version) -> pins.put(dataset, Long.toString(version)));
            out.println("Staleness of the inputs PROD last evaluated (T=" + Instant.ofEpochMilli(
                    last.get().evaluatedAt()) + "):");
        } else if (prod != null && prod.announcedVersion().isPresent()) {
            long version = prod.announcedVersion().getAsLong();
            Map<String, String> tags = prod.headerTags(version);
            Dataset.ALL.forEach(dataset -> pins.put(dataset.name(), tags.get(OutputTags.input(dataset))));
            out.println("Staleness of the inputs PROD version " + version + " pinned:");
        } else {
            out.println("Staleness: no PROD output yet.");
            return;
        }
        for (Dataset<?> dataset : Dataset.ALL) {
            String pinned = pins.get(dataset.name());
            Optional<AnnouncedVersion> announcement = blobs.namespace(dataset.name()).history().stream()
                    .filter(v -> Long.toString(v.version()).equals(pinned)).findFirst();
            out.printf("  %-14s %-20s %s%n", dataset.name(), pinned, announcement
                    .map(a -> "announced " + age(Duration.between(a.announcedAt(), now)) + " ago").orElse("-"));
        }
    }

    /** Records on each dead-letter topic (end offsets: what retention still holds). */
    private void deadLetters(PrintWriter out) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        out.println("Dead-letter topics at " + kafka.bootstrapServers + ":");
        try (Admin admin = Admin.create(config)) {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (Dataset<?> dataset : Dataset.ALL) {
                String topic = dataset.deadLetterTopic(kafka.topicPrefix);
                if (!topics.contains(topic)) {
                    out.printf("  %-28s none%n", topic);
                    continue;
                }
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                long count = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                        .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
                out.printf("  %-28s %,d records%n", topic, count);
            }
        } catch (Exception e) {
            out.println("  cannot read them: " + e.getMessage());
        }
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
