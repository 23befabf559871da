package org.gatekeeper.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.gatekeeper.core.LivenessReader;
import org.gatekeeper.model.CountryStatus;
import org.gatekeeper.model.VideoStatus;
import org.gatekeeper.model.store.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDiffTest {
    @TempDir
    Path dataDir;

    /** The plain answer: both states as model objects, compared pair by pair. */
    private static List<String> referenceChanges(HollowReadStateEngine from, HollowReadStateEngine to) {
        Map<Long, VideoStatus> before = LivenessReader.readAll(from).stream()
                .collect(Collectors.toMap(VideoStatus::getVideoId, v -> v));
        Map<Long, VideoStatus> after = LivenessReader.readAll(to).stream()
                .collect(Collectors.toMap(VideoStatus::getVideoId, v -> v));
        TreeMap<Long, Boolean> ids = new TreeMap<>();
        before.keySet().forEach(id -> ids.put(id, true));
        after.keySet().forEach(id -> ids.put(id, true));
        List<String> changes = new ArrayList<>();
        for (long id : ids.keySet()) {
            TreeMap<String, CountryStatus[]> pairs = new TreeMap<>();
            if (before.containsKey(id)) {
                before.get(id).getCountries().forEach(s -> pairs.computeIfAbsent(s.getCountry(),
                        c -> new CountryStatus[2])[0] = s);
            }
            if (after.containsKey(id)) {
                after.get(id).getCountries().forEach(s -> pairs.computeIfAbsent(s.getCountry(),
                        c -> new CountryStatus[2])[1] = s);
            }
            pairs.forEach((country, pair) -> {
                if (pair[0] == null || pair[1] == null || !pair[0].equals(pair[1])) {
                    changes.add(id + "/" + country + "/" + kind(pair[0], pair[1]).label());
                }
            });
        }
        return changes;
    }

    private static ChangeKind kind(CountryStatus before, CountryStatus after) {
        if (before == null) {
            return ChangeKind.PAIR_ADDED;
        }
        if (after == null) {
            return ChangeKind.PAIR_REMOVED;
        }
        if (before.isLive() != after.isLive()) {
            return after.isLive() ? ChangeKind.BECAME_LIVE : ChangeKind.STOPPED_LIVE;
        }
        return before.getBlockers().equals(after.getBlockers()) ? ChangeKind.WINDOW_CHANGED
                : ChangeKind.BLOCKERS_CHANGED;
    }

    private static List<String> engineChanges(OutputDiff diff) {
        return diff.changes(OutputDiff.Filter.ALL, 0, Integer.MAX_VALUE).stream()
                .map(c -> c.videoId() + "/" + c.country() + "/" + c.kind().label()).toList();
    }

    @Test
    void preprodVsProd_andTwoProdVersions_matchThePlainPairByPairComparison() {
        long seed = System.nanoTime();
        System.out.println("OutputDiffTest seed=" + seed);
        try (BlobStore store = BlobStore.directory(dataDir)) {
            PublishedOutputs outputs = new PublishedOutputs(store, seed);
            DiffService service = new DiffService(store);
            for (String[] pair : new String[][] {
                    {"liveness-prod:" + outputs.prod1, "liveness-preprod:" + outputs.preprod},
                    {"liveness-prod:" + outputs.prod1, "liveness-prod:" + outputs.prod2}}) {
                StateRef from = service.resolve(pair[0]);
                StateRef to = service.resolve(pair[1]);

                OutputDiff diff = (OutputDiff) service.diff(from, to);

                List<String> expected = referenceChanges(service.load(from), service.load(to));
                assertThat(expected).as("seed %d: the fixture must change something", seed).isNotEmpty();
                assertThat(engineChanges(diff)).as("seed %d, %s vs %s", seed, pair[0], pair[1])
                        .containsExactlyElementsOf(expected);
                assertThat(diff.summary().changedPairs()).isEqualTo(expected.size());
                assertThat(diff.byCountry().stream().mapToLong(OutputDiff.CountryCounts::changedPairs).sum())
                        .isEqualTo(expected.size());
                assertThat(diff.equal()).isFalse();
            }
            OutputDiff prodToProd = (OutputDiff) service.diff(service.resolve("liveness-prod:" + outputs.prod1),
                    service.resolve("liveness-prod:" + outputs.prod2));
            assertThat(prodToProd.summary().videosRemoved()).isEqualTo(20);
            assertThat(prodToProd.summary().byKind().get(ChangeKind.PAIR_REMOVED))
                    .isEqualTo(20L * outputs.catalog.countries().size());
            OutputDiff rules = (OutputDiff) service.diff(service.resolve("liveness-prod:" + outputs.prod1),
                    service.resolve("liveness-preprod:latest"));
            assertThat(rules.summary().byKind().get(ChangeKind.BECAME_LIVE)).as("a stricter rule set").isZero();
            assertThat(rules.summary().byKind().get(ChangeKind.STOPPED_LIVE)).isPositive();
            assertThat(rules.byBlocker()).anySatisfy(b -> {
                assertThat(b.code()).isEqualTo("MISSING_SUBTITLES");
                assertThat(b.pairsGaining()).isPositive();
            });
        }
    }

    @Test
    void aStateWithItself_andTheSameRecordsFromAnotherProducer_areEqual() {
        try (BlobStore store = BlobStore.directory(dataDir)) {
            PublishedOutputs outputs = new PublishedOutputs(store, 7);
            DiffService service = new DiffService(store);
            StateRef prod = service.resolve("liveness-prod:" + outputs.prod2); // what PREPROD follows now
            assertThat(service.diff(prod, prod).equal()).isTrue();

            // PREPROD on SPEC rules publishes the same records as PROD through another producer (other ordinals).
            BlobStore copy = store;
            long same = org.gatekeeper.core.Gatekeeper.preprod(copy, org.gatekeeper.core.RuleSet.SPEC).tick()
                    .outputVersion();
            OutputDiff diff = (OutputDiff) service.diff(prod, service.resolve("liveness-preprod:" + same));
            assertThat(diff.equal()).isTrue();
            assertThat(diff.summary().changedPairs()).isZero();
            assertThat(diff.summary().pairsBefore()).isEqualTo(diff.summary().pairsAfter()).isPositive();
        }
    }

    @Test
    void filtersAndPages_selectTheRightPairs() {
        try (BlobStore store = BlobStore.directory(dataDir)) {
            PublishedOutputs outputs = new PublishedOutputs(store, 11);
            DiffService service = new DiffService(store);
            OutputDiff diff = (OutputDiff) service.diff(service.resolve("liveness-prod:" + outputs.prod1),
                    service.resolve("liveness-preprod:" + outputs.preprod));
            List<PairChange> all = diff.changes(OutputDiff.Filter.ALL, 0, Integer.MAX_VALUE);
            String country = all.get(0).country();

            OutputDiff.Filter byCountry = new OutputDiff.Filter(country, null, null, null);
            assertThat(diff.changes(byCountry, 0, Integer.MAX_VALUE))
                    .containsExactlyElementsOf(all.stream().filter(c -> c.country().equals(country)).toList());
            assertThat(diff.count(byCountry)).isEqualTo(all.stream().filter(c -> c.country().equals(country)).count());
            assertThat(diff.changes(OutputDiff.Filter.ALL, 3, 2)).containsExactlyElementsOf(all.subList(3, 5));
            OutputDiff.Filter gained = new OutputDiff.Filter(null, null, "MISSING_SUBTITLES", null);
            assertThat(diff.changes(gained, 0, Integer.MAX_VALUE)).allSatisfy(c ->
                    assertThat(c.after().getBlockers().stream().anyMatch(b -> b.getCode().equals("MISSING_SUBTITLES")))
                            .isNotEqualTo(c.before().getBlockers().stream()
                                    .anyMatch(b -> b.getCode().equals("MISSING_SUBTITLES"))));
            long videoId = all.get(0).videoId();
            assertThat(diff.video(videoId)).hasSize(outputs.catalog.countries().size());
            assertThat(all.stream().map(PairChange::videoId).toList()).isSortedAccordingTo(Comparator.naturalOrder());
        }
    }
}
