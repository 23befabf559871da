package org.gatekeeper.model.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3 bucket under a prefix, through AWS SDK v2. A PUT is atomic, so readers never see a partial blob.
 * Failures become {@link IOException}s that say whether the endpoint, the bucket or the credentials are at fault.
 */
final class S3Storage implements ObjectStorage {
    private final S3Location location;
    private final S3Client s3;

    S3Storage(S3Location location) {
        this.location = location;
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(location.region()))
                .credentialsProvider(location.credentials().orElseGet(() -> DefaultCredentialsProvider.builder().build()))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(10)));
        location.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        this.s3 = builder.build();
    }

    @Override
    public void put(String key, Path file) throws IOException {
        call(key, () -> s3.putObject(b -> b.bucket(location.bucket()).key(location.objectKey(key)),
                RequestBody.fromFile(file)));
    }

    @Override
    public void putBytes(String key, byte[] content) throws IOException {
        call(key, () -> s3.putObject(b -> b.bucket(location.bucket()).key(location.objectKey(key)),
                RequestBody.fromBytes(content)));
    }

    @Override
    public byte[] readBytes(String key) throws IOException {
        try {
            return call(key, () -> s3.getObjectAsBytes(b -> b.bucket(location.bucket())
                    .key(location.objectKey(key))).asByteArray());
        } catch (MissingObject e) {
            return null;
        }
    }

    @Override
    public LocalCopy fetch(String key) throws IOException {
        Path temp = Files.createTempFile("gatekeeper-blob-", ".tmp");
        Files.delete(temp); // the SDK writes a new file and refuses to overwrite one
        try {
            call(key, () -> s3.getObject(b -> b.bucket(location.bucket()).key(location.objectKey(key)),
                    ResponseTransformer.toFile(temp)));
            return new LocalCopy(temp, true);
        } catch (MissingObject e) {
            Files.deleteIfExists(temp);
            return null;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    @Override
    public List<String> list(String folder, String namePrefix) throws IOException {
        String folderPrefix = location.objectKey(folder.endsWith("/") ? folder : folder + "/");
        List<String> names = new ArrayList<>();
        for (ListObjectsV2Response page : pages(folder, folderPrefix + namePrefix)) {
            for (S3Object object : page.contents()) {
                names.add(object.key().substring(folderPrefix.length()));
            }
        }
        return names;
    }

    @Override
    public List<String> folders() throws IOException {
        String prefix = location.prefix().isEmpty() ? "" : location.prefix() + "/";
        List<String> names = new ArrayList<>();
        for (ListObjectsV2Response page : pages("", prefix)) {
            for (CommonPrefix common : page.commonPrefixes()) {
                String name = common.prefix().substring(prefix.length());
                names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
            }
        }
        return names;
    }

    /** Every page of a delimited listing under {@code prefix}. */
    private List<ListObjectsV2Response> pages(String key, String prefix) throws IOException {
        List<ListObjectsV2Response> pages = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                    .bucket(location.bucket()).prefix(prefix).delimiter("/");
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page = call(key, () -> s3.listObjectsV2(request.build()));
            pages.add(page);
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return pages;
    }

    @Override
    public void delete(String key) throws IOException {
        call(key, () -> s3.deleteObject(b -> b.bucket(location.bucket()).key(location.objectKey(key))));
    }

    @Override
    public String locate(String key) {
        return location.uri(key);
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return location.toString();
    }

    private <R> R call(String key, SdkCall<R> call) throws IOException {
        try {
            return call.run();
        } catch (NoSuchKeyException e) {
            throw new MissingObject(key);
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 404 && "NoSuchKey".equals(code)) {
                throw new MissingObject(key);
            }
            throw new IOException(explain(e, code), e);
        } catch (SdkClientException e) {
            throw new IOException("cannot reach S3 at " + location.endpoint().map(Object::toString)
                    .orElse("the AWS endpoint of " + location.region()) + ": " + firstLine(e.getMessage())
                    + "; check --s3-endpoint, the network and the region", e);
        } catch (SdkException e) {
            throw new IOException("S3 request failed: " + firstLine(e.getMessage()), e);
        }
    }

    private String explain(S3Exception e, String code) {
        String bucket = "bucket '" + location.bucket() + "'";
        return switch (code) {
            case "NoSuchBucket" -> bucket + " does not exist; create it or fix the bucket in --s3";
            case "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "InvalidToken", "ExpiredToken" ->
                    "S3 refused the credentials for " + bucket + " (" + code + "); check AWS_ACCESS_KEY_ID / "
                            + "AWS_SECRET_ACCESS_KEY, the AWS profile, or the instance role";
            default -> "S3 error " + e.statusCode() + (code.isEmpty() ? "" : " " + code) + " on " + bucket + ": "
                    + firstLine(e.getMessage());
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @FunctionalInterface
    private interface SdkCall<R> {
        R run() throws IOException;
    }

    /** The object is absent: a normal answer for reads, turned into null by the callers above. */
    private static final class MissingObject extends IOException {
        private static final long serialVersionUID = 1L;

        MissingObject(String key) {
            super("no object " + key);
        }
    }
}
