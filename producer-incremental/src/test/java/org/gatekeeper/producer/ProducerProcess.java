package org.gatekeeper.producer;

import java.nio.file.Path;
import java.time.Duration;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.store.BlobStore;

/** A producer in a process of its own, for tests that kill it with SIGKILL. Args: bootstrap, data dir, prefix. */
public final class ProducerProcess {
    private ProducerProcess() {
    }

    public static void main(String[] args) {
        BlobStore store = BlobStore.directory(Path.of(args[1]));
        ProducerSettings settings = ProducerSettings.defaults(args[0]).withTopicPrefix(args[2])
                .withCycle(Duration.ofMillis(200)).withLeaseDuration(Duration.ofSeconds(2))
                .withStatesBetweenSnapshots(3).withMaxRecordsPerCycle(50);
        DatasetProducer<?> producer = DatasetProducer.builder(Dataset.VIDEOS, store.namespace("videos"), settings)
                .build();
        if (producer.start()) {
            System.out.println("STARTED " + producer.announcedVersion());
            producer.runUntil(() -> false);
        }
    }
}
