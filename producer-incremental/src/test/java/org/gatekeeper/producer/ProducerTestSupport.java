package org.gatekeeper.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.gatekeeper.embedded.KafkaBroker;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.codec.HollowRecordReader;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** One real Kafka broker per test class; each test gets its own topic prefix and blob store directory. */
abstract class ProducerTestSupport {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    static KafkaBroker kafka;
    @TempDir
    static Path brokerDir;
    @TempDir
    Path testDir;

    String prefix;
    Path dataDir;
    BlobStore store;
    final List<AutoCloseable> closeables = new ArrayList<>();
    final List<Upstream<?>> upstreams = new ArrayList<>();

    @BeforeAll
    static void startKafka() {
        kafka = KafkaBroker.start(brokerDir.resolve("kafka"), 0);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @BeforeEach
    void freshStore() throws java.io.IOException {
        prefix = "t" + PREFIXES.incrementAndGet() + "-" + getClass().getSimpleName().toLowerCase();
        dataDir = java.nio.file.Files.createDirectories(testDir.resolve("data"));
        store = BlobStore.directory(dataDir);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        store.close();
    }

    ProducerSettings settings() {
        return ProducerSettings.defaults(kafka.bootstrapServers())
                .withTopicPrefix(prefix)
                .withCycle(Duration.ofMillis(300))
                .withLeaseDuration(Duration.ofSeconds(2))
                .withStatesBetweenSnapshots(5);
    }

    <T> DatasetProducer<T> startProducer(Dataset<T> dataset, DatasetProducer.Builder<T> builder) {
        DatasetProducer<T> producer = builder.build();
        closeables.add(producer);
        assertThat(producer.start()).isTrue();
        return producer;
    }

    <T> Upstream<T> upstream(Dataset<T> dataset) {
        Upstream<T> upstream = new Upstream<>(dataset, kafka.bootstrapServers(), prefix);
        closeables.add(upstream);
        upstreams.add(upstream);
        return upstream;
    }

    /** Flushes every upstream, then runs cycles until the producer's offsets reach the end of its topic. */
    void catchUp(DatasetProducer<?> producer) {
        upstreams.forEach(Upstream::flush);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            producer.runCycle();
            if (producer.offsets().values().stream().mapToLong(Long::longValue).sum() >= endOffsetSum(producer)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("producer did not catch up: " + producer.offsets());
            }
        }
    }

    static long endOffsetSum(DatasetProducer<?> producer) {
        return endOffsets(producer.topic()).values().stream().mapToLong(Long::longValue).sum();
    }

    static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** The dataset's records in the namespace's announced version, read by a fresh consumer. */
    static <T> List<T> announcedRecords(BlobNamespace namespace, Dataset<T> dataset) {
        return HollowRecordReader.of(dataset).readAll(announcedState(namespace));
    }

    static HollowReadStateEngine announcedState(BlobNamespace namespace) {
        HollowConsumer consumer = HollowConsumer.withBlobRetriever(namespace.retriever()).build();
        consumer.triggerRefreshTo(namespace.announcedVersion().getAsLong());
        return consumer.getStateEngine();
    }

    /** Every record on a topic, from the beginning. */
    /** Every committed record of {@code topic}, read up to its end as it is now. */
    static List<ConsumerRecord<byte[], byte[]>> committedRecords(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + ends);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    static List<ConsumerRecord<byte[], byte[]>> readTopic(String topic, int expected) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            return records;
        }
    }
}
