package org.gatekeeper.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.netflix.hollow.api.consumer.HollowConsumer;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.IntegrityCheck;
import org.gatekeeper.model.store.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The check an output cycle passes before it is announced: a state that reads back as written passes, and each
 * kind of wrong state is refused with a message naming what is wrong and where.
 */
class OutputCheckTest {
    @TempDir
    Path dir;

    @Test
    void aStateThatReadsBackAsWritten_passes_andEachWrongThingIsNamed() {
        long seed = System.nanoTime();
        System.out.println("OutputCheckTest seed=" + seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(new Random(seed));
        try (BlobStore store = BlobStore.directory(dir)) {
            LivenessPublisher publisher = new LivenessPublisher(store.namespace("liveness-preprod"),
                    Environment.PREPROD, RetentionPolicy.DEFAULT);
            Evaluation evaluation = new LivenessEvaluator().evaluate(catalog.toInputs(), 1_000, RuleSet.SPEC);
            long version = publisher.publish(evaluation, Catalog.versionOne(), 5L);
            HollowConsumer consumer = HollowConsumer.withBlobRetriever(store.namespace("liveness-preprod")
                    .retriever()).build();
            consumer.triggerRefreshTo(version);
            HollowReadStateEngine state = consumer.getStateEngine();
            LivenessPublisher.Written cycle = publisher.lastWritten();
            Map<String, String> tags = new LinkedHashMap<>(state.getHeaderTags());
            tags.keySet().removeIf(tag -> !tag.startsWith("gatekeeper."));
            Map<String, Integer> records = new LinkedHashMap<>();
            for (HollowTypeReadState type : state.getTypeStates()) {
                records.put(type.getSchema().getName(), type.getPopulatedOrdinals().cardinality());
            }
            String as = "seed " + seed;
            assertThat(tags).as(as).containsEntry(OutputTags.EVALUATED_AT, "1000").containsKey(OutputTags.RULES);
            assertThat(OutputCheck.verify(state, records, evaluation, cycle, tags)).as(as).isNull();

            Map<String, String> otherInstant = new LinkedHashMap<>(tags);
            otherInstant.put(OutputTags.EVALUATED_AT, "999");
            assertThat(OutputCheck.verify(state, records, evaluation, cycle, otherInstant)).as(as)
                    .isEqualTo("header tag gatekeeper.evaluatedAt reads 1000, not 999");
            Map<String, String> followsNothing = new LinkedHashMap<>(tags);
            followsNothing.remove(OutputTags.FOLLOWS);
            assertThat(OutputCheck.verify(state, records, evaluation, cycle, followsNothing)).as(as)
                    .isEqualTo("header tag gatekeeper.follows reads 5, but this cycle follows no PROD version");

            // An output restored from a version written before the engine's marker follows deltas that lose the
            // new type until the next snapshot: the marker alone may be missing, no other type.
            HollowConsumer withoutMarker = HollowConsumer.withBlobRetriever(store.namespace("liveness-preprod")
                    .retriever()).withTypeFilter(com.netflix.hollow.core.read.filter.TypeFilter.newTypeFilter()
                    .exclude("DatasetMarker").build()).build();
            withoutMarker.triggerRefreshTo(version);
            assertThat(withoutMarker.getStateEngine().getTypeState("DatasetMarker")).isNull();
            assertThat(records).containsEntry("DatasetMarker", 1);
            assertThat(OutputCheck.verify(withoutMarker.getStateEngine(), records, evaluation, cycle, tags)).as(as)
                    .isNull();
            Map<String, Integer> unknownType = new LinkedHashMap<>(records);
            unknownType.put("Other", 1);
            assertThat(OutputCheck.verify(state, unknownType, evaluation, cycle, tags)).as(as)
                    .isEqualTo("type Other holds 0 records, the cycle wrote 1");

            Map<String, Integer> oneMore = new LinkedHashMap<>(records);
            oneMore.merge("CountryStatus", 1, Integer::sum);
            assertThat(OutputCheck.verify(state, oneMore, evaluation, cycle, tags)).as(as)
                    .isEqualTo("type CountryStatus holds " + records.get("CountryStatus") + " records, the cycle "
                            + "wrote " + oneMore.get("CountryStatus"));

            // A video whose record the publisher says is at another list than the one it references.
            int other = 1;
            while (cycle.listOrdinal[other] == cycle.listOrdinal[0]) {
                other++;
            }
            int list = cycle.listOrdinal[0];
            cycle.listOrdinal[0] = cycle.listOrdinal[other];
            assertThat(OutputCheck.verify(state, records, evaluation, cycle, tags)).as(as).startsWith(
                    "video " + evaluation.videoId(0) + ": its record (ordinal " + cycle.videoOrdinal[0]
                            + ") reads video " + evaluation.videoId(0) + " with list " + list + ", not list "
                            + cycle.listOrdinal[other]);
            cycle.listOrdinal[0] = list;

            int videoRecord = cycle.videoOrdinal[0];
            cycle.videoOrdinal[0] = state.getTypeState("VideoStatus").maxOrdinal() + 1;
            assertThat(OutputCheck.verify(state, records, evaluation, cycle, tags)).as(as).isEqualTo("video "
                    + evaluation.videoId(0) + ": its record (ordinal " + cycle.videoOrdinal[0] + ") is missing");
            cycle.videoOrdinal[0] = videoRecord;

            // A pair whose status in the list is not the one the evaluation gives it.
            int n = evaluation.videoCount();
            int pair = 2 * n; // video 0 in the third country
            cycle.pairOrdinal[pair]++;
            assertThat(OutputCheck.verify(state, records, evaluation, cycle, tags)).as(as).isEqualTo("video "
                    + evaluation.videoId(0) + " in " + cycle.countries[2] + ": status ordinal "
                    + (cycle.pairOrdinal[pair] - 1) + ", not " + cycle.pairOrdinal[pair]);
            cycle.pairOrdinal[pair]--;

            // A written status that reads back as another status of its country.
            int country = -1;
            int id = -1;
            int otherId = -1;
            for (int i = 0; otherId < 0; i++) {
                country = (int) (cycle.statusesWritten[i] >>> 32);
                id = (int) cycle.statusesWritten[i];
                int[] ordinals = cycle.statusOrdinal[country];
                for (int j = 0; j < ordinals.length && otherId < 0; j++) {
                    otherId = ordinals[j] >= 0 && ordinals[j] != ordinals[id] ? j : -1;
                }
            }
            int[] ordinals = cycle.statusOrdinal[country];
            int status = ordinals[id];
            ordinals[id] = ordinals[otherId];
            assertThat(OutputCheck.verify(state, records, evaluation, cycle, tags)).as(as).startsWith(
                    "status " + ordinals[otherId] + " in " + cycle.countries[country] + " reads "
                            + evaluation.status(country, otherId) + ", not " + evaluation.status(country, id));
            ordinals[id] = status;
            assertThat(OutputCheck.verify(state, records, evaluation, cycle, tags)).as(as).isNull();
        }
    }

    /**
     * A wrong memory of the last cycle makes the next one reference records it did not mean to: a video's list, or
     * a status carried over under another status's ordinal (which the cycle's own writes then agree with; only the
     * sample of pairs read back against the evaluation sees it). That cycle is refused with what was wrong, the
     * previous version stays announced, and the cycle after writes everything. Hollow's own check ({@code full})
     * cannot see either: the snapshot and the deltas agree on the wrong state.
     */
    @ParameterizedTest
    @CsvSource({"CHANGES, list", "FULL, list", "CHANGES, status", "FULL, status"})
    void aCycleThatWritesAWrongState_isNotAnnounced(IntegrityCheck check, String wrong) {
        long seed = System.nanoTime();
        System.out.println("OutputCheckTest seed=" + seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(new Random(seed));
        try (BlobStore store = BlobStore.directory(dir)) {
            LivenessPublisher publisher = new LivenessPublisher(store.namespace("liveness-prod"), Environment.PROD,
                    RetentionPolicy.DEFAULT, check);
            LivenessEvaluator evaluator = new LivenessEvaluator();
            long first = publisher.publish(evaluator.evaluate(catalog.toInputs(), 1_000, RuleSet.SPEC), Catalog.versionOne(),
                    null);
            LivenessPublisher.Written last = publisher.lastWritten();
            String found;
            if (wrong.equals("list")) {
                int other = 1;
                while (last.listOrdinal[other] == last.listOrdinal[0]) {
                    other++;
                }
                last.listOrdinal[0] = last.listOrdinal[other]; // video 0 is unchanged next: carried over by this
                found = ": its record";
            } else {
                int[] ordinals = last.statusOrdinal[0]; // the first country's statuses, each used by some pair
                int other = 1;
                while (ordinals[other] < 0 || ordinals[other] == ordinals[0]) {
                    other++;
                }
                ordinals[0] = ordinals[other];
                found = " in " + last.countries[0] + " reads ";
            }
            long id = catalog.videos().stream().mapToLong(Video::getId).max().orElse(0) + 1;
            catalog.videos().add(new Video(id, "MOVIE", 0, "en", "t", 1));
            Evaluation next = evaluator.evaluate(catalog.toInputs(), 1_000, RuleSet.SPEC);

            assertThatThrownBy(() -> publisher.publish(next, Catalog.versionOne(), null)).as("seed %d", seed)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the new output state was not announced: "
                            + "video ")
                    .hasMessageContaining(found);
            assertThat(store.namespace("liveness-prod").announcedVersion()).hasValue(first);

            long version = publisher.publish(next, Catalog.versionOne(), null);
            assertThat(publisher.lastWrite().statusesKept()).as("everything written again").isZero();
            HollowConsumer consumer = HollowConsumer.withBlobRetriever(store.namespace("liveness-prod").retriever())
                    .build();
            consumer.triggerRefreshTo(version);
            assertThat(LivenessReader.readAll(consumer.getStateEngine())).as("seed %d", seed)
                    .isEqualTo(ReferenceEvaluator.evaluate(catalog, 1_000, false));
        }
    }
}
