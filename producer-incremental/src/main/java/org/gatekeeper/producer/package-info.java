/**
 * The incremental producers: one per dataset, each folding its Kafka topic's change records into a new Hollow
 * version every cycle, exactly once across crashes, with a dead-letter topic for records that cannot be applied
 * (SPEC §3).
 *
 * <p>Start with {@link org.gatekeeper.producer.DatasetProducer}: its class comment walks through a cycle and why
 * it is exactly once. {@link org.gatekeeper.producer.ProducerSettings} holds every knob with its default.
 */
package org.gatekeeper.producer;
