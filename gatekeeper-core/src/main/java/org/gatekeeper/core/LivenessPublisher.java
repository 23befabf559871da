package org.gatekeeper.core;

import com.netflix.hollow.api.producer.HollowProducer;
import com.netflix.hollow.api.producer.VersionMinterWithCounter;
import com.netflix.hollow.core.write.HollowListTypeWriteState;
import com.netflix.hollow.core.write.HollowListWriteRecord;
import com.netflix.hollow.core.write.HollowObjectTypeWriteState;
import com.netflix.hollow.core.write.HollowObjectWriteRecord;
import com.netflix.hollow.core.write.HollowWriteStateEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.VideoStatus;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.RetentionPolicy;

/**
 * Publishes evaluations to one environment's {@code liveness} namespace (SPEC §5). Each distinct status becomes
 * one {@code CountryStatus} record, written once; each video's list of 190 is then written as raw ordinals, so
 * 19 M pairs cost 2.9 M record writes and 19 M list entries, not 19 M records. An evaluation equal to the last
 * published state makes no new version (Hollow's no-op).
 */
public final class LivenessPublisher {
    private final HollowProducer producer;
    private final Environment environment;
    private volatile long forcedVersion;

    public LivenessPublisher(BlobNamespace namespace, Environment environment, RetentionPolicy retention) {
        HollowProducer.VersionMinter minted = new VersionMinterWithCounter();
        HollowProducer.Builder<?> builder = HollowProducer.withPublisher(namespace.publisher())
                .withNumStatesBetweenSnapshots(10)
                .withVersionMinter(() -> {
                    long forced = forcedVersion;
                    forcedVersion = 0;
                    return forced != 0 ? forced : minted.mint();
                });
        namespace.configure(builder, retention);
        this.producer = builder.build();
        this.producer.initializeDataModel(VideoStatus.class);
        this.environment = environment;
        namespace.discardUnannounced();
        OptionalLong announced = namespace.announcedVersion();
        if (announced.isPresent()) {
            producer.restore(announced.getAsLong(), namespace.retriever());
        }
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

    /** As above, with the version the cycle must use (an operator-approved refused version), if any. */
    public long publish(Evaluation evaluation, Map<Dataset<?>, Long> versions, Long follows, Long version) {
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
        HollowWriteStateEngine engine = producer.getWriteEngine();
        engine.getHeaderTags().remove(OutputTags.FOLLOWS);
        if (follows != null) {
            tags.put(OutputTags.FOLLOWS, Long.toString(follows));
        }
        tags.forEach(engine::addHeaderTag);
        return producer.runCycle(state -> write(evaluation, state.getStateEngine()));
    }

    /**
     * Writes the output with Hollow's low-level records: each distinct status once, strings and blockers through
     * small caches, each video's list as raw ordinals. The object mapper would reflect over 2.9 M statuses and
     * write 19 M list elements as records; this writes 2.9 M records and 19 M ints.
     */
    private static void write(Evaluation evaluation, HollowWriteStateEngine engine) {
        Records records = new Records(engine);
        int[] statusOrdinal = new int[evaluation.distinctStatuses()];
        long[] row = new long[evaluation.rowLength()];
        for (int id = 0; id < statusOrdinal.length; id++) {
            statusOrdinal[id] = records.status(evaluation, id, row);
        }
        HollowListTypeWriteState lists = (HollowListTypeWriteState) engine.getTypeState("ListOfCountryStatus");
        HollowObjectTypeWriteState videos = (HollowObjectTypeWriteState) engine.getTypeState("VideoStatus");
        HollowListWriteRecord list = new HollowListWriteRecord();
        HollowObjectWriteRecord video = new HollowObjectWriteRecord(videos.getSchema());
        int countries = evaluation.countries().size();
        for (int v = 0; v < evaluation.videoCount(); v++) {
            list.reset();
            for (int c = 0; c < countries; c++) {
                list.addElement(statusOrdinal[evaluation.statusId(v, c)]);
            }
            int listOrdinal = lists.add(list);
            video.reset();
            video.setLong("videoId", evaluation.videoId(v));
            video.setReference("countries", listOrdinal);
            videos.add(video);
        }
    }

    /** Writes {@code CountryStatus} records and what they reference, caching strings and blockers. */
    private static final class Records {
        private final HollowObjectTypeWriteState strings;
        private final HollowObjectTypeWriteState blockers;
        private final HollowListTypeWriteState blockerLists;
        private final HollowObjectTypeWriteState statuses;
        private final HollowObjectWriteRecord stringRecord;
        private final HollowObjectWriteRecord blockerRecord;
        private final HollowListWriteRecord blockerList = new HollowListWriteRecord();
        private int blockerCount;
        private final HollowObjectWriteRecord statusRecord;
        private final Map<String, Integer> stringOrdinals = new java.util.HashMap<>();
        private final Map<String, Map<String, Integer>> blockerOrdinals = new java.util.HashMap<>();

        Records(HollowWriteStateEngine engine) {
            strings = (HollowObjectTypeWriteState) engine.getTypeState("String");
            blockers = (HollowObjectTypeWriteState) engine.getTypeState("Blocker");
            blockerLists = (HollowListTypeWriteState) engine.getTypeState("ListOfBlocker");
            statuses = (HollowObjectTypeWriteState) engine.getTypeState("CountryStatus");
            stringRecord = new HollowObjectWriteRecord(strings.getSchema());
            blockerRecord = new HollowObjectWriteRecord(blockers.getSchema());
            statusRecord = new HollowObjectWriteRecord(statuses.getSchema());
        }

        /** Writes status {@code id} straight from its row: no status or blocker objects. */
        int status(Evaluation evaluation, int id, long[] row) {
            int country = evaluation.rawStatus(id, row);
            blockerList.reset();
            blockerCount = 0;
            evaluation.forEachBlocker(row, this::addBlocker);
            boolean live = blockerCount == 0;
            int blockerListOrdinal = blockerLists.add(blockerList);
            statusRecord.reset();
            statusRecord.setReference("country", string(evaluation.country(country)));
            statusRecord.setBoolean("live", live);
            statusRecord.setReference("blockers", blockerListOrdinal);
            statusRecord.setLong("windowStart", row[LivenessEvaluator.WINDOW_START]);
            statusRecord.setLong("windowEnd", row[LivenessEvaluator.WINDOW_END]);
            statusRecord.setLong("goLiveAt", row[LivenessEvaluator.GO_LIVE_AT]);
            return statuses.add(statusRecord);
        }

        private void addBlocker(String code, String detail) {
            blockerList.addElement(blocker(code, detail));
            blockerCount++;
        }

        private int blocker(String code, String detail) {
            Map<String, Integer> byDetail = blockerOrdinals.computeIfAbsent(code, c -> new java.util.HashMap<>());
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

        private int string(String value) {
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
