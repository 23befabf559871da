package org.gatekeeper.model.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.api.producer.HollowProducer;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.gatekeeper.embedded.S3Server;
import org.gatekeeper.model.Video;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The blob store contract on S3, against a real S3-protocol server in-process, plus S3's own failure modes. */
class S3BlobStoreTest extends BlobStoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3Server server;
    private static S3Client raw;

    private S3Location location;

    @BeforeAll
    static void startServer() {
        server = S3Server.start();
        raw = S3Client.builder().endpointOverride(server.endpoint()).forcePathStyle(true)
                .region(Region.of(S3Server.REGION)).credentialsProvider(credentials()).build();
    }

    @AfterAll
    static void stopServer() {
        raw.close();
        server.close();
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY));
    }

    @Override
    BlobStore openStore(BlobStore.Options options) {
        String bucket = "gatekeeper-test-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        location = new S3Location(bucket, "env/blobs", S3Server.REGION, Optional.of(server.endpoint()),
                Optional.of(credentials()));
        return BlobStore.s3(location, options);
    }

    @Override
    void rewriteObject(String key, UnaryOperator<byte[]> change) {
        String objectKey = location.objectKey(key);
        byte[] bytes = raw.getObjectAsBytes(b -> b.bucket(location.bucket()).key(objectKey)).asByteArray();
        raw.putObject(b -> b.bucket(location.bucket()).key(objectKey), RequestBody.fromBytes(change.apply(bytes)));
    }

    @Override
    List<String> listObjects(String namespace) {
        String prefix = location.objectKey(namespace + "/");
        return raw.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(prefix).delimiter("/"))
                .contents().stream().map(S3Object::key).map(k -> k.substring(prefix.length())).toList();
    }

    @Test
    void blobs_liveUnderBucketPrefixAndNamespace_inHollowsLayout() {
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        long v1 = cycle(producer, "one");

        assertThat(listObjects("videos")).contains("snapshot-" + v1, "header-" + v1, "announced.version");
        assertThat(videos.location()).isEqualTo("s3://" + location.bucket() + "/env/blobs/videos");
    }

    @Test
    void unreachableEndpoint_failsWithTheNamespaceKeyAndWhatToCheck() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        S3Location nowhere = new S3Location("gatekeeper-nowhere", "p", S3Server.REGION,
                Optional.of(URI.create("http://127.0.0.1:" + closedPort)), Optional.of(credentials()));
        try (BlobStore unreachable = BlobStore.s3(nowhere)) {
            BlobNamespace namespace = unreachable.namespace("videos");

            assertThatThrownBy(namespace::announcedVersion)
                    .isInstanceOf(BlobStoreException.class)
                    .hasMessageContaining("namespace 'videos'")
                    .hasMessageContaining("s3://gatekeeper-nowhere/p/videos/announced.version")
                    .hasMessageContaining("cannot reach S3 at http://127.0.0.1:" + closedPort)
                    .hasMessageContaining("check --s3-endpoint");
            HollowConsumer consumer = HollowConsumer.withBlobRetriever(namespace.retriever()).build();
            assertThatThrownBy(() -> consumer.triggerRefreshTo(42))
                    .satisfies(e -> assertThat(causeMessages(e)).contains("namespace 'videos'", "cannot reach S3"));
        }
    }

    @Test
    void missingBucket_failsNamingTheBucketAndTheKey() {
        S3Location missing = new S3Location("gatekeeper-no-such-bucket", "p", S3Server.REGION,
                Optional.of(server.endpoint()), Optional.of(credentials()));
        try (BlobStore store = BlobStore.s3(missing)) {
            BlobNamespace namespace = store.namespace("videos");
            HollowProducer producer = HollowProducer.withPublisher(namespace.publisher())
                    .withAnnouncer(namespace.announcer()).build();
            producer.initializeDataModel(Video.class);

            assertThatThrownBy(() -> cycle(producer, "one"))
                    .satisfies(e -> assertThat(causeMessages(e)).contains("namespace 'videos'",
                            "s3://gatekeeper-no-such-bucket/p/videos/", "bucket 'gatekeeper-no-such-bucket' does not exist"));
            assertThatThrownBy(namespace::announcedVersion)
                    .hasMessageContaining("bucket 'gatekeeper-no-such-bucket' does not exist");
        }
    }

    @Test
    void wrongCredentials_failNamingTheCredentialsAndTheKey() {
        S3Location wrong = location.withCredentials(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, "not-the-secret")));
        try (BlobStore store = BlobStore.s3(wrong)) {
            BlobNamespace namespace = store.namespace("videos");

            assertThatThrownBy(() -> namespace.pin(1))
                    .hasMessageContaining("namespace 'videos'")
                    .hasMessageContaining("S3 refused the credentials")
                    .hasMessageContaining("AWS_ACCESS_KEY_ID");
        }
    }

    @Test
    void s3Location_parsesBucketAndPrefix() {
        S3Location parsed = S3Location.parse("s3://my-bucket/a/b/", "eu-west-1", Optional.empty());

        assertThat(parsed.bucket()).isEqualTo("my-bucket");
        assertThat(parsed.prefix()).isEqualTo("a/b");
        assertThat(parsed.uri("videos/snapshot-1")).isEqualTo("s3://my-bucket/a/b/videos/snapshot-1");
        assertThatThrownBy(() -> S3Location.parse("http://x/y", "eu-west-1", Optional.empty()))
                .hasMessageContaining("expected s3://bucket/prefix");
    }
}
