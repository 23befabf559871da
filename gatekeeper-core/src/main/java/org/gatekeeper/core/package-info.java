/**
 * The gatekeeper: pins a version of every input, evaluates every video in every country (SPEC §4) and publishes
 * the {@code liveness} dataset (SPEC §5), for PROD, PREPROD and replay; plus the embedded client services use.
 * Not built yet: see issue 4.
 */
package org.gatekeeper.core;
