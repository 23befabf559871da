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

    /** Key and value unchanged; the reason and the source coordinates as UTF-8 headers. */
    ProducerRecord<byte[], byte[]> toRecord(String deadLetterTopic) {
        List<Header> headers = List.of(
                header(ERROR, reason),
                header(SOURCE_TOPIC, source.topic()),
                header(SOURCE_PARTITION, Integer.toString(source.partition())),
                header(SOURCE_OFFSET, Long.toString(source.offset())));
        return new ProducerRecord<>(deadLetterTopic, null, source.key(), source.value(), headers);
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
