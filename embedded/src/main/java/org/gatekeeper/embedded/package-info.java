/**
 * Real infrastructure started in-process, shared by the tests (and, for Kafka, the demo): start here with
 * {@link org.gatekeeper.embedded.S3Server}, an S3-protocol server (s3proxy) that verifies SigV4 signatures like
 * the real service.
 */
package org.gatekeeper.embedded;
