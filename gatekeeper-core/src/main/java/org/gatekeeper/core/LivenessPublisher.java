package org.gatekeeper.core;

import com.netflix.hollow.api.producer.HollowProducer;
import com.netflix.hollow.core.write.HollowListTypeWriteState;
import com.netflix.hollow.core.write.HollowListWriteRecord;
import com.netflix.hollow.core.write.HollowObjectTypeWriteState;
import com.netflix.hollow.core.write.HollowObjectWriteRecord;
import com.netflix.hollow.core.write.HollowWriteStateEngine;
import com.netflix.hollow.core.write.objectmapper.HollowObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.gatekeeper.model.CountryStatus;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.VideoStatus;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.RetentionPolicy;

/**
 * Publishes evaluations to one environment's {@code liveness} namespace (SPEC §5). Each distinct status becomes
 * one {@code CountryStatus} record, written once through the object mapper; each video's list of 190 is then
 * written as raw ordinals, so 19 M pairs cost 2.9 M record writes and 19 M list entries, not 19 M records. An
 * evaluation equal to the last published state makes no new version (Hollow's no-op).
 */
public final class LivenessPublisher {
    private final HollowProducer producer;
    private final Environment environment;

    public LivenessPublisher(BlobNamespace namespace, Environment environment, RetentionPolicy retention) {
        HollowProducer.Builder<?> builder = HollowProducer.withPublisher(namespace.publisher())
                .withNumStatesBetweenSnapshots(10);
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
        Map<String, String> tags = new LinkedHashMap<>();
        for (Dataset<?> dataset : Dataset.ALL) {
            tags.put(OutputTags.input(dataset), Long.toString(versions.get(dataset)));
        }
        tags.put(OutputTags.EVALUATED_AT, Long.toString(evaluation.evaluatedAt()));
        tags.put(OutputTags.ENVIRONMENT, environment.name());
        tags.put(OutputTags.RULES, evaluation.rules().id());
        HollowWriteStateEngine engine = producer.getWriteEngine();
        engine.getHeaderTags().remove(OutputTags.FOLLOWS);
        if (follows != null) {
            tags.put(OutputTags.FOLLOWS, Long.toString(follows));
        }
        tags.forEach(engine::addHeaderTag);
        return producer.runCycle(state -> write(evaluation, state.getStateEngine(), state.getObjectMapper()));
    }

    private static void write(Evaluation evaluation, HollowWriteStateEngine engine, HollowObjectMapper mapper) {
        int[] statusOrdinal = new int[evaluation.distinctStatuses()];
        for (int id = 0; id < statusOrdinal.length; id++) {
            CountryStatus status = evaluation.status(id);
            statusOrdinal[id] = mapper.add(status);
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
}
