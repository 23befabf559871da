package org.gatekeeper.model.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.api.objects.generic.GenericHollowObject;
import com.netflix.hollow.api.producer.HollowProducer;
import com.netflix.hollow.api.producer.validation.ValidationResult;
import com.netflix.hollow.api.producer.validation.ValidationStatusException;
import com.netflix.hollow.api.producer.validation.ValidatorListener;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.gatekeeper.model.ManualClock;
import org.gatekeeper.model.Video;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BlobStore} must have, run against the directory store and the S3 store alike.
 * Subclasses open a fresh, empty store and give raw access to its bytes, to damage them.
 */
abstract class BlobStoreContract {
    static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

    final ManualClock clock = new ManualClock(START);
    BlobStore store;
    BlobNamespace videos;
    private final List<HollowConsumer> consumers = new ArrayList<>();

    /** A new empty store using these options. */
    abstract BlobStore openStore(BlobStore.Options options);

    /** Rewrites the raw bytes of an object of the store ({@code namespace/snapshot-42}). */
    abstract void rewriteObject(String key, UnaryOperator<byte[]> change) throws Exception;

    @BeforeEach
    void openStore() {
        store = openStore(BlobStore.Options.DEFAULT.withClock(clock).withPollInterval(Duration.ofMillis(20))
                .withCleanInterval(Duration.ZERO));
        videos = store.namespace("videos");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // ---------------------------------------------------------------- publish, announce, consume

    @Test
    void announcedVersion_isWhatAConsumerFollowingAnnouncementsLoads() {
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        long v1 = cycle(producer, "one");
        HollowConsumer consumer = followingConsumer(videos);

        assertThat(consumer.getCurrentVersionId()).isEqualTo(v1);
        assertThat(titles(consumer)).containsExactly("one");

        long v2 = cycle(producer, "one", "two");
        awaitVersion(consumer, v2);
        assertThat(titles(consumer)).containsExactly("one", "two");
        assertThat(videos.announcedVersion()).hasValue(v2);
    }

    @Test
    void namespaces_listsEveryNamespaceWritten() {
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        cycle(producer, "one");
        HollowProducer other = HollowProducer.withPublisher(store.namespace("ratings").publisher())
                .withAnnouncer(store.namespace("ratings").announcer()).build();
        other.initializeDataModel(Video.class);
        other.runCycle(state -> state.add(video(1, "x")));

        assertThat(store.namespaces()).containsExactly("ratings", "videos");
    }

    // ---------------------------------------------------------------- history and time travel

    @Test
    void history_listsEveryAnnouncementWithItsInstant_andAnswersVersionAt() {
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        long v1 = cycle(producer, "one");
        clock.advance(Duration.ofMinutes(1));
        long v2 = cycle(producer, "two");
        clock.advance(Duration.ofMinutes(1));
        long v3 = cycle(producer, "three");

        assertThat(videos.history()).containsExactly(
                new AnnouncedVersion(v1, START),
                new AnnouncedVersion(v2, START.plusSeconds(60)),
                new AnnouncedVersion(v3, START.plusSeconds(120)));
        assertThat(videos.versionAt(START.minusMillis(1))).isEmpty();
        assertThat(videos.versionAt(START)).map(AnnouncedVersion::version).hasValue(v1);
        assertThat(videos.versionAt(START.plusSeconds(59))).map(AnnouncedVersion::version).hasValue(v1);
        assertThat(videos.versionAt(START.plusSeconds(60))).map(AnnouncedVersion::version).hasValue(v2);
        assertThat(videos.versionAt(START.plusSeconds(3600))).map(AnnouncedVersion::version).hasValue(v3);
    }

    @Test
    void headerTags_areReadFromTheHeaderBlobWithoutLoadingTheState() {
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        producer.getWriteEngine().addHeaderTag("gatekeeper.evaluatedAt", "1000");
        long v1 = cycle(producer, "one");
        producer.getWriteEngine().addHeaderTag("gatekeeper.evaluatedAt", "2000");
        long v2 = cycle(producer, "two");

        assertThat(videos.headerTags(v1)).containsEntry("gatekeeper.evaluatedAt", "1000");
        assertThat(videos.headerTags(v2)).containsEntry("gatekeeper.evaluatedAt", "2000");
    }

    // ---------------------------------------------------------------- pinning

    @Test
    void pin_movesFollowingConsumersToThePinnedVersion_andUnpinReturnsThemToTheLatest() {
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        long v1 = cycle(producer, "one");
        long v2 = cycle(producer, "one", "two");
        HollowConsumer consumer = followingConsumer(videos);
        assertThat(consumer.getCurrentVersionId()).isEqualTo(v2);

        videos.pin(v1);
        awaitVersion(consumer, v1);
        assertThat(titles(consumer)).containsExactly("one");
        assertThat(videos.targetVersion()).hasValue(v1);

        long v3 = cycle(producer, "one", "two", "three");
        assertThat(videos.announcedVersion()).hasValue(v3);
        assertThat(followingConsumer(videos).getCurrentVersionId()).as("a new consumer while pinned").isEqualTo(v1);

        videos.unpin();
        awaitVersion(consumer, v3);
        assertThat(titles(consumer)).containsExactly("one", "three", "two");
        assertThat(videos.pinnedVersion()).isEmpty();
    }

    @Test
    void pin_ofAVersionNeverAnnounced_isRefused() {
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        long v1 = cycle(producer, "one");

        assertThatThrownBy(() -> videos.pin(v1 + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespace 'videos'")
                .hasMessageContaining("cannot pin version " + (v1 + 1));
        assertThat(videos.pinnedVersion()).isEmpty();
    }

    // ---------------------------------------------------------------- rejected cycles

    @Test
    void rejectedCycles_leaveNothingAConsumerCanLandOn_50TimesInARow() {
        AtomicBoolean reject = new AtomicBoolean();
        HollowProducer producer = builder(RetentionPolicy.DEFAULT)
                .withListener(new RejectWhen(reject))
                .build();
        producer.initializeDataModel(Video.class);
        long announced = cycle(producer, "good-0");

        for (int i = 1; i <= 50; i++) {
            reject.set(true);
            int attempt = i;
            assertThatThrownBy(() -> cycle(producer, "rejected-" + attempt)).as("cycle %d", i)
                    .isInstanceOf(ValidationStatusException.class);
            reject.set(false);

            HollowConsumer fresh = HollowConsumer.withBlobRetriever(videos.retriever())
                    .withAnnouncementWatcher(videos.announcementWatcher()).build();
            fresh.triggerRefresh();
            assertThat(fresh.getCurrentVersionId()).as("fresh consumer after rejected cycle %d", i)
                    .isEqualTo(announced);
            assertThat(titles(fresh)).containsExactly("good-" + (i - 1));
            announced = cycle(producer, "good-" + i);
        }
    }

    @Test
    void failedAnnouncement_removesTheCyclesBlobs_andConsumersStayOnTheAnnouncedVersion() {
        AtomicBoolean failAnnounce = new AtomicBoolean();
        HollowProducer.Announcer real = videos.announcer();
        HollowProducer.Builder<?> builder = HollowProducer.withPublisher(videos.publisher());
        videos.configure(builder, RetentionPolicy.DEFAULT);
        HollowProducer producer = builder.withAnnouncer((HollowProducer.Announcer) version -> {
            if (failAnnounce.get()) {
                throw new IllegalStateException("announcement refused by the test");
            }
            real.announce(version);
        }).build();
        producer.initializeDataModel(Video.class);
        long v1 = cycle(producer, "one");

        for (int i = 0; i < 50; i++) {
            failAnnounce.set(true);
            assertThatThrownBy(() -> cycle(producer, "never"));
            failAnnounce.set(false);
            HollowConsumer fresh = HollowConsumer.withBlobRetriever(videos.retriever())
                    .withAnnouncementWatcher(videos.announcementWatcher()).build();
            fresh.triggerRefresh();
            assertThat(fresh.getCurrentVersionId()).as("attempt %d", i).isEqualTo(v1);
            assertThat(titles(fresh)).containsExactly("one");
        }
        long v2 = cycle(producer, "two");
        HollowConsumer fresh = followingConsumer(videos);
        assertThat(fresh.getCurrentVersionId()).isEqualTo(v2);
        assertThat(titles(fresh)).containsExactly("two");
    }

    @Test
    void crashedCycleLeftovers_areNeverLandedOn_andDiscardUnannouncedRemovesThem() throws Exception {
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        long v1 = cycle(producer, "one");
        // A producer that dies between publishing and announcing: its blobs stay, nothing cleans them.
        HollowProducer crashing = HollowProducer.withPublisher(videos.publisher())
                .withAnnouncer((HollowProducer.Announcer) version -> {
                    throw new IllegalStateException("killed before announcing");
                }).build();
        crashing.initializeDataModel(Video.class);
        crashing.restore(v1, videos.retriever());
        assertThatThrownBy(() -> crashing.runCycle(state -> state.add(video(9, "orphan"))))
                .hasMessageContaining("killed before announcing");
        long orphan = maxBlobVersion();
        assertThat(orphan).isGreaterThan(v1);

        HollowConsumer fresh = followingConsumer(videos);
        assertThat(fresh.getCurrentVersionId()).isEqualTo(v1);
        HollowConsumer asking = HollowConsumer.withBlobRetriever(videos.retriever()).build();
        asking.triggerRefreshTo(orphan);
        assertThat(asking.getCurrentVersionId()).as("even asked for it, a consumer stops short of the orphan")
                .isEqualTo(v1);

        videos.discardUnannounced();
        assertThat(maxBlobVersion()).isEqualTo(v1);
    }

    // ---------------------------------------------------------------- retention

    @Test
    void retentionByCount_keepsEveryBlobNeededToReachEachRetainedVersion() throws Exception {
        HollowProducer producer = builder(RetentionPolicy.DEFAULT).withNumStatesBetweenSnapshots(3).build();
        producer.initializeDataModel(Video.class);
        List<Long> versions = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            titles.add("t" + i);
            versions.add(cycle(producer, titles.toArray(String[]::new)));
            clock.advance(Duration.ofMinutes(1));
        }

        CleanupReport report = videos.clean(new RetentionPolicy(3, Duration.ofDays(1)));

        assertThat(report.retainedVersions()).containsExactlyElementsOf(versions.subList(7, 10));
        assertThat(report.deletedKeys()).isNotEmpty();
        assertReachable(versions, 7);
        assertThat(listObjects("videos")).as("deltas between retained versions stay, for consumers that follow")
                .contains("delta-" + versions.get(8) + "-" + versions.get(9),
                        "reversedelta-" + versions.get(9) + "-" + versions.get(8));
        assertThat(videos.history()).extracting(AnnouncedVersion::version)
                .doesNotContain(versions.get(0), versions.get(1));
        assertThatThrownBy(() -> HollowConsumer.withBlobRetriever(videos.retriever()).build()
                .triggerRefreshTo(versions.get(0)));
    }

    @Test
    void retentionByAge_dropsVersionsAnnouncedBeforeTheAge_butKeepsTheAnnouncedAndPinnedOnes() {
        HollowProducer producer = builder(RetentionPolicy.DEFAULT).withNumStatesBetweenSnapshots(4).build();
        producer.initializeDataModel(Video.class);
        List<Long> versions = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            titles.add("t" + i);
            versions.add(cycle(producer, titles.toArray(String[]::new)));
            clock.advance(Duration.ofMinutes(1));
        }
        videos.pin(versions.get(1));
        // now = START + 8 min; 2.5 min keeps the versions announced at +6 and +7 min, plus the pinned one.
        CleanupReport report = videos.clean(new RetentionPolicy(1000, Duration.ofSeconds(150)));

        assertThat(report.retainedVersions()).containsExactly(versions.get(1), versions.get(6), versions.get(7));
        assertReachable(versions, 6);
        assertReachable(List.of(versions.get(1)), 0);
        videos.unpin();
        clock.advance(Duration.ofHours(1));
        assertThat(videos.clean(new RetentionPolicy(1000, Duration.ofSeconds(1))).retainedVersions())
                .as("the announced version is always kept").containsExactly(versions.get(7));
        assertReachable(versions, 7);
    }

    @Test
    void announce_ofAVersionWhoseBlobsWereNeverPublished_isRefused() {
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        long v1 = cycle(producer, "one");

        assertThatThrownBy(() -> videos.announcer().announce(v1 + 1))
                .isInstanceOf(BlobStoreException.class)
                .hasMessageContaining("namespace 'videos', version " + (v1 + 1))
                .hasMessageContaining("refusing to announce");
        assertThat(videos.announcedVersion()).hasValue(v1);
    }

    @Test
    void producerCycles_applyRetentionThemselves_evenWithinOneMillisecond() {
        HollowProducer producer = builder(new RetentionPolicy(2, Duration.ofDays(1)))
                .withNumStatesBetweenSnapshots(2).build();
        producer.initializeDataModel(Video.class);
        List<Long> versions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            versions.add(cycle(producer, "t" + i));
        }

        assertThat(videos.history().size()).isLessThan(6);
        assertReachable(versions, 5);
    }

    // ---------------------------------------------------------------- damaged blobs

    @Test
    void truncatedDelta_isRefusedWithItsNamespaceVersionAndKey_andTheConsumerKeepsItsState() throws Exception {
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        long v1 = cycle(producer, "one");
        HollowConsumer consumer = HollowConsumer.withBlobRetriever(videos.retriever()).build();
        consumer.triggerRefreshTo(v1);
        long v2 = cycle(producer, "one", "two");
        rewriteObject("videos/delta-" + v1 + "-" + v2, bytes -> java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> consumer.triggerRefreshTo(v2))
                .satisfies(e -> assertThat(causeMessages(e))
                        .contains("namespace 'videos'", "version " + v2, "delta-" + v1 + "-" + v2, "truncated"));
        assertThat(consumer.getCurrentVersionId()).isEqualTo(v1);
        assertThat(titles(consumer)).containsExactly("one");
    }

    @Test
    void bitFlippedSnapshot_isRefusedAsCorrupt() throws Exception {
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        long v1 = cycle(producer, "one");
        rewriteObject("videos/snapshot-" + v1, bytes -> {
            bytes[bytes.length / 2] ^= 0x10;
            return bytes;
        });

        HollowConsumer consumer = HollowConsumer.withBlobRetriever(videos.retriever()).build();
        assertThatThrownBy(() -> consumer.triggerRefreshTo(v1))
                .satisfies(e -> assertThat(causeMessages(e))
                        .contains("namespace 'videos'", "version " + v1, "snapshot-" + v1, "corrupt"));
        assertThat(consumer.getCurrentVersionId()).isEqualTo(HollowConsumer.AnnouncementWatcher.NO_ANNOUNCEMENT_AVAILABLE);
    }

    @Test
    void headerTags_ofATruncatedHeader_failWithItsKey() throws Exception {
        HollowProducer producer = producer(RetentionPolicy.DEFAULT);
        producer.initializeDataModel(Video.class);
        long v1 = cycle(producer, "one");
        rewriteObject("videos/header-" + v1, bytes -> java.util.Arrays.copyOf(bytes, 3));

        assertThatThrownBy(() -> videos.headerTags(v1))
                .isInstanceOf(BlobStoreException.class)
                .hasMessageContaining("namespace 'videos', version " + v1)
                .hasMessageContaining("header-" + v1)
                .hasMessageContaining("truncated");
    }

    // ---------------------------------------------------------------- helpers

    HollowProducer.Builder<?> builder(RetentionPolicy retention) {
        HollowProducer.Builder<?> builder = HollowProducer.withPublisher(videos.publisher());
        videos.configure(builder, retention);
        return builder;
    }

    HollowProducer producer(RetentionPolicy retention) {
        return builder(retention).build();
    }

    static long cycle(HollowProducer producer, String... titles) {
        return producer.runCycle(state -> {
            for (int i = 0; i < titles.length; i++) {
                state.add(video(i + 1, titles[i]));
            }
        });
    }

    static Video video(long id, String title) {
        return new Video(id, "MOVIE", 0, "en", title, 90);
    }

    HollowConsumer followingConsumer(BlobNamespace namespace) {
        HollowConsumer consumer = HollowConsumer.withBlobRetriever(namespace.retriever())
                .withAnnouncementWatcher(namespace.announcementWatcher()).build();
        consumer.triggerRefresh();
        consumers.add(consumer);
        return consumer;
    }

    static List<String> titles(HollowConsumer consumer) {
        HollowReadStateEngine state = consumer.getStateEngine();
        HollowObjectTypeReadState type = (HollowObjectTypeReadState) state.getTypeState("Video");
        List<String> titles = new ArrayList<>();
        BitSet ordinals = type.getPopulatedOrdinals();
        for (int o = ordinals.nextSetBit(0); o >= 0; o = ordinals.nextSetBit(o + 1)) {
            titles.add(new GenericHollowObject(state, "Video", o).getString("title"));
        }
        titles.sort(null);
        return titles;
    }

    static void awaitVersion(HollowConsumer consumer, long version) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (consumer.getCurrentVersionId() != version) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("consumer stayed on version " + consumer.getCurrentVersionId()
                        + ", expected " + version);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Each retained version from {@code from} on is reachable by a fresh consumer and holds its own data. */
    void assertReachable(List<Long> versions, int from) {
        for (int i = from; i < versions.size(); i++) {
            long version = versions.get(i);
            HollowConsumer fresh = HollowConsumer.withBlobRetriever(videos.retriever()).build();
            fresh.triggerRefreshTo(version);
            assertThat(fresh.getCurrentVersionId()).as("version %d reachable", version).isEqualTo(version);
            assertThat(videos.headerTags(version)).isNotEmpty();
        }
    }

    /** The newest version any blob of {@code videos} involves, announced or not. */
    long maxBlobVersion() throws Exception {
        return listObjects("videos").stream().map(BlobName::parse).filter(java.util.Objects::nonNull)
                .mapToLong(BlobName::newestVersion).max().orElse(-1);
    }

    /** The names of the objects directly in a namespace's folder. */
    abstract List<String> listObjects(String namespace) throws Exception;

    static String causeMessages(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" | ");
        }
        return messages.toString();
    }

    /** Fails validation of a cycle while the flag is set. */
    private static final class RejectWhen implements ValidatorListener {
        private final AtomicBoolean reject;

        RejectWhen(AtomicBoolean reject) {
            this.reject = reject;
        }

        @Override
        public String getName() {
            return "reject-when";
        }

        @Override
        public ValidationResult onValidate(HollowProducer.ReadState readState) {
            return reject.get()
                    ? ValidationResult.from(this).failed("rejected by the test")
                    : ValidationResult.from(this).passed();
        }
    }
}
