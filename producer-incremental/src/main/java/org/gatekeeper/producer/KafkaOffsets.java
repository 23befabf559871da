package org.gatekeeper.producer;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Kafka position a version reflects: for each partition of the dataset's topic, the offset of the next record
 * to read. Stored in every version as the header tag {@value #TAG} ({@code 0:1234,1:98}), and so in its
 * announcement; a restarted producer seeks to exactly these offsets.
 *
 * <p>A cycle whose records change nothing (each one equal, a tombstone for an absent key, or dead-lettered) makes
 * no version, so no header can carry its offsets. It leaves them in the note {@value #NOTE} instead, naming the
 * announced version they extend ({@code 20261202173600534 0:1240,1:98}): that version is the fold of every record
 * up to them. A restart on that same version seeks there, so a clean stop sends no record to the dead-letter topic
 * twice (SPEC §3); a note naming any other version is stale and ignored.
 */
final class KafkaOffsets {
    static final String TAG = "gatekeeper.kafka.offsets";
    static final String NOTE = "kafka-offsets";

    private KafkaOffsets() {
    }

    static String encode(Map<Integer, Long> nextOffsets) {
        return new TreeMap<>(nextOffsets).entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** The note's text: {@code version} and the offsets it reflects. */
    static String note(long version, Map<Integer, Long> nextOffsets) {
        return version + " " + encode(nextOffsets) + "\n";
    }

    /**
     * The offsets of note {@code text} when it names {@code version} and is at or past {@code announced} on every
     * partition; otherwise {@code announced}.
     */
    static Map<Integer, Long> extend(Map<Integer, Long> announced, long version, String text) {
        String[] parts = text == null ? new String[0] : text.strip().split(" ", 2);
        if (parts.length == 0 || !parts[0].equals(Long.toString(version))) {
            return announced;
        }
        Map<Integer, Long> noted;
        try {
            noted = decode(parts.length == 2 ? parts[1] : "");
        } catch (IllegalArgumentException e) {
            return announced;
        }
        for (Map.Entry<Integer, Long> partition : announced.entrySet()) {
            if (noted.getOrDefault(partition.getKey(), -1L) < partition.getValue()) {
                return announced;
            }
        }
        return noted;
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
