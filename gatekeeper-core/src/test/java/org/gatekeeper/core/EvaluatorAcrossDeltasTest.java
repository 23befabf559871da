package org.gatekeeper.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.HollowTypeStateListener;
import com.netflix.hollow.core.util.StateEngineRoundTripper;
import com.netflix.hollow.core.write.HollowWriteStateEngine;
import com.netflix.hollow.core.write.objectmapper.HollowObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Localization;
import org.gatekeeper.model.Rating;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.junit.jupiter.api.Test;

/**
 * One evaluator kept while its input states move by Hollow deltas, as in the PROD loop: what it keeps between
 * evaluations by ordinal (the country mask of each contract's set, each decoded asset, localization and rating)
 * must never outlive the record it was read from, however many deltas lie between two evaluations and whether or
 * not an ordinal is reused, nor outlive the video numbering and language bits it was read under.
 */
class EvaluatorAcrossDeltasTest {

    @Test
    void keptEvaluator_matchesTheReference_whileContractsMoveByDeltas_andOrdinalsAreReused() throws IOException {
        long seed = Long.getLong("gatekeeper.test.seed", System.nanoTime());
        System.out.println("EvaluatorAcrossDeltasTest seed=" + seed);
        Random random = new Random(seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(random);
        List<String> countries = new ArrayList<>(catalog.countries().stream().map(CountryPolicy::getCountry).toList());

        HollowWriteStateEngine write = new HollowWriteStateEngine();
        HollowObjectMapper mapper = new HollowObjectMapper(write);
        mapper.initializeTypeState(Contract.class);
        catalog.contracts().forEach(mapper::add);
        HollowReadStateEngine contracts = new HollowReadStateEngine();
        StateEngineRoundTripper.roundTripSnapshot(write, contracts);
        OrdinalHistory history = new OrdinalHistory();
        contracts.getTypeState("SetOfString").addListener(history);

        LivenessEvaluator kept = new LivenessEvaluator(2);
        int evaluations = 0;
        for (int step = 0; step < 40; step++) {
            if (step == 20) {
                // A country that sorts first: every country's bit moves, so every kept mask is wrong.
                countries.add(0, "AA");
                catalog.countries().add(new CountryPolicy("AA", "", List.of(), List.of(), List.of()));
            }
            if (step > 0 && step % 4 == 0) {
                // A light step: one contract changes, so the evaluator reads that set alone, not all of them.
                int at = random.nextInt(catalog.contracts().size());
                Contract one = catalog.contracts().get(at);
                catalog.contracts().set(at, new Contract(one.getId(), one.getVideoId(), someOf(random, countries),
                        one.getWindowStart(), one.getWindowEnd()));
                catalog.contracts().forEach(mapper::add);
                StateEngineRoundTripper.roundTripDelta(write, contracts);
            } else if (step > 0) {
                churn(random, catalog, countries, step);
                catalog.contracts().forEach(mapper::add);
                StateEngineRoundTripper.roundTripDelta(write, contracts);
            }
            if (step % 3 == 1) {
                continue; // two deltas between these evaluations
            }
            long t = 1_000 + random.nextInt(1_000);
            Map<Dataset<?>, HollowReadStateEngine> states = new HashMap<>(
                    CatalogPublisher.inMemory(catalog.toSynthetic()));
            states.put(Dataset.CONTRACTS, contracts);
            assertThat(kept.evaluate(PinnedInputs.unversioned(states), t, RuleSet.SPEC).toVideoStatuses())
                    .as("seed %d step %d", seed, step)
                    .isEqualTo(ReferenceEvaluator.evaluate(catalog, t, false));
            evaluations++;
        }
        assertThat(evaluations).isEqualTo(27);
        // The case the kept masks must survive: a set ordinal freed by one delta and given to another set later.
        assertThat(history.reused).as("seed %d: set ordinals removed and later reused", seed).isNotEmpty();
    }

    @Test
    void keptEvaluator_matchesTheReference_whileEveryInputMovesByDeltas() throws IOException {
        long seed = Long.getLong("gatekeeper.test.seed", System.nanoTime());
        System.out.println("EvaluatorAcrossDeltasTest every input seed=" + seed);
        Random random = new Random(seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(random);
        List<String> countries = new ArrayList<>(catalog.countries().stream().map(CountryPolicy::getCountry).toList());
        MovingStates states = new MovingStates(catalog);
        assertThat(states.read.get(Dataset.ASSETS).getTypeState(Dataset.ASSETS.hollowTypeName()).numShards())
                .as("seed %d: assets in several shards", seed).isGreaterThan(1);
        OrdinalHistory assetOrdinals = new OrdinalHistory();
        states.read.get(Dataset.ASSETS).getTypeState(Dataset.ASSETS.hollowTypeName()).addListener(assetOrdinals);

        LivenessEvaluator kept = new LivenessEvaluator(2);
        int evaluations = 0;
        int videoSetChanges = 0;
        for (int step = 1; step <= 40; step++) {
            Set<Long> videosBefore = videoIds(catalog);
            if (step % 5 == 0) {
                // A light step: one record of each per-video input changes, the way most ticks go.
                replaceOne(random, catalog.assets(), a -> flipped(a));
                replaceOne(random, catalog.localizations(), l -> new Localization(l.getVideoId(), l.getLanguage(),
                        l.getTitle().isBlank() ? "title" : " ", l.getSynopsis()));
                replaceOne(random, catalog.ratings(), r -> new Rating(r.getVideoId(), r.getRatingSystem(),
                        r.getValue().isBlank() ? "12" : ""));
            } else {
                churnEverything(random, catalog, countries, step);
            }
            if (!videoIds(catalog).equals(videosBefore)) {
                videoSetChanges++;
            }
            // Late in the run the per-video inputs are loaded afresh, as a consumer does on a double snapshot.
            states.move(catalog, step == 31 ? Set.of(Dataset.ASSETS, Dataset.LOCALIZATIONS, Dataset.RATINGS) : Set.of());
            if (step % 3 == 0) {
                continue; // two deltas between these evaluations
            }
            long t = 1_000 + random.nextInt(1_000);
            assertThat(kept.evaluate(PinnedInputs.unversioned(states.read), t, RuleSet.SPEC).toVideoStatuses())
                    .as("seed %d step %d", seed, step)
                    .isEqualTo(ReferenceEvaluator.evaluate(catalog, t, false));
            evaluations++;
        }
        assertThat(evaluations).isEqualTo(27);
        assertThat(videoSetChanges).as("seed %d: steps that added or removed videos", seed).isGreaterThan(5);
        assertThat(assetOrdinals.reused).as("seed %d: asset ordinals removed and later reused", seed).isNotEmpty();
    }

    @Test
    void keptCompile_decodesOnlyTheRecordsThatDeltasTouched_andRenumbersTheRestWhenVideosChange() throws IOException {
        long seed = Long.getLong("gatekeeper.test.seed", System.nanoTime());
        System.out.println("EvaluatorAcrossDeltasTest decoded seed=" + seed);
        Random random = new Random(seed);
        Catalog catalog = LivenessEvaluatorTest.randomCatalog(random);
        MovingStates states = new MovingStates(catalog);
        CompiledInputs.Kept kept = new CompiledInputs.Kept();
        Set<Long> videos = videoIds(catalog);

        CompiledInputs.compile(PinnedInputs.unversioned(states.read), RuleSet.SPEC, kept);
        assertThat(kept.assets.decoded()).as("seed %d: a first compile decodes every asset", seed)
                .isEqualTo(catalog.assets().stream().filter(a -> !a.getStatus().equals("READY")
                        || videos.contains(a.getVideoId())).count());

        states.move(catalog); // a delta that changes nothing
        CompiledInputs.compile(PinnedInputs.unversioned(states.read), RuleSet.SPEC, kept);
        assertThat(new int[] {kept.assets.decoded(), kept.localizations.decoded(), kept.ratings.decoded()})
                .as("seed %d: nothing changed, nothing decoded", seed).containsOnly(0);

        int asset = firstAbout(catalog.assets(), videos, Asset::getVideoId);
        catalog.assets().set(asset, flipped(catalog.assets().get(asset)));
        int localization = firstAbout(catalog.localizations(), videos, Localization::getVideoId);
        Localization l = catalog.localizations().get(localization);
        catalog.localizations().set(localization, new Localization(l.getVideoId(), l.getLanguage(),
                l.getTitle() + "!", l.getSynopsis()));
        states.move(catalog);
        CompiledInputs.compile(PinnedInputs.unversioned(states.read), RuleSet.SPEC, kept);
        assertThat(new int[] {kept.assets.decoded(), kept.localizations.decoded(), kept.ratings.decoded()})
                .as("seed %d: one asset and one localization changed", seed).containsExactly(1, 1, 0);

        // A new video, with the id that some records already name: those are decoded now, the others renumbered.
        long added = videos.stream().mapToLong(Long::longValue).max().orElse(0) + 1;
        catalog.videos().add(0, new Video(added, "MOVIE", 0, "en", "t", 1));
        states.move(catalog);
        CompiledInputs.compile(PinnedInputs.unversioned(states.read), RuleSet.SPEC, kept);
        assertThat(new long[] {kept.assets.decoded(), kept.localizations.decoded(), kept.ratings.decoded()})
                .as("seed %d: a video added", seed).containsExactly(
                        catalog.assets().stream().filter(a -> a.getVideoId() == added
                                && a.getStatus().equals("READY")).count(),
                        catalog.localizations().stream().filter(x -> x.getVideoId() == added).count(),
                        catalog.ratings().stream().filter(r -> r.getVideoId() == added && !r.getValue().isBlank())
                                .count());
    }

    private static <T> int firstAbout(List<T> records, Set<Long> videos, java.util.function.ToLongFunction<T> video) {
        for (int i = 0; i < records.size(); i++) {
            if (videos.contains(video.applyAsLong(records.get(i)))) {
                return i;
            }
        }
        throw new IllegalStateException("no record about a known video");
    }

    /**
     * One step of upstream edits to every input: videos removed and added (new ids, and the ids some records
     * already name), original languages changed, and in each per-video input records removed, changed and added;
     * every few steps a policy's languages change, so that language bits move under records that did not.
     */
    static void churnEverything(Random random, Catalog catalog, List<String> countries, int step) {
        List<String> languages = List.of("ar", "de", "en", "fr", "ja", "pt-BR", "xx");
        long maxId = catalog.videos().stream().mapToLong(Video::getId).max().orElse(0);
        List<Video> videos = new ArrayList<>();
        for (Video video : catalog.videos()) {
            int roll = random.nextInt(12);
            if (roll == 0) {
                continue;
            }
            videos.add(roll == 1 ? new Video(video.getId(), video.getType(), video.getParentId(),
                    pick(random, languages), video.getTitle(), video.getRuntimeMinutes()) : video);
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            String[] types = {"MOVIE", "SHOW", "SEASON", "EPISODE"};
            videos.add(new Video(++maxId, types[random.nextInt(4)], random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(
                    (int) maxId), pick(random, languages), "t", 1));
        }
        catalog.videos().clear();
        catalog.videos().addAll(videos);
        long idBound = maxId + 2; // records about videos that do not exist (yet)

        edit(random, catalog.assets(), EvaluatorAcrossDeltasTest::flipped, () -> {
            String kind = pick(random, List.of("VIDEO", "AUDIO", "SUBTITLE"));
            return new Asset("a" + step + "-" + random.nextInt(1_000_000), 1 + random.nextInt((int) idBound), kind,
                    kind.equals("VIDEO") ? "" : pick(random, languages), pick(random, List.of("READY", "PENDING")));
        });
        Set<String> localized = new HashSet<>();
        catalog.localizations().forEach(l -> localized.add(l.getVideoId() + "|" + l.getLanguage()));
        edit(random, catalog.localizations(), l -> new Localization(l.getVideoId(), l.getLanguage(),
                random.nextBoolean() ? "title" : "", random.nextBoolean() ? "synopsis" : "\t"), () -> {
            Localization l = new Localization(1 + random.nextInt((int) idBound), pick(random, languages),
                    random.nextInt(4) == 0 ? " " : "title", random.nextInt(4) == 0 ? "" : "synopsis");
            return localized.add(l.getVideoId() + "|" + l.getLanguage()) ? l : null;
        });
        Set<String> rated = new HashSet<>();
        catalog.ratings().forEach(r -> rated.add(r.getVideoId() + "|" + r.getRatingSystem()));
        edit(random, catalog.ratings(), r -> new Rating(r.getVideoId(), r.getRatingSystem(),
                r.getValue().isBlank() ? "16" : ""), () -> {
            Rating r = new Rating(1 + random.nextInt((int) idBound), pick(random, List.of("CNC", "FSK", "MPAA")), "12");
            return rated.add(r.getVideoId() + "|" + r.getRatingSystem()) ? r : null;
        });
        churn(random, catalog, countries, step);
        if (step % 4 == 2) {
            int at = random.nextInt(catalog.countries().size());
            CountryPolicy p = catalog.countries().get(at);
            catalog.countries().set(at, new CountryPolicy(p.getCountry(), p.getRatingSystem(),
                    someOf(random, languages).stream().sorted().toList(), someOf(random, languages).stream().sorted()
                    .toList(), someOf(random, languages).stream().sorted().toList()));
        }
    }

    private static Asset flipped(Asset a) {
        return new Asset(a.getId(), a.getVideoId(), a.getKind(), a.getLanguage(),
                a.getStatus().equals("READY") ? "FAILED" : "READY");
    }

    /** Removes about a sixth of {@code records}, changes another sixth, and adds a few (a null from add is none). */
    private static <T> void edit(Random random, List<T> records, java.util.function.UnaryOperator<T> change,
                                 java.util.function.Supplier<T> add) {
        List<T> next = new ArrayList<>();
        for (T record : records) {
            int roll = random.nextInt(6);
            if (roll != 0) {
                next.add(roll == 1 ? change.apply(record) : record);
            }
        }
        for (int i = records.size() / 6 + 1; i > 0; i--) {
            T added = add.get();
            if (added != null) {
                next.add(added);
            }
        }
        records.clear();
        records.addAll(next);
    }

    private static <T> void replaceOne(Random random, List<T> records, java.util.function.UnaryOperator<T> change) {
        if (!records.isEmpty()) {
            int at = random.nextInt(records.size());
            records.set(at, change.apply(records.get(at)));
        }
    }

    private static Set<Long> videoIds(Catalog catalog) {
        Set<Long> ids = new HashSet<>();
        catalog.videos().forEach(v -> ids.add(v.getId()));
        return ids;
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** The six datasets as Hollow read states that each move by a delta when the catalog changed. */
    private static final class MovingStates {
        final Map<Dataset<?>, HollowReadStateEngine> read = new LinkedHashMap<>();
        private final Map<Dataset<?>, HollowWriteStateEngine> write = new LinkedHashMap<>();
        private final Map<Dataset<?>, HollowObjectMapper> mappers = new LinkedHashMap<>();

        MovingStates(Catalog catalog) throws IOException {
            for (Map.Entry<Dataset<?>, List<?>> entry : catalog.toSynthetic().byDataset().entrySet()) {
                HollowWriteStateEngine engine = new HollowWriteStateEngine();
                engine.setTargetMaxTypeShardSize(64); // several shards a type: ordinals interleave across them
                HollowObjectMapper mapper = new HollowObjectMapper(engine);
                mapper.initializeTypeState(entry.getKey().type());
                entry.getValue().forEach(mapper::add);
                HollowReadStateEngine state = new HollowReadStateEngine();
                StateEngineRoundTripper.roundTripSnapshot(engine, state);
                write.put(entry.getKey(), engine);
                mappers.put(entry.getKey(), mapper);
                read.put(entry.getKey(), state);
            }
        }

        void move(Catalog catalog) throws IOException {
            move(catalog, Set.of());
        }

        /** Moves every state by a delta, except those of {@code reloaded}: each becomes a new state, by snapshot. */
        void move(Catalog catalog, Set<Dataset<?>> reloaded) throws IOException {
            for (Map.Entry<Dataset<?>, List<?>> entry : catalog.toSynthetic().byDataset().entrySet()) {
                entry.getValue().forEach(mappers.get(entry.getKey())::add);
                if (reloaded.contains(entry.getKey())) {
                    HollowReadStateEngine state = new HollowReadStateEngine();
                    StateEngineRoundTripper.roundTripSnapshot(write.get(entry.getKey()), state);
                    read.put(entry.getKey(), state);
                } else {
                    StateEngineRoundTripper.roundTripDelta(write.get(entry.getKey()), read.get(entry.getKey()));
                }
            }
        }
    }

    /** Removes about a fifth of the contracts, gives another fifth new country sets, adds new ones. */
    static void churn(Random random, Catalog catalog, List<String> countries, int step) {
        List<Contract> next = new ArrayList<>();
        int videos = catalog.videos().size();
        for (Contract contract : catalog.contracts()) {
            int roll = random.nextInt(5);
            if (roll == 0) {
                continue;
            }
            next.add(roll == 1 ? new Contract(contract.getId(), contract.getVideoId(), someOf(random, countries),
                    contract.getWindowStart(), contract.getWindowEnd()) : contract);
        }
        for (int i = random.nextInt(videos / 2 + 1); i >= 0; i--) {
            long start = random.nextInt(2_500);
            next.add(new Contract("s" + step + "-" + i, 1 + random.nextInt(videos + 2), someOf(random, countries),
                    start, start + random.nextInt(2_000)));
        }
        catalog.contracts().clear();
        catalog.contracts().addAll(next);
    }

    private static Set<String> someOf(Random random, List<String> countries) {
        Set<String> picked = new HashSet<>();
        countries.forEach(country -> {
            if (random.nextBoolean()) {
                picked.add(country);
            }
        });
        return picked;
    }

    /** Which ordinals deltas removed, and which of those a later delta populated again. */
    static final class OrdinalHistory implements HollowTypeStateListener {
        final Set<Integer> removed = new HashSet<>();
        final Map<Integer, Integer> reused = new LinkedHashMap<>();
        private int delta;

        @Override
        public void beginUpdate() {
            delta++;
        }

        @Override
        public void addedOrdinal(int ordinal) {
            if (removed.contains(ordinal)) {
                reused.put(ordinal, delta);
            }
        }

        @Override
        public void removedOrdinal(int ordinal) {
            removed.add(ordinal);
        }

        @Override
        public void endUpdate() {
        }
    }
}
