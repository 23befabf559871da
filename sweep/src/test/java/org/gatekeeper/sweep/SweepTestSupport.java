package org.gatekeeper.sweep;

import com.netflix.hollow.api.consumer.HollowConsumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.gatekeeper.embedded.KafkaBroker;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.codec.ChangeRecordCodec;
import org.gatekeeper.model.codec.HollowRecordReader;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.producer.DatasetProducer;
import org.gatekeeper.producer.ProducerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real Kafka broker per test class, and per test a topic prefix, a directory store and the dataset's real
 * incremental producer, so a test sees what a sweep does to the published dataset, not only to the topic.
 */
abstract class SweepTestSupport {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    static KafkaBroker kafka;
    @TempDir
    static Path brokerDir;
    @TempDir
    Path testDir;

    String prefix;
    BlobStore store;
    final List<AutoCloseable> closeables = new ArrayList<>();

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
        prefix = "s" + PREFIXES.incrementAndGet() + "-" + getClass().getSimpleName().toLowerCase();
        store = BlobStore.directory(Files.createDirectories(testDir.resolve("data")));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        store.close();
    }

    SweepSettings settings(SweepMode mode) {
        return SweepSettings.defaults(kafka.bootstrapServers()).withTopicPrefix(prefix).withMode(mode);
    }

    <T> DatasetProducer<T> startProducer(Dataset<T> dataset) {
        ProducerSettings settings = ProducerSettings.defaults(kafka.bootstrapServers()).withTopicPrefix(prefix)
                .withCycle(Duration.ofMillis(300)).withLeaseDuration(Duration.ofSeconds(2));
        DatasetProducer<T> producer = DatasetProducer.builder(dataset, store.namespace(dataset.name()), settings)
                .build();
        closeables.add(producer);
        if (!producer.start()) {
            throw new AssertionError("producer of " + dataset + " did not start");
        }
        return producer;
    }

    /** Writes records to the dataset's topic the way its upstream system would (events that were not missed). */
    <T> void publishUpstream(Dataset<T> dataset, List<T> records) {
        ChangeRecordCodec<T> codec = ChangeRecordCodec.of(dataset);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (T record : records) {
                producer.send(new ProducerRecord<>(dataset.topic(prefix), codec.encodeKey(record),
                        codec.encodeValue(record)));
            }
        }
    }

    /** Runs cycles until the producer's offsets reach the end of its topic. */
    static void catchUp(DatasetProducer<?> producer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            producer.runCycle();
            long consumed = producer.offsets().values().stream().mapToLong(Long::longValue).sum();
            if (consumed >= endOffsets(producer.topic()).values().stream().mapToLong(Long::longValue).sum()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("producer did not catch up: " + producer.offsets());
            }
        }
    }

    static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer, topic));
        }
    }

    /** Every record written to {@code topic} after {@code from} (end offsets taken earlier). */
    static List<ConsumerRecord<byte[], byte[]>> recordsAfter(String topic, Map<TopicPartition, Long> from) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, from.getOrDefault(p, 0L)));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** The dataset's records in the namespace's announced version, read by a fresh consumer. */
    static <T> List<T> announcedRecords(BlobNamespace namespace, Dataset<T> dataset) {
        HollowConsumer consumer = HollowConsumer.withBlobRetriever(namespace.retriever()).build();
        consumer.triggerRefreshTo(namespace.announcedVersion().getAsLong());
        return HollowRecordReader.of(dataset).readAll(consumer.getStateEngine());
    }
}
