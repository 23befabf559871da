package org.gatekeeper.core;

import com.netflix.hollow.api.producer.HollowProducer;
import com.netflix.hollow.api.producer.Status;
import com.netflix.hollow.api.producer.listener.AnnouncementListener;
import com.netflix.hollow.api.producer.listener.PopulateListener;
import com.netflix.hollow.api.producer.listener.PublishListener;
import com.netflix.hollow.api.producer.validation.ValidationResult;
import com.netflix.hollow.api.producer.validation.ValidationStatusException;
import com.netflix.hollow.api.producer.validation.ValidatorListener;
import com.netflix.hollow.api.producer.VersionMinterWithCounter;
import com.netflix.hollow.core.write.HollowListTypeWriteState;
import com.netflix.hollow.core.write.HollowListWriteRecord;
import com.netflix.hollow.core.write.HollowObjectTypeWriteState;
import com.netflix.hollow.core.write.HollowObjectWriteRecord;
import com.netflix.hollow.core.write.HollowWriteStateEngine;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.DatasetMarker;
import org.gatekeeper.model.VideoStatus;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.NamespaceLease;
import org.gatekeeper.model.store.IntegrityCheck;
import org.gatekeeper.model.store.RetentionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes evaluations to one environment's {@code liveness} namespace (SPEC §5). Each distinct status becomes
 * one {@code CountryStatus} record; each video's list of 190 is written as raw ordinals, so 19 M pairs cost 2.9 M
 * records and 19 M list entries, not 19 M records. What the last cycle wrote and this one still holds is carried
 * over by ordinal instead of being written again (see {@link #write}). An evaluation equal to the last published
 * state makes no new version (Hollow's no-op). Before announcing, a cycle is checked as its {@link IntegrityCheck}
 * says ({@link OutputCheck}). Not for concurrent use: one loop publishes.
 */
public final class LivenessPublisher {
    private final HollowProducer producer;
    private final Environment environment;
    private final BlobNamespace namespace;
    /** The writer's lease of the namespace, checked before each announcement; null when none was given. */
    private volatile NamespaceLease lease;
    /** The version the namespace announced when this publisher last looked: what its next cycle builds on. */
    private volatile long builtOn;
    private static final Logger LOG = LoggerFactory.getLogger(LivenessPublisher.class);
    /** Prepares write engines for their next cycle between ticks; daemon threads that end when idle. */
    private static final ExecutorService PREPARE = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "gatekeeper-output-prepare");
        thread.setDaemon(true);
        return thread;
    });

    private volatile long forcedVersion;
    /** The highest version this publisher minted or restored: a new one is always higher. */
    private volatile long lastMinted;
    private Future<?> prepared = CompletableFuture.completedFuture(null);
    /** What the last successful cycle wrote; null when the next cycle must write everything. */
    private Written written;
    private volatile WriteCounts lastWrite = new WriteCounts(0, 0, 0, 0);
    private final StageTimer stages = new StageTimer();
    /** The version restored at construction (0: none). */
    private final long restored;
    /** What the running cycle must be checked against: its evaluation, header tags and what it wrote. */
    private Evaluation checkedEvaluation;
    private Map<String, String> checkedTags;
    private Written checkedCycle;

    /**
     * What the last cycle wrote as new records and what it carried over from the cycle before, by ordinal.
     *
     * @param statusesWritten {@code CountryStatus} records written (new since the last cycle, or a full write)
     * @param statusesKept statuses of the last cycle marked populated again
     * @param videosWritten videos whose list and {@code VideoStatus} were written
     * @param videosKept videos whose 190 statuses did not change, carried over
     */
    public record WriteCounts(int statusesWritten, int statusesKept, int videosWritten, int videosKept) {
    }

    /** What the last successful cycle wrote, by ordinal (null before one, or after a failed one). */
    Written lastWritten() {
        return written;
    }

    /** The counts of the last cycle that ran (published or not). */
    public WriteCounts lastWrite() {
        return lastWrite;
    }

    /**
     * Where the last cycle's time went, by Hollow producer stage: populate (our write), the blobs (prepare, write
     * the delta, the reverse delta and the snapshot when one is due or Hollow's check needs it, publish them to the
     * store), the integrity check (everything between the blobs and the announcement: with {@code full}, Hollow's
     * check, the snapshot read back and checksums compared with the deltas applied; otherwise the delta applied
     * to the producer's read state; then {@link OutputCheck} unless {@code off}) and the announcement. A no-op
     * cycle has only populate.
     */
    public record CycleStages(boolean cycleRan, Duration populate, Duration blobs, Duration integrityCheck,
                              Duration announce) {
        @Override
        public String toString() {
            return !cycleRan ? "no Hollow cycle: every pair has the status it had"
                    : String.format("populate %d ms, blobs %d ms, integrity check %d ms, announce %d ms",
                    populate.toMillis(), blobs.toMillis(), integrityCheck.toMillis(), announce.toMillis());
        }
    }

    /** The stages of the last cycle that ran. */
    public CycleStages lastStages() {
        return stages.last();
    }

    /** A publisher with the default {@link IntegrityCheck#CHANGES}. */
    public LivenessPublisher(BlobNamespace namespace, Environment environment, RetentionPolicy retention) {
        this(namespace, environment, retention, IntegrityCheck.CHANGES);
    }

    /**
     * A publisher to {@code namespace}, restored from its announced version if it has one (except the replay
     * scratch namespace, which starts afresh: see below). Its versions are always higher than the announced one.
     *
     * @param integrityCheck what each cycle checks before it announces: {@code changes} (the default) reads back
     *     what the cycle wrote, and a sample of every pair, from the state delta-following consumers will hold
     *     ({@link OutputCheck}), O(changes); {@code full} adds Hollow's check, a snapshot written and read back every
     *     cycle and compared with the deltas, O(state); {@code off} checks nothing
     */
    public LivenessPublisher(BlobNamespace namespace, Environment environment, RetentionPolicy retention,
                             IntegrityCheck integrityCheck) {
        HollowProducer.VersionMinter minted = new VersionMinterWithCounter();
        HollowProducer.Builder<?> builder = HollowProducer.withPublisher(namespace.publisher())
                .withNumStatesBetweenSnapshots(10)
                .withVersionMinter(() -> {
                    long forced = forcedVersion;
                    forcedVersion = 0;
                    if (forced != 0) {
                        lastMinted = Math.max(lastMinted, forced);
                        return forced;
                    }
                    // Hollow's minter appends a counter mod 1000 to the second: two cycles in one second can get
                    // a lower version than the one before (seen in tests), which no consumer can plan a path to.
                    lastMinted = Math.max(minted.mint(), lastMinted + 1);
                    return lastMinted;
                });
        namespace.configure(builder, retention);
        builder.withListener(stages);
        if (integrityCheck != IntegrityCheck.FULL) {
            builder.noIntegrityCheck();
        }
        if (integrityCheck != IntegrityCheck.OFF) {
            builder.withValidator(new CycleCheck());
        }
        if (environment != Environment.REPLAY) { // a scratch namespace each replay run starts afresh
            builder.withValidator(new SingleWriterCheck());
        }
        this.namespace = namespace;
        this.producer = builder.build();
        this.producer.initializeDataModel(VideoStatus.class, DatasetMarker.class);
        this.environment = environment;
        namespace.discardUnannounced();
        OptionalLong announced = namespace.announcedVersion();
        // Replay's scratch namespace is not restored: no consumer follows it by deltas, and a restore would load
        // the last replay's whole output only for the first cycle to write every record again. Its first cycle
        // writes a snapshot under a higher version instead.
        boolean restore = announced.isPresent() && environment != Environment.REPLAY;
        if (restore) {
            producer.restore(announced.getAsLong(), namespace.retriever());
        }
        this.restored = restore ? announced.getAsLong() : 0;
        this.builtOn = announced.orElse(0);
        this.lastMinted = announced.orElse(0);
    }

    /**
     * Publishes one evaluation with its header tags.
     *
     * @param versions the pinned input versions
     * @param follows for PREPROD and REPLAY, the PROD version whose inputs were pinned; otherwise null
     * @return the announced version after the cycle: new, or the previous one when nothing changed
     */
    public long publish(Evaluation evaluation, Map<Dataset<?>, Long> versions, Long follows) {
        return publish(evaluation, versions, follows, null);
    }

    /**
     * Makes {@code held} a condition of every announcement: a cycle whose lease was taken over is not announced.
     * Without one, a publisher still refuses to announce over a version another writer announced meanwhile.
     */
    public LivenessPublisher withLease(NamespaceLease held) {
        this.lease = held;
        return this;
    }

    /** The highest version this publisher has made or restored (0 for none). */
    long lastMinted() {
        return lastMinted;
    }

    /** As above, with the version the cycle must use (an operator-approved refused version), if any. */
    public synchronized long publish(Evaluation evaluation, Map<Dataset<?>, Long> versions, Long follows,
                                     Long version) {
        if (version != null && version <= lastMinted) {
            throw new IllegalArgumentException("cannot publish version " + version + ": it is not above version "
                    + lastMinted + ", the last this publisher made, and no consumer plans a path back in time");
        }
        HollowWriteStateEngine engine = producer.getWriteEngine();
        awaitPrepared();
        if (version == null && written != null && sameRecords(evaluation, written)) {
            // Every pair has the status it had: Hollow would find no change (SPEC §5: no new version) after a
            // populate and a reset that cost ~1.2 s at `netflix`; this check reads 19 M ints.
            lastWrite = new WriteCounts(0, written.counts.statusesWritten() + written.counts.statusesKept(), 0,
                    evaluation.videoCount());
            stages.skipped();
            return written.announced;
        }
        // Preparing takes the header tags in place as those of the state before, which the reverse delta carries;
        // Hollow's cycle would prepare only after the new tags are in, so prepare first (a no-op when prepared).
        engine.prepareForNextCycle();
        forcedVersion = version == null ? 0 : version;
        Map<String, String> tags = new LinkedHashMap<>();
        for (Dataset<?> dataset : Dataset.ALL) {
            tags.put(OutputTags.input(dataset), Long.toString(versions.get(dataset)));
        }
        tags.put(OutputTags.EVALUATED_AT, Long.toString(evaluation.evaluatedAt()));
        tags.put(OutputTags.ENVIRONMENT, environment.name());
        tags.put(OutputTags.RULES, evaluation.rules().id());
        tags.put(OutputTags.PAIRS, Long.toString((long) evaluation.videoCount() * evaluation.countries().size()));
        tags.put(OutputTags.LIVE_PAIRS, Long.toString(evaluation.livePairs()));
        engine.getHeaderTags().remove(OutputTags.FOLLOWS);
        if (follows != null) {
            tags.put(OutputTags.FOLLOWS, Long.toString(follows));
        }
        tags.forEach(engine::addHeaderTag);
        checkedEvaluation = evaluation;
        checkedTags = tags;
        checkedCycle = null;
        long announced;
        Written cycle;
        try {
            announced = producer.runCycle(state -> {
                checkedCycle = write(evaluation, state.getStateEngine(), written);
                writeMarker(state.getStateEngine());
                lastWrite = checkedCycle.counts;
            });
            cycle = checkedCycle;
        } catch (ValidationStatusException e) {
            written = null; // as below
            String why = e.getValidationStatus().getResults().stream().filter(result -> !result.isPassed())
                    .map(result -> result.getMessage() != null ? result.getMessage() : String.valueOf(
                            result.getThrowable())).collect(java.util.stream.Collectors.joining("; "));
            if (e.getValidationStatus().getResults().stream()
                    .anyMatch(result -> !result.isPassed() && SingleWriterCheck.NAME.equals(result.getName()))) {
                throw new NotTheWriterException("the new output state was not announced: " + why, e);
            }
            throw new IllegalStateException("the new output state was not announced: " + why, e);
        } catch (RuntimeException e) {
            written = null; // Hollow rolled the write state back; the next cycle writes everything
            throw e;
        } finally {
            checkedEvaluation = null;
            checkedTags = null;
            checkedCycle = null;
        }
        if (announced == 0) { // Hollow's no-op right after a restore: it names no version, the restored one stands
            announced = restored;
        }
        builtOn = Math.max(builtOn, announced);
        if (cycle != null) { // a new state, or Hollow's no-op: the same records under the same ordinals
            written = cycle;
            written.announced = announced;
        }
        // Compacting Hollow's ordinal maps for the next cycle takes ~0.5 s at `netflix`: do it now, between ticks.
        prepared = PREPARE.submit(engine::prepareForNextCycle);
        return announced;
    }

    /**
     * Waits for the last cycle's background prepare. Hollow's prepare is not safe to run again after it failed (it
     * has already moved the state tags and swapped some types), so a failure leaves this publisher refusing every
     * cycle, saying so, until the gatekeeper restarts and restores from the announced version.
     */
    private void awaitPrepared() {
        try {
            prepared.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the output's last cycle was being prepared", e);
        } catch (java.util.concurrent.ExecutionException e) {
            written = null;
            LOG.error("Preparing the output's next cycle failed; this publisher cannot publish again until the "
                    + "gatekeeper restarts", e.getCause());
            throw new IllegalStateException("the output's write engine could not be prepared for the next cycle ("
                    + e.getCause() + "); restart the gatekeeper to restore it from the announced version",
                    e.getCause());
        }
    }

    /**
     * The engine's own record, in a type of its own, as in every input (SPEC §3): Hollow publishes nothing for a
     * cycle without records, so without it a catalog with no videos yet (every input announced, all empty) would
     * never get an output, and PREPROD would wait for PROD forever. Readers of the output ignore it. It names the
     * dataset, {@code liveness}, not the environment: PROD's and PREPROD's outputs differ only where the rules do.
     */
    private static void writeMarker(HollowWriteStateEngine engine) {
        HollowObjectTypeWriteState markers = (HollowObjectTypeWriteState) engine.getTypeState("DatasetMarker");
        HollowObjectWriteRecord marker = new HollowObjectWriteRecord(markers.getSchema());
        marker.setString("dataset", "liveness");
        markers.add(marker);
    }

    /**
     * Writes the output with Hollow's low-level records, carrying over from the last cycle whatever did not change.
     * A full write re-adds 2.9 M statuses and 100 k lists of 190, and Hollow hashes and compares each one's bytes
     * against its ordinal map: measured at about 3.5 s of a tick, most of it cache misses in that map. But a status
     * keeps its id across evaluations (a kept evaluator's numbering, see {@code StatusTable}), so a status used in
     * the last cycle is marked populated again by its ordinal ({@code addOrdinalFromPreviousCycle}), and a video
     * whose 190 ordinals did not change keeps its list and record the same way. Only new statuses, changed videos
     * and the small types (strings, blockers, blocker lists) are written. Without a last cycle to follow (the
     * first cycle, a failed one, other countries) everything is written.
     */
    private static Written write(Evaluation evaluation, HollowWriteStateEngine engine, Written last) {
        int countries = evaluation.countries().size();
        int n = evaluation.videoCount();
        String[] countryCodes = evaluation.countries().toArray(String[]::new);
        boolean follow = last != null && java.util.Arrays.equals(last.countries, countryCodes);
        Written next = new Written(countryCodes, n, follow ? last.spare : null);
        Records records = new Records(engine, follow ? last.blockerLists : Map.of());
        records.expectStatuses(evaluation);
        int[] ids = evaluation.idsInCountry();
        long[] row = new long[evaluation.rowLength()];
        BitSet keptLists = new BitSet();
        int statusesWritten = 0;
        int statusesKept = 0;
        for (int c = 0; c < countries; c++) {
            int size = evaluation.statusCount(c);
            boolean sameIds = follow && last.numbering[c] == evaluation.numbering(c);
            int[] lastOrdinal = sameIds ? last.statusOrdinal[c] : new int[0];
            int[] lastBlockers = sameIds ? last.statusBlockers[c] : null;
            records.string(countryCodes[c]); // kept statuses reference it too
            int[] ordinal = new int[size];
            int[] blockers = new int[size];
            java.util.Arrays.fill(ordinal, -1);
            for (int i = c * n, end = i + n; i < end; i++) {
                int id = ids[i];
                if (ordinal[id] >= 0) {
                    next.pairOrdinal[i] = ordinal[id];
                    continue;
                }
                if (id < lastOrdinal.length && lastOrdinal[id] >= 0) {
                    statusesKept++;
                    ordinal[id] = records.keepStatus(lastOrdinal[id]);
                    blockers[id] = lastBlockers[id];
                    if (!keptLists.get(blockers[id])) {
                        keptLists.set(blockers[id]);
                        records.keepBlockerList(blockers[id]);
                    }
                } else {
                    statusesWritten++;
                    next.wroteStatus(c, id);
                    evaluation.row(c, id, row);
                    ordinal[id] = records.status(evaluation, c, row);
                    blockers[id] = records.lastBlockerList;
                }
                next.pairOrdinal[i] = ordinal[id];
            }
            next.numbering[c] = evaluation.numbering(c);
            next.statusOrdinal[c] = ordinal;
            next.statusBlockers[c] = blockers;
        }
        next.blockerLists = records.blockerListsWritten;

        int[] lastIndex = follow ? lastIndexOf(evaluation, last.videoIds) : null;
        boolean[] changed = new boolean[n];
        if (lastIndex == null) {
            java.util.Arrays.fill(changed, true);
        } else {
            int lastN = last.videoIds.length;
            for (int v = 0; v < n; v++) {
                changed[v] = lastIndex[v] < 0; // new since the last cycle (also with no countries at all)
            }
            for (int c = 0; c < countries; c++) {
                for (int v = 0, i = c * n, l = c * lastN; v < n; v++, i++) {
                    int p = lastIndex[v];
                    changed[v] |= p < 0 || next.pairOrdinal[i] != last.pairOrdinal[l + p];
                }
            }
        }
        HollowListTypeWriteState lists = (HollowListTypeWriteState) engine.getTypeState("ListOfCountryStatus");
        HollowObjectTypeWriteState videos = (HollowObjectTypeWriteState) engine.getTypeState("VideoStatus");
        HollowListWriteRecord list = new HollowListWriteRecord();
        HollowObjectWriteRecord video = new HollowObjectWriteRecord(videos.getSchema());
        int videosKept = 0;
        for (int v = 0; v < n; v++) {
            next.videoIds[v] = evaluation.videoId(v);
            if (!changed[v]) {
                int p = lastIndex[v];
                lists.addOrdinalFromPreviousCycle(last.listOrdinal[p]);
                videos.addOrdinalFromPreviousCycle(last.videoOrdinal[p]);
                next.listOrdinal[v] = last.listOrdinal[p];
                next.videoOrdinal[v] = last.videoOrdinal[p];
                videosKept++;
                continue;
            }
            list.reset();
            for (int c = 0; c < countries; c++) {
                list.addElement(next.pairOrdinal[c * n + v]);
            }
            next.listOrdinal[v] = lists.add(list);
            video.reset();
            video.setLong("videoId", evaluation.videoId(v));
            video.setReference("countries", next.listOrdinal[v]);
            next.videoOrdinal[v] = videos.add(video);
        }
        next.videoWritten = changed;
        next.spare = follow && last.pairOrdinal.length == n * countries ? last.pairOrdinal : null;
        next.counts = new WriteCounts(statusesWritten, statusesKept, n - videosKept, videosKept);
        return next;
    }

    /**
     * Runs, with {@code changes} and {@code full} alike, once Hollow has applied the cycle's delta to its read state
     * (on a first cycle: read the snapshot back), before it announces: {@link OutputCheck} must pass, or Hollow rolls
     * the read state back and the cycle fails, leaving the previous version announced.
     */
    private final class CycleCheck implements ValidatorListener {
        @Override
        public String getName() {
            return "gatekeeper-output-check";
        }

        @Override
        public ValidationResult onValidate(HollowProducer.ReadState readState) {
            String problem = checkedCycle == null ? "the cycle wrote nothing to check"
                    : OutputCheck.verify(readState.getStateEngine(), OutputCheck.records(producer.getWriteEngine()),
                    checkedEvaluation, checkedCycle, checkedTags);
            stages.checked(); // timed here too, for a cycle refused before its announcement
            if (problem != null) {
                LOG.error("{} output version {} not announced, its state is wrong: {}", environment,
                        readState.getVersion(), problem);
                return ValidationResult.from(this).failed(problem);
            }
            return ValidationResult.from(this).passed();
        }
    }

    /**
     * One writer per output namespace: before announcing, the lease (if any) must still be this writer's, and the
     * namespace must still announce the version this publisher built on. Two gatekeepers of one environment would
     * otherwise fork the delta chain and move the announced version back and forth.
     */
    private final class SingleWriterCheck implements ValidatorListener {
        static final String NAME = "gatekeeper-single-writer";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public ValidationResult onValidate(HollowProducer.ReadState readState) {
            NamespaceLease held = lease;
            String holder = held == null ? null : held.verify();
            if (holder != null) {
                return ValidationResult.from(this).failed(environment + " gatekeeper lost the lease of "
                        + namespace.location() + " to " + holder + "; version " + readState.getVersion()
                        + " is not announced");
            }
            long announced = namespace.announcedVersion().orElse(0);
            if (announced != builtOn) {
                return ValidationResult.from(this).failed("another writer announced version " + announced + " on "
                        + namespace.location() + " after version " + builtOn + ", which this " + environment
                        + " gatekeeper built on (two gatekeepers for one environment?); version "
                        + readState.getVersion() + " is not announced. Restart this gatekeeper to restore from the "
                        + "announced version");
            }
            return ValidationResult.from(this).passed();
        }
    }

    /**
     * This publisher may not announce: its lease was taken, or another writer announced on its namespace. It cannot
     * publish again; the process should stop (a standby, or a restart that restores the announced version, takes
     * over).
     */
    public static final class NotTheWriterException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotTheWriterException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Times the stages of each cycle from Hollow's producer events (one cycle at a time). */
    private static final class StageTimer implements PopulateListener, PublishListener, AnnouncementListener {
        private volatile Duration populate = Duration.ZERO;
        private volatile Duration blobs = Duration.ZERO;
        private volatile Duration check = Duration.ZERO;
        private volatile Duration announce = Duration.ZERO;
        private volatile boolean ran;
        private volatile long published;

        CycleStages last() {
            return new CycleStages(ran, populate, blobs, check, announce);
        }

        /** No cycle ran: the publisher found the records unchanged before asking Hollow. */
        void skipped() {
            populate = blobs = check = announce = Duration.ZERO;
            ran = false;
        }

        @Override
        public void onPopulateStart(long version) {
            populate = blobs = check = announce = Duration.ZERO;
            ran = true;
        }

        @Override
        public void onPopulateComplete(Status status, long version, Duration elapsed) {
            populate = elapsed;
        }

        @Override
        public void onPublishComplete(Status status, long version, Duration elapsed) {
            blobs = elapsed;
            published = System.nanoTime();
        }

        /** The check runs from the blobs' publication to the announcement: Hollow's stages, then the validator. */
        @Override
        public void onAnnouncementStart(long version) {
            checked();
        }

        void checked() {
            check = Duration.ofNanos(System.nanoTime() - published);
        }

        @Override
        public void onAnnouncementComplete(Status status, HollowProducer.ReadState readState, long version,
                                           Duration elapsed) {
            announce = elapsed;
        }

        // The start events and per-blob events carry nothing to time.
        @Override
        public void onNoDeltaAvailable(long version) {
        }

        @Override
        public void onPublishStart(long version) {
        }

        @Override
        public void onBlobPublish(Status status, HollowProducer.Blob blob, Duration elapsed) {
        }
    }

    /** Whether every pair of {@code evaluation} has the status ordinal it had in {@code last}: the same records. */
    private static boolean sameRecords(Evaluation evaluation, Written last) {
        int n = evaluation.videoCount();
        int countries = last.countries.length;
        if (n != last.videoIds.length || countries != evaluation.countries().size()
                || !evaluation.countries().equals(java.util.Arrays.asList(last.countries))) {
            return false;
        }
        for (int v = 0; v < n; v++) {
            if (evaluation.videoId(v) != last.videoIds[v]) {
                return false;
            }
        }
        int[] ids = evaluation.idsInCountry();
        for (int c = 0; c < countries; c++) {
            if (last.numbering[c] != evaluation.numbering(c)) {
                return false;
            }
            int[] ordinal = last.statusOrdinal[c];
            for (int i = c * n, end = i + n; i < end; i++) {
                int id = ids[i];
                if (id >= ordinal.length || ordinal[id] < 0 || ordinal[id] != last.pairOrdinal[i]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** For each video (by index) its index in the last cycle's sorted video ids, or -1 when it is new. */
    private static int[] lastIndexOf(Evaluation evaluation, long[] lastIds) {
        int n = evaluation.videoCount();
        int[] index = new int[n];
        for (int v = 0, p = 0; v < n; v++) {
            long id = evaluation.videoId(v);
            while (p < lastIds.length && lastIds[p] < id) {
                p++;
            }
            index[v] = p < lastIds.length && lastIds[p] == id ? p : -1;
        }
        return index;
    }

    /**
     * What the last successful cycle wrote, by Hollow ordinal: per country and status id the status and its blocker
     * list, per video its list and record, and each pair's status ordinal (country-major, like the evaluation).
     */
    static final class Written {
        final String[] countries;
        final long[] numbering;
        final int[][] statusOrdinal;
        final int[][] statusBlockers;
        final long[] videoIds;
        final int[] listOrdinal;
        final int[] videoOrdinal;
        final int[] pairOrdinal;
        Map<Integer, String[]> blockerLists;
        /** The pair array of the cycle before, reused by the next cycle (76 MB at {@code netflix}). */
        int[] spare;
        WriteCounts counts;
        /** The version announced after this cycle (the one before it, when Hollow found no change). */
        long announced;
        /** Per video (by index): whether this cycle wrote its list and record (false: carried over). */
        boolean[] videoWritten;
        /** The statuses this cycle wrote, as {@code country << 32 | id}: what its check reads back. */
        long[] statusesWritten = new long[64];
        int statusesWrittenCount;

        void wroteStatus(int country, int id) {
            if (statusesWrittenCount == statusesWritten.length) {
                statusesWritten = java.util.Arrays.copyOf(statusesWritten, statusesWrittenCount * 2);
            }
            statusesWritten[statusesWrittenCount++] = (long) country << 32 | id;
        }

        Written(String[] countries, int videos, int[] spare) {
            this.countries = countries;
            this.numbering = new long[countries.length];
            this.statusOrdinal = new int[countries.length][];
            this.statusBlockers = new int[countries.length][];
            this.videoIds = new long[videos];
            this.listOrdinal = new int[videos];
            this.videoOrdinal = new int[videos];
            int pairs = videos * countries.length;
            this.pairOrdinal = spare != null && spare.length == pairs ? spare : new int[pairs];
        }
    }

    /**
     * Writes {@code CountryStatus} records and what they reference: strings and blockers through small caches, and
     * blocker lists, whose contents are remembered by ordinal so the next cycle can carry them over.
     */
    private static final class Records {
        private final HollowObjectTypeWriteState strings;
        private final HollowObjectTypeWriteState blockers;
        private final HollowListTypeWriteState blockerLists;
        private final HollowObjectTypeWriteState statuses;
        private final HollowObjectWriteRecord stringRecord;
        private final HollowObjectWriteRecord blockerRecord;
        private final HollowListWriteRecord blockerList = new HollowListWriteRecord();
        private final java.util.List<String> blockerPairs = new java.util.ArrayList<>();
        private final HollowObjectWriteRecord statusRecord;
        private final Map<String, Integer> stringOrdinals = new HashMap<>();
        private final Map<String, Map<String, Integer>> blockerOrdinals = new HashMap<>();
        private final Map<Integer, String[]> lastBlockerLists;
        /** This cycle's blocker lists by ordinal: code, detail, code, detail... */
        final Map<Integer, String[]> blockerListsWritten = new HashMap<>();
        int lastBlockerList;

        Records(HollowWriteStateEngine engine, Map<Integer, String[]> lastBlockerLists) {
            strings = (HollowObjectTypeWriteState) engine.getTypeState("String");
            blockers = (HollowObjectTypeWriteState) engine.getTypeState("Blocker");
            blockerLists = (HollowListTypeWriteState) engine.getTypeState("ListOfBlocker");
            statuses = (HollowObjectTypeWriteState) engine.getTypeState("CountryStatus");
            stringRecord = new HollowObjectWriteRecord(strings.getSchema());
            blockerRecord = new HollowObjectWriteRecord(blockers.getSchema());
            statusRecord = new HollowObjectWriteRecord(statuses.getSchema());
            this.lastBlockerLists = lastBlockerLists;
        }

        /**
         * Makes room in Hollow's ordinal map for every status the evaluation numbers. A first cycle writes them all
         * (2.9 M at {@code netflix}); grown on demand from its default 256, the map rehashed everything it held 14
         * times, about a seventh of that cycle's populate. Later cycles find the room already there.
         */
        void expectStatuses(Evaluation evaluation) {
            long count = 0;
            for (int c = 0; c < evaluation.countries().size(); c++) {
                count += evaluation.statusCount(c);
            }
            statuses.resizeOrdinalMap((int) Math.min(Integer.MAX_VALUE / 2, count * 10 / 7 + 1)); // Hollow's 70 % load
        }

        /** Writes a status of country {@code country} straight from its row: no status or blocker objects. */
        int status(Evaluation evaluation, int country, long[] row) {
            blockerPairs.clear();
            evaluation.forEachBlocker(row, this::addBlocker);
            lastBlockerList = blockerList(blockerPairs.toArray(String[]::new));
            statusRecord.reset();
            statusRecord.setReference("country", string(evaluation.country(country)));
            statusRecord.setBoolean("live", blockerPairs.isEmpty());
            statusRecord.setReference("blockers", lastBlockerList);
            statusRecord.setLong("windowStart", row[LivenessEvaluator.WINDOW_START]);
            statusRecord.setLong("windowEnd", row[LivenessEvaluator.WINDOW_END]);
            statusRecord.setLong("goLiveAt", row[LivenessEvaluator.GO_LIVE_AT]);
            return statuses.add(statusRecord);
        }

        /** Marks a status of the last cycle populated again; its blocker list is kept by {@link #keepBlockerList}. */
        int keepStatus(int ordinal) {
            statuses.addOrdinalFromPreviousCycle(ordinal);
            return ordinal;
        }

        /**
         * Writes a blocker list of the last cycle again, with its blockers and strings: Hollow finds each record
         * in its ordinal map, so the ordinal stays the same (checked).
         */
        void keepBlockerList(int ordinal) {
            String[] pairs = lastBlockerLists.get(ordinal);
            int again = pairs == null ? -1 : blockerList(pairs);
            if (again != ordinal) {
                throw new IllegalStateException("blocker list " + ordinal + " of the last cycle was written again as "
                        + again + ": the publisher's record of the last cycle is wrong");
            }
        }

        private void addBlocker(String code, String detail) {
            blockerPairs.add(code);
            blockerPairs.add(detail);
        }

        private int blockerList(String[] pairs) {
            blockerList.reset();
            for (int i = 0; i < pairs.length; i += 2) {
                blockerList.addElement(blocker(pairs[i], pairs[i + 1]));
            }
            int ordinal = blockerLists.add(blockerList);
            blockerListsWritten.putIfAbsent(ordinal, pairs);
            return ordinal;
        }

        private int blocker(String code, String detail) {
            Map<String, Integer> byDetail = blockerOrdinals.computeIfAbsent(code, c -> new HashMap<>());
            Integer ordinal = byDetail.get(detail);
            if (ordinal == null) {
                blockerRecord.reset();
                blockerRecord.setReference("code", string(code));
                blockerRecord.setReference("detail", string(detail));
                ordinal = blockers.add(blockerRecord);
                byDetail.put(detail, ordinal);
            }
            return ordinal;
        }

        int string(String value) {
            Integer ordinal = stringOrdinals.get(value);
            if (ordinal == null) {
                stringRecord.reset();
                stringRecord.setString("value", value);
                ordinal = strings.add(stringRecord);
                stringOrdinals.put(value, ordinal);
            }
            return ordinal;
        }
    }
}
