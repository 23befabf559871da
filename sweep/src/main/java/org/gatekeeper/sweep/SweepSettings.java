package org.gatekeeper.sweep;

import java.util.Map;
import java.util.Objects;
import org.gatekeeper.model.Dataset;

/**
 * What a {@link Sweep} can be told.
 *
 * @param bootstrapServers Kafka's bootstrap servers
 * @param topicPrefix records go to {@code <prefix>.<dataset>} (SPEC §3)
 * @param mode full or repair
 * @param recordsPerSecond the most records emitted per second; 0 for no limit. A sweep shares the topic with live
 *                         upstream traffic, so production sweeps run limited
 * @param checkpointEvery the checkpoint is written (after Kafka acknowledged everything before it) every this many
 *                        source entries; a crash re-sends at most this many
 * @param kafkaProperties passed to the Kafka producer as they are (security, any client property); they override
 *                        the sweep's own settings
 */
public record SweepSettings(String bootstrapServers, String topicPrefix, SweepMode mode, int recordsPerSecond,
                            int checkpointEvery, Map<String, String> kafkaProperties) {

    public SweepSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(mode, "mode");
        kafkaProperties = Map.copyOf(kafkaProperties);
        if (recordsPerSecond < 0) {
            throw new IllegalArgumentException("recordsPerSecond must be 0 (no limit) or more, got " + recordsPerSecond);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be at least 1, got " + checkpointEvery);
        }
    }

    /** A full sweep, no rate limit, a checkpoint every 50,000 entries. */
    public static SweepSettings defaults(String bootstrapServers) {
        return new SweepSettings(bootstrapServers, Dataset.DEFAULT_TOPIC_PREFIX, SweepMode.FULL, 0, 50_000, Map.of());
    }

    public SweepSettings withTopicPrefix(String newPrefix) {
        return new SweepSettings(bootstrapServers, newPrefix, mode, recordsPerSecond, checkpointEvery, kafkaProperties);
    }

    public SweepSettings withMode(SweepMode newMode) {
        return new SweepSettings(bootstrapServers, topicPrefix, newMode, recordsPerSecond, checkpointEvery,
                kafkaProperties);
    }

    public SweepSettings withRecordsPerSecond(int newRate) {
        return new SweepSettings(bootstrapServers, topicPrefix, mode, newRate, checkpointEvery, kafkaProperties);
    }

    public SweepSettings withCheckpointEvery(int newInterval) {
        return new SweepSettings(bootstrapServers, topicPrefix, mode, recordsPerSecond, newInterval, kafkaProperties);
    }

    public SweepSettings withKafkaProperties(Map<String, String> newProperties) {
        return new SweepSettings(bootstrapServers, topicPrefix, mode, recordsPerSecond, checkpointEvery,
                newProperties);
    }
}
