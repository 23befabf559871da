/**
 * The incremental producers: one per dataset, each folding its Kafka topic's change records into a new Hollow
 * version every cycle, exactly once across crashes, with a dead-letter topic for records that cannot be applied
 * (SPEC §3). Not built yet: see issue 3.
 */
package org.gatekeeper.producer;
