package org.gatekeeper.producer;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Kafka position a version reflects: for each partition of the dataset's topic, the offset of the next record
 * to read. Stored in every version as the header tag {@value #TAG} ({@code 0:1234,1:98}), and so in its
 * announcement; a restarted producer seeks to exactly these offsets.
 */
final class KafkaOffsets {
    static final String TAG = "gatekeeper.kafka.offsets";

    private KafkaOffsets() {
    }

    static String encode(Map<Integer, Long> nextOffsets) {
        return new TreeMap<>(nextOffsets).entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /**
     * @throws IllegalArgumentException naming the text when it is not {@code partition:offset} pairs
     */
    static Map<Integer, Long> decode(String text) {
        Map<Integer, Long> offsets = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return offsets;
        }
        for (String pair : text.split(",")) {
            int colon = pair.indexOf(':');
            try {
                offsets.put(Integer.parseInt(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("header tag " + TAG + " holds '" + text
                        + "'; expected partition:offset pairs separated by commas", e);
            }
        }
        return offsets;
    }
}
