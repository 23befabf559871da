package org.gatekeeper.producer;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.store.IntegrityCheck;
import org.gatekeeper.model.store.RetentionPolicy;

/**
 * Everything a {@link DatasetProducer} can be told, with the defaults a 30 s cadence wants.
 *
 * @param bootstrapServers Kafka's bootstrap servers
 * @param topicPrefix the topic prefix (SPEC §3), {@code gatekeeper} by default
 * @param cycle how long a cycle collects records before it folds them (SPEC: 30 s, at least 1 s in production)
 * @param maxRecordsPerCycle a cycle folds early once it holds this many records
 * @param statesBetweenSnapshots a full snapshot every this many versions; deltas in between
 * @param retention which versions stay reachable
 * @param partitions the partition count of the topics the producer creates when they are missing
 * @param leaseDuration how long the single-writer lease lasts without renewal (renewed every third of it)
 * @param kafkaProperties passed to every Kafka client as they are (security, timeouts, any client property);
 *                        they override the producer's own settings
 * @param integrityCheck what each cycle checks before it announces; {@link IntegrityCheck#CHANGES} by default
 */
public record ProducerSettings(String bootstrapServers, String topicPrefix, Duration cycle, int maxRecordsPerCycle,
                               int statesBetweenSnapshots, RetentionPolicy retention, int partitions,
                               Duration leaseDuration, Map<String, String> kafkaProperties, IntegrityCheck integrityCheck) {

    public ProducerSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(integrityCheck, "integrityCheck");
        kafkaProperties = Map.copyOf(kafkaProperties);
        if (cycle.isNegative() || cycle.isZero()) {
            throw new IllegalArgumentException("cycle must be positive, got " + cycle);
        }
        if (maxRecordsPerCycle < 1 || statesBetweenSnapshots < 0 || partitions < 1) {
            throw new IllegalArgumentException("maxRecordsPerCycle and partitions must be at least 1, "
                    + "statesBetweenSnapshots at least 0");
        }
        if (leaseDuration.compareTo(Duration.ofMillis(300)) < 0) {
            throw new IllegalArgumentException("leaseDuration must be at least 300 ms, got " + leaseDuration);
        }
    }

    /** The defaults: 30 s cycles, up to 200,000 records a cycle, a snapshot every 20 versions (10 minutes). */
    public static ProducerSettings defaults(String bootstrapServers) {
        return new ProducerSettings(bootstrapServers, Dataset.DEFAULT_TOPIC_PREFIX, Duration.ofSeconds(30), 200_000,
                20, RetentionPolicy.DEFAULT, 3, Duration.ofSeconds(15), Map.of(), IntegrityCheck.CHANGES);
    }

    public ProducerSettings withTopicPrefix(String newPrefix) {
        return new ProducerSettings(bootstrapServers, newPrefix, cycle, maxRecordsPerCycle, statesBetweenSnapshots,
                retention, partitions, leaseDuration, kafkaProperties, integrityCheck);
    }

    public ProducerSettings withCycle(Duration newCycle) {
        return new ProducerSettings(bootstrapServers, topicPrefix, newCycle, maxRecordsPerCycle,
                statesBetweenSnapshots, retention, partitions, leaseDuration, kafkaProperties, integrityCheck);
    }

    public ProducerSettings withMaxRecordsPerCycle(int newMax) {
        return new ProducerSettings(bootstrapServers, topicPrefix, cycle, newMax, statesBetweenSnapshots, retention,
                partitions, leaseDuration, kafkaProperties, integrityCheck);
    }

    public ProducerSettings withStatesBetweenSnapshots(int newCount) {
        return new ProducerSettings(bootstrapServers, topicPrefix, cycle, maxRecordsPerCycle, newCount, retention,
                partitions, leaseDuration, kafkaProperties, integrityCheck);
    }

    public ProducerSettings withRetention(RetentionPolicy newRetention) {
        return new ProducerSettings(bootstrapServers, topicPrefix, cycle, maxRecordsPerCycle,
                statesBetweenSnapshots, newRetention, partitions, leaseDuration, kafkaProperties, integrityCheck);
    }

    public ProducerSettings withPartitions(int newPartitions) {
        return new ProducerSettings(bootstrapServers, topicPrefix, cycle, maxRecordsPerCycle,
                statesBetweenSnapshots, retention, newPartitions, leaseDuration, kafkaProperties, integrityCheck);
    }

    public ProducerSettings withLeaseDuration(Duration newLease) {
        return new ProducerSettings(bootstrapServers, topicPrefix, cycle, maxRecordsPerCycle,
                statesBetweenSnapshots, retention, partitions, newLease, kafkaProperties, integrityCheck);
    }

    public ProducerSettings withIntegrityCheck(IntegrityCheck check) {
        return new ProducerSettings(bootstrapServers, topicPrefix, cycle, maxRecordsPerCycle,
                statesBetweenSnapshots, retention, partitions, leaseDuration, kafkaProperties, check);
    }

    public ProducerSettings withKafkaProperties(Map<String, String> newProperties) {
        return new ProducerSettings(bootstrapServers, topicPrefix, cycle, maxRecordsPerCycle,
                statesBetweenSnapshots, retention, partitions, leaseDuration, newProperties, integrityCheck);
    }
}
