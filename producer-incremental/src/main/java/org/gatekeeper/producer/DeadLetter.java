package org.gatekeeper.producer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** A record that cannot be applied, on its way to {@code <topic>.dlq} with the headers SPEC §3 names. */
record DeadLetter(ConsumerRecord<byte[], byte[]> source, String reason) {
    static final String ERROR = "gatekeeper.error";
    static final String SOURCE_TOPIC = "gatekeeper.source.topic";
    static final String SOURCE_PARTITION = "gatekeeper.source.partition";
    static final String SOURCE_OFFSET = "gatekeeper.source.offset";
    /** On a letter sent without its value because the dead-letter topic refused it: the value's size in bytes. */
    static final String VALUE_DROPPED = "gatekeeper.value.dropped";

    /**
     * Key and value unchanged; the reason and the source coordinates as UTF-8 headers. With {@code dropValue}, the
     * value is left out (null) and its size given in the header {@value #VALUE_DROPPED}: for a record the
     * dead-letter topic refused as too large, which would otherwise block every record behind it. Its coordinates
     * still lead to the original.
     */
    ProducerRecord<byte[], byte[]> toRecord(String deadLetterTopic, boolean dropValue) {
        List<Header> headers = new java.util.ArrayList<>(List.of(
                header(ERROR, reason),
                header(SOURCE_TOPIC, source.topic()),
                header(SOURCE_PARTITION, Integer.toString(source.partition())),
                header(SOURCE_OFFSET, Long.toString(source.offset()))));
        if (dropValue) {
            headers.add(header(VALUE_DROPPED, Integer.toString(size())));
        }
        return new ProducerRecord<>(deadLetterTopic, null, source.key(), dropValue ? null : source.value(), headers);
    }

    /** The source record's partition and offset. */
    java.util.Map.Entry<Integer, Long> coordinates() {
        return java.util.Map.entry(source.partition(), source.offset());
    }

    /** The value's size in bytes (0 for none). */
    int size() {
        return source.value() == null ? 0 : source.value().length;
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
