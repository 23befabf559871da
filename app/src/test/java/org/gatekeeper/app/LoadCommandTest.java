package org.gatekeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.gatekeeper.embedded.KafkaBroker;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.profile.SyntheticCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadCommandTest {
    @TempDir
    Path brokerDir;

    @Test
    void load_writesTheWholeCatalog_oneRecordPerRecord_toEachDatasetsTopic() {
        try (KafkaBroker kafka = KafkaBroker.start(brokerDir, 0)) {
            CommandRun command = new CommandRun();

            int exit = command.run("load", "--profile", "small", "--seed", "4", "--bootstrap-servers",
                    kafka.bootstrapServers(), "--topic-prefix", "loaded");

            assertThat(exit).as(command.err.toString()).isZero();
            SyntheticCatalog expected = SyntheticCatalog.generate(Profile.SMALL, 4, 0);
            assertThat(command.out.toString()).contains(String.format("Wrote %,d change records", expected.recordCount()));
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                for (Dataset<?> dataset : Dataset.ALL) {
                    String topic = dataset.topic("loaded");
                    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition())).toList();
                    long records = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
                    assertThat(records).as(topic).isEqualTo(expected.byDataset().get(dataset).size());
                }
            }
        }
    }
}
