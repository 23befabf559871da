package org.gatekeeper.producer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.codec.ChangeRecordCodec;

/**
 * A test's upstream system: writes change records of one dataset to Kafka and keeps the fold of every valid
 * record it wrote, which is what the dataset must hold once the producer has caught up.
 */
final class Upstream<T> implements AutoCloseable {
    private final Dataset<T> dataset;
    private final ChangeRecordCodec<T> codec;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> kafka;
    private final Map<String, T> fold = new LinkedHashMap<>();
    private int badRecords;
    private volatile Exception failure;

    Upstream(Dataset<T> dataset, String bootstrapServers, String topicPrefix) {
        this.dataset = dataset;
        this.codec = ChangeRecordCodec.of(dataset);
        this.topic = dataset.topic(topicPrefix);
        this.kafka = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 9 << 20, ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    void upsert(T record) {
        send(codec.encodeKey(record), codec.encodeValue(record));
        fold.put(dataset.keyText(record), record);
    }

    void delete(T record) {
        String key = dataset.keyText(record);
        send(key.getBytes(StandardCharsets.UTF_8), null);
        fold.remove(key);
    }

    /** A record the producer must dead-letter; it does not change the fold. */
    void bad(byte[] key, byte[] value) {
        send(key, value);
        badRecords++;
    }

    void flush() {
        kafka.flush();
        if (failure != null) {
            throw new IllegalStateException("cannot write to " + topic, failure);
        }
    }

    Map<String, T> fold() {
        return fold;
    }

    List<T> expectedRecords() {
        return List.copyOf(fold.values());
    }

    int badRecords() {
        return badRecords;
    }

    /** Asynchronous, in order (one producer, idempotent); {@link #flush()} waits for all of them. */
    private void send(byte[] key, byte[] value) {
        kafka.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null) {
                failure = error;
            }
        });
    }

    @Override
    public void close() {
        kafka.close();
    }
}
