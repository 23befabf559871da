package org.gatekeeper.model.store;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Where an S3 blob store lives: {@code s3://<bucket>/<prefix>/<namespace>/...}.
 *
 * @param bucket the bucket, which must exist
 * @param prefix the key prefix, without leading or trailing {@code /}; may be empty
 * @param region the AWS region (any valid name for S3-compatible stores)
 * @param endpoint an endpoint override for S3-compatible stores (MinIO, s3proxy, ...); path-style addressing is used
 *                 with it
 * @param credentials the credentials; {@link DefaultCredentialsProvider} (environment, system properties, profile
 *                    files, container and instance roles) when empty
 */
public record S3Location(String bucket, String prefix, String region, Optional<URI> endpoint,
                         Optional<AwsCredentialsProvider> credentials) {

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(region, "region");
        prefix = trimSlashes(Objects.requireNonNull(prefix, "prefix"));
        if (bucket.length() < 3 || bucket.length() > 63) {
            throw new IllegalArgumentException("S3 bucket name '" + bucket + "' must be 3 to 63 characters");
        }
    }

    /**
     * Parses {@code s3://bucket/prefix}.
     *
     * @throws IllegalArgumentException saying what is wrong with the URI
     */
    public static S3Location parse(String uri, String region, Optional<URI> endpoint) {
        if (!uri.startsWith("s3://")) {
            throw new IllegalArgumentException("expected s3://bucket/prefix, got '" + uri + "'");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket in '" + uri + "'; expected s3://bucket/prefix");
        }
        return new S3Location(bucket, prefix, region, endpoint, Optional.empty());
    }

    public S3Location withCredentials(AwsCredentialsProvider provider) {
        return new S3Location(bucket, prefix, region, endpoint, Optional.of(provider));
    }

    /** {@code s3://bucket/prefix/key}. */
    public String uri(String key) {
        return "s3://" + bucket + "/" + objectKey(key);
    }

    /** The S3 object key for a store key. */
    public String objectKey(String key) {
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    @Override
    public String toString() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix)
                + endpoint.map(e -> " at " + e).orElse("") + " (" + region + ")";
    }

    private static String trimSlashes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '/') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '/') {
            end--;
        }
        return text.substring(start, end);
    }
}
