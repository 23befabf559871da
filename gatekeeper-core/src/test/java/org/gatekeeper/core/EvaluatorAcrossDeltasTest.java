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
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.junit.jupiter.api.Test;

/**
 * One evaluator kept while its contracts state moves by Hollow deltas, as in the PROD loop: what it keeps between
 * evaluations (the country mask of each contract's set, by set ordinal) must never outlive the set it was read
 * from, however many deltas lie between two evaluations and whether or not an ordinal is reused.
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
        SetOrdinalHistory history = new SetOrdinalHistory();
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

    /** Which set ordinals deltas removed, and which of those a later delta populated again. */
    private static final class SetOrdinalHistory implements HollowTypeStateListener {
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
