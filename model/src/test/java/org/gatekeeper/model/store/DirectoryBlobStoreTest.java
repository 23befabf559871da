package org.gatekeeper.model.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.api.consumer.fs.HollowFilesystemAnnouncementWatcher;
import com.netflix.hollow.api.consumer.fs.HollowFilesystemBlobRetriever;
import com.netflix.hollow.api.producer.HollowProducer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.gatekeeper.model.Video;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob store contract on a local directory, plus what only the directory promises: Hollow's own layout. */
class DirectoryBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path root;

    @Override
    BlobStore openStore(BlobStore.Options options) {
        return BlobStore.directory(root, options);
    }

    @Override
    void rewriteObject(String key, UnaryOperator<byte[]> change) throws IOException {
        Path file = root.resolve(key);
        Files.write(file, change.apply(Files.readAllBytes(file)));
    }

    @Override
    List<String> listObjects(String namespace) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(namespace))) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void stockHollowFilesystemConsumer_readsWhatTheDirectoryStoreWrote() {
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        cycle(producer, "one");
        long v2 = cycle(producer, "one", "two");
        Path folder = root.resolve("videos");

        HollowConsumer stock = HollowConsumer.withBlobRetriever(new HollowFilesystemBlobRetriever(folder))
                .withAnnouncementWatcher(new HollowFilesystemAnnouncementWatcher(folder))
                .build();
        stock.triggerRefresh();

        assertThat(stock.getCurrentVersionId()).isEqualTo(v2);
        assertThat(titles(stock)).containsExactly("one", "two");
        assertThat(folder.resolve("announced.version")).hasContent(Long.toString(v2));
        assertThat(folder.resolve("snapshot-" + v2)).exists();
        assertThat(folder.resolve("header-" + v2)).exists();
    }

    @Test
    void stockHollowFilesystemConsumer_followsDeltasAcrossCycles() {
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        long v1 = cycle(producer, "one");
        Path folder = root.resolve("videos");
        HollowConsumer stock = HollowConsumer.withBlobRetriever(new HollowFilesystemBlobRetriever(folder)).build();
        stock.triggerRefreshTo(v1);

        long v2 = cycle(producer, "one", "two");
        stock.triggerRefreshTo(v2);

        assertThat(folder.resolve("delta-" + v1 + "-" + v2)).exists();
        assertThat(folder.resolve("reversedelta-" + v2 + "-" + v1)).exists();
        assertThat(stock.getCurrentVersionId()).isEqualTo(v2);
        assertThat(titles(stock)).containsExactly("one", "two");
    }

    @Test
    void namespaces_skipFoldersThatHoldNoNamespace_suchAsTheDemosKafkaLog() throws Exception {
        java.nio.file.Files.createDirectories(root.resolve("kafka/__cluster_metadata-0"));
        java.nio.file.Files.writeString(root.resolve("kafka/meta.properties"), "node.id=1\n");
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        cycle(producer, "one");

        org.assertj.core.api.Assertions.assertThat(store.namespaces()).containsExactly("videos");
    }
}
