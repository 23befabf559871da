package org.gatekeeper.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.gatekeeper.model.Dataset;
import picocli.CommandLine.Option;

/**
 * The Kafka flags of every subcommand that talks to Kafka (SPEC §8). Security and any other client setting pass
 * through as properties; secrets belong in the {@code --kafka-config} file or the environment, not on the
 * command line.
 */
final class KafkaOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = Dataset.DEFAULT_TOPIC_PREFIX,
            description = "Topics are PREFIX.<dataset> (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A Java properties file of Kafka client settings (security.protocol, sasl.*, ssl.*, ...).")
    Path kafkaConfig;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client setting; repeatable; overrides --kafka-config.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    /** The client properties: the file first, then the flags. */
    Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (kafkaConfig != null) {
            Properties file = new Properties();
            try (InputStream in = Files.newInputStream(kafkaConfig)) {
                file.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --kafka-config " + kafkaConfig + ": " + e.getMessage(), e);
            }
            file.stringPropertyNames().forEach(name -> properties.put(name, file.getProperty(name)));
        }
        properties.putAll(kafkaProperties);
        return properties;
    }
}
