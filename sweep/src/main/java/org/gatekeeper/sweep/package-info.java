/**
 * The sweep: re-emits a whole source dataset to Kafka now and then, so missed events heal, and a repair mode that
 * sends only what differs from the dataset's current state. Not built yet: see issue 5.
 */
package org.gatekeeper.sweep;
