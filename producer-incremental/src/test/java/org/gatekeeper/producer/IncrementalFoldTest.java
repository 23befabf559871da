package org.gatekeeper.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.hollow.api.producer.HollowProducer;
import com.netflix.hollow.api.producer.validation.ValidationResult;
import com.netflix.hollow.api.producer.validation.ValidatorListener;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import com.netflix.hollow.core.read.engine.set.HollowSetTypeReadState;
import com.netflix.hollow.core.read.iterator.HollowOrdinalIterator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.DatasetMarker;
import org.gatekeeper.model.codec.ChangeRecord;
import org.gatekeeper.model.codec.HollowRecordReader;
import org.gatekeeper.model.store.BlobNamespace;
import org.gatekeeper.model.store.IntegrityCheck;
import org.gatekeeper.model.store.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IncrementalFoldTest extends ProducerTestSupport {
    private static final List<String> COUNTRIES = List.of("US", "FR", "DE", "JP", "BR", "IN");

    /**
     * Many cycles of upserts, repeats, deletes and re-inserts over few keys, with a restart halfway: the key index
     * lives across cycles (and is rebuilt after the restart), its table grows and deletes shift entries back. After
     * every cycle the announced state, read by a fresh consumer through the delta chain, holds exactly the fold of
     * the records, and every country set and country string in it is still referenced (nothing orphaned). (Sets
     * are not always deduplicated after a restart: Hollow's restored ordinal map holds sets in a layout a fresh
     * write does not match, so an equal set can get a second ordinal. That is Hollow's, and harmless.)
     */
    @ParameterizedTest
    @EnumSource(IntegrityCheck.class)
    void manyCycles_matchTheFold_andLeaveNoOrphanedReferences(IntegrityCheck check) {
        long seed = System.nanoTime();
        System.out.println("seed=" + seed + " check=" + check);
        Random random = new Random(seed);
        BlobNamespace contracts = store.namespace("contracts");
        DatasetProducer<Contract> producer = startProducer(Dataset.CONTRACTS,
                DatasetProducer.builder(Dataset.CONTRACTS, contracts, settings().withIntegrityCheck(check)));
        Upstream<Contract> upstream = upstream(Dataset.CONTRACTS);

        for (int round = 0; round < 16; round++) {
            if (round == 8) {
                producer.close();
                producer = startProducer(Dataset.CONTRACTS,
                        DatasetProducer.builder(Dataset.CONTRACTS, contracts, settings().withIntegrityCheck(check)));
            }
            for (int i = 0; i < 60; i++) {
                Contract record = new Contract("c-" + random.nextInt(70), random.nextInt(5), randomCountries(random),
                        0, 1_000 + random.nextInt(3));
                if (random.nextInt(4) == 0) {
                    upstream.delete(record);
                } else {
                    upstream.upsert(record);
                }
            }
            catchUp(producer);

            HollowReadStateEngine state = announcedState(contracts);
            List<Contract> expected = upstream.expectedRecords();
            assertThat(HollowRecordReader.of(Dataset.CONTRACTS).readAll(state)).as("seed %d, round %d", seed, round)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(populatedOrdinals(state, "SetOfString")).as("seed %d, round %d: country sets", seed, round)
                    .isEqualTo(referencedSets(state));
            assertThat(populatedOrdinals(state, "String")).as("seed %d, round %d: country strings", seed, round)
                    .isEqualTo(referencedStrings(state));
        }
    }

    @Test
    void verify_namesTheKeyWhoseRecordTheStateDoesNotHoldAsWritten() {
        BlobNamespace namespace = store.namespace("contracts");
        IncrementalFold<Contract> fold = new IncrementalFold<>(Dataset.CONTRACTS);
        AtomicReference<HollowReadStateEngine> validated = new AtomicReference<>();
        HollowProducer hollow = plainProducer(namespace, validated);
        Contract first = new Contract("c-1", 1, Set.of("FR"), 0, 10);
        Contract second = new Contract("c-2", 2, Set.of("US", "JP"), 0, 10);
        hollow.runCycle(state -> fold.populate(state, List.of(upsert(first), upsert(second))));
        fold.committed(validated.get());
        Contract changed = new Contract("c-1", 1, Set.of("DE"), 0, 10);
        hollow.runCycle(state -> fold.populate(state, List.of(upsert(changed))));

        assertThat(fold.verify(validated.get(), hollow.getWriteEngine())).isNull();

        List<IncrementalFold.Applied<Contract>> applied = fold.applied();
        IncrementalFold.Applied<Contract> real = applied.get(0);
        assertThat(real.before()).isNotEqualTo(real.after());
        applied.set(0, new IncrementalFold.Applied<>(real.key(), real.before(), real.after(), first));
        assertThat(fold.verify(validated.get(), hollow.getWriteEngine()))
                .contains("key [c-1]").contains("reads back as").contains("DE");

        applied.set(0, new IncrementalFold.Applied<>(real.key(), real.after(), -1, null));
        assertThat(fold.verify(validated.get(), hollow.getWriteEngine()))
                .contains("key [c-1]").contains("is still there");
    }

    @Test
    void anIndexThatLostAKey_isRebuiltBeforeTheCycleUsesIt_soTheKeyIsNotHeldTwice() {
        BlobNamespace namespace = store.namespace("contracts");
        IncrementalFold<Contract> fold = new IncrementalFold<>(Dataset.CONTRACTS);
        AtomicReference<HollowReadStateEngine> validated = new AtomicReference<>();
        HollowProducer hollow = plainProducer(namespace, validated);
        hollow.runCycle(state -> fold.populate(state, List.of(
                upsert(new Contract("c-1", 1, Set.of("FR"), 0, 10)),
                upsert(new Contract("c-2", 2, Set.of("US"), 0, 10)))));
        fold.committed(validated.get());
        KeyIndex kept = fold.keyIndex();
        kept.remove(List.of("c-1"), kept.find(List.of("c-1"))); // the index loses a key

        Contract changed = new Contract("c-1", 1, Set.of("DE"), 0, 10);
        hollow.runCycle(state -> fold.populate(state, List.of(upsert(changed))));

        assertThat(fold.keyIndex()).isNotSameAs(kept);
        assertThat(HollowRecordReader.of(Dataset.CONTRACTS).readAll(validated.get()))
                .containsExactlyInAnyOrder(changed, new Contract("c-2", 2, Set.of("US"), 0, 10));
        assertThat(fold.verify(validated.get(), hollow.getWriteEngine())).isNull();
    }

    /** The index kept across 40 cycles (grown, entries shifted back by deletes) agrees with the fold each cycle. */
    @Test
    void keptKeyIndex_agreesWithTheFoldAfterEveryCycle() {
        long seed = System.nanoTime();
        System.out.println("seed=" + seed);
        Random random = new Random(seed);
        BlobNamespace namespace = store.namespace("contracts");
        IncrementalFold<Contract> fold = new IncrementalFold<>(Dataset.CONTRACTS);
        AtomicReference<HollowReadStateEngine> validated = new AtomicReference<>();
        HollowProducer hollow = plainProducer(namespace, validated);
        Map<String, Contract> expected = new HashMap<>();
        for (int cycle = 0; cycle < 40; cycle++) {
            Map<String, ChangeRecord<Contract>> changes = new HashMap<>();
            for (int i = 0; i < 50; i++) {
                String id = "k" + random.nextInt(400);
                if (random.nextInt(3) == 0) {
                    changes.put(id, new ChangeRecord.Delete<>(new ChangeRecord.RecordKey(id, List.of(id))));
                } else {
                    changes.put(id, upsert(new Contract(id, cycle, Set.of("FR"), 0, 10)));
                }
            }
            hollow.runCycle(state -> fold.populate(state, changes.values()));
            fold.committed(validated.get());
            changes.forEach((id, change) -> {
                if (change instanceof ChangeRecord.Upsert<Contract> upsert) {
                    expected.put(id, upsert.record());
                } else {
                    expected.remove(id);
                }
            });
            assertThat(HollowRecordReader.of(Dataset.CONTRACTS).readAll(validated.get()))
                    .as("seed %d, cycle %d", seed, cycle).containsExactlyInAnyOrderElementsOf(expected.values());
            KeyIndex kept = fold.keyIndex();
            for (int k = 0; k < 400; k++) {
                String id = "k" + k;
                assertThat(kept.find(List.of(id)) >= 0).as("seed %d, cycle %d, key %s", seed, cycle, id)
                        .isEqualTo(expected.containsKey(id));
            }
            assertThat(kept.size()).isEqualTo(expected.size());
        }
    }

    /** A plain Hollow producer whose validator hands over the read state about to be announced. */
    private static HollowProducer plainProducer(BlobNamespace namespace,
                                                AtomicReference<HollowReadStateEngine> validated) {
        HollowProducer.Builder<?> builder = HollowProducer.withPublisher(namespace.publisher());
        namespace.configure(builder, RetentionPolicy.DEFAULT);
        HollowProducer hollow = builder.noIntegrityCheck().withValidator(new ValidatorListener() {
            @Override
            public String getName() {
                return "capture";
            }

            @Override
            public ValidationResult onValidate(HollowProducer.ReadState readState) {
                validated.set(readState.getStateEngine());
                return ValidationResult.from(this).passed();
            }
        }).build();
        hollow.initializeDataModel(Contract.class, DatasetMarker.class);
        hollow.runCycle(state -> state.add(new DatasetMarker("contracts")));
        return hollow;
    }

    private static Set<String> randomCountries(Random random) {
        Set<String> countries = new HashSet<>();
        int count = 1 + random.nextInt(3);
        while (countries.size() < count) {
            countries.add(COUNTRIES.get(random.nextInt(COUNTRIES.size())));
        }
        return countries;
    }

    private static ChangeRecord<Contract> upsert(Contract contract) {
        return new ChangeRecord.Upsert<>(new ChangeRecord.RecordKey(contract.getId(), List.of(contract.getId())),
                contract);
    }

    private static Set<Integer> populatedOrdinals(HollowReadStateEngine state, String type) {
        Set<Integer> ordinals = new TreeSet<>();
        HollowTypeReadState typeState = state.getTypeState(type);
        if (typeState != null) {
            typeState.getPopulatedOrdinals().stream().forEach(ordinals::add);
        }
        return ordinals;
    }

    /** The country-set ordinals some contract references. */
    private static Set<Integer> referencedSets(HollowReadStateEngine state) {
        HollowObjectTypeReadState contracts = (HollowObjectTypeReadState) state.getTypeState("Contract");
        int field = contracts.getSchema().getPosition("countries");
        Set<Integer> ordinals = new TreeSet<>();
        contracts.getPopulatedOrdinals().stream().forEach(c -> ordinals.add(contracts.readOrdinal(c, field)));
        return ordinals;
    }

    /** The string ordinals some country set references. */
    private static Set<Integer> referencedStrings(HollowReadStateEngine state) {
        HollowSetTypeReadState sets = (HollowSetTypeReadState) state.getTypeState("SetOfString");
        Set<Integer> ordinals = new TreeSet<>();
        sets.getPopulatedOrdinals().stream().forEach(set -> {
            HollowOrdinalIterator elements = sets.ordinalIterator(set);
            for (int e = elements.next(); e != HollowOrdinalIterator.NO_MORE_ORDINALS; e = elements.next()) {
                ordinals.add(e);
            }
        });
        return ordinals;
    }

}
