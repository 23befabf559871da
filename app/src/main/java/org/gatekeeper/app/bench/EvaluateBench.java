package org.gatekeeper.app.bench;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.util.StateEngineRoundTripper;
import com.netflix.hollow.core.write.HollowWriteStateEngine;
import com.netflix.hollow.core.write.objectmapper.HollowObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gatekeeper.core.Evaluation;
import org.gatekeeper.core.LivenessEvaluator;
import org.gatekeeper.core.PinnedInputs;
import org.gatekeeper.core.RuleSet;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.VideoStatus;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.profile.SyntheticCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatekeeper bench evaluate}: evaluation time of a whole profile (issue 4), against the naive evaluator
 * over maps of POJOs in the same run ({@code bench heap} measures the inputs' heap).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure evaluation of a whole catalog against a naive baseline. "
                + "Exits 1 when the evaluator and the naive baseline disagree.")
final class EvaluateBench implements Callable<Integer> {
    @Option(names = "--profile", defaultValue = "netflix", description = "small or netflix (default ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--runs", defaultValue = "5", description = "Measured evaluations (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--naive-runs", defaultValue = "2",
            description = "Measured naive evaluations (default ${DEFAULT-VALUE}).")
    int naiveRuns;

    @Option(names = "--cold-runs", defaultValue = "3",
            description = "Evaluations by a new evaluator each, nothing kept from earlier ones (default ${DEFAULT-VALUE}).")
    int coldRuns;

    @Option(names = "--changed-records", defaultValue = "1000",
            description = "Records edited in each of contracts, assets, localizations and ratings by a Hollow delta "
                    + "before each measured evaluation, as between two PROD ticks (default ${DEFAULT-VALUE}).")
    int changedRecords;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (runs < 1 || naiveRuns < 1 || coldRuns < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--runs, --naive-runs and --cold-runs must be at least 1: every figure here has its baseline");
        }
        if (changedRecords < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--changed-records must be 0 or more, not " + changedRecords);
        }
        PrintWriter out = spec.commandLine().getOut();
        Profile size = Profile.named(profile);
        long now = 1_795_000_000_000L;
        out.println("Machine: " + Stats.machine());

        SyntheticCatalog catalog = SyntheticCatalog.generate(size, 1, now);
        Map<Dataset<?>, HollowReadStateEngine> states = new LinkedHashMap<>(CatalogPublisher.inMemory(catalog));
        int countries = catalog.countries().size();
        long pairs = (long) catalog.videos().size() * countries;
        out.printf("%n## Evaluation of profile `%s`: %,d videos x %,d countries = %,d pairs, %,d input records%n%n",
                size.name(), catalog.videos().size(), countries, pairs, catalog.recordCount());

        InputsByDelta churned = new InputsByDelta(catalog);
        states.putAll(churned.states);
        PinnedInputs inputs = PinnedInputs.unversioned(states);
        LivenessEvaluator evaluator = new LivenessEvaluator();
        evaluator.evaluate(inputs, now, RuleSet.SPEC); // warm-up
        Timings cold = new Timings(coldRuns);
        for (int i = 0; i < coldRuns; i++) {
            cold.add(i, new LivenessEvaluator().evaluate(inputs, now, RuleSet.SPEC));
        }
        Timings kept = new Timings(runs);
        Evaluation last = null;
        for (int i = 0; i < runs; i++) {
            churned.change(changedRecords);
            last = evaluator.evaluate(inputs, now, RuleSet.SPEC);
            kept.add(i, last);
        }
        SyntheticCatalog evaluated = churned.catalog();
        double[] naive = new double[naiveRuns];
        List<VideoStatus> naiveResult = null;
        for (int i = 0; i < naiveRuns; i++) {
            long started = System.nanoTime();
            naiveResult = NaiveEvaluator.evaluate(evaluated, now);
            naive[i] = (System.nanoTime() - started) / 1e9;
            naiveResult = i == naiveRuns - 1 ? naiveResult : null;
        }
        boolean same = naiveResult != null && naiveResult.equals(last.toVideoStatuses());

        int threads = Runtime.getRuntime().availableProcessors();
        out.println("| measurement | median | min | max |");
        out.println("|---|---|---|---|");
        Stats.row(out, String.format("**Gatekeeper evaluator, compile + evaluate** (%d threads; one evaluator kept, "
                + "%,d records each of contracts, assets, localizations and ratings changed by deltas before each)",
                threads, changedRecords), kept.total);
        Stats.row(out, "of which compile (Hollow states to dense arrays)", kept.compile);
        Stats.row(out, String.format("of which evaluate (%,d pairs to status ids)", pairs), kept.evaluate);
        Stats.row(out, "first evaluation by a new evaluator (nothing kept), compile + evaluate", cold.total);
        Stats.row(out, "of which compile", cold.compile);
        Stats.row(out, "baseline: naive evaluator over maps of POJOs (1 thread)", naive);
        out.printf("%nSpeed-up: **%.1fx** (median naive / median Gatekeeper), %.1fx against a new evaluator. "
                        + "Distinct statuses: %,d; live pairs: %,d (%.1f %%). Naive and fast outputs identical: %s.%n",
                Stats.median(naive) / Stats.median(kept.total), Stats.median(naive) / Stats.median(cold.total),
                last.distinctStatuses(), last.livePairs(), 100.0 * last.livePairs() / pairs, same);
        out.flush();
        return same ? 0 : 1;
    }

    /** Compile, evaluate and total seconds of each measured evaluation. */
    private static final class Timings {
        final double[] total;
        final double[] compile;
        final double[] evaluate;

        Timings(int runs) {
            total = new double[runs];
            compile = new double[runs];
            evaluate = new double[runs];
        }

        void add(int run, Evaluation evaluation) {
            compile[run] = evaluation.compileNanos() / 1e9;
            evaluate[run] = evaluation.evaluateNanos() / 1e9;
            total[run] = compile[run] + evaluate[run];
        }
    }

    /**
     * The churned datasets as Hollow states that move by deltas, as a PROD gatekeeper's consumers do between ticks
     * ({@link InputChurn}). Assets, localizations and ratings carry the rest over from the last cycle and replace
     * only the edited records, as Hollow's incremental producer does; contracts are written whole each time, so
     * that a replaced contract's country set goes with it (a carried-over set would stay behind).
     */
    private static final class InputsByDelta {
        private final InputChurn churn;
        private final Map<Dataset<?>, HollowWriteStateEngine> writes = new LinkedHashMap<>();
        private final Map<Dataset<?>, HollowObjectMapper> mappers = new LinkedHashMap<>();
        private final Map<Dataset<?>, int[]> ordinals = new LinkedHashMap<>();
        final Map<Dataset<?>, HollowReadStateEngine> states = new LinkedHashMap<>();

        InputsByDelta(SyntheticCatalog catalog) {
            churn = new InputChurn(catalog);
            for (Dataset<?> dataset : InputChurn.CHURNED) {
                HollowWriteStateEngine write = new HollowWriteStateEngine();
                HollowObjectMapper mapper = new HollowObjectMapper(write);
                mapper.initializeTypeState(dataset.type());
                List<Object> records = churn.records(dataset);
                int[] ordinal = new int[records.size()];
                java.util.stream.IntStream.range(0, ordinal.length).parallel()
                        .forEach(i -> ordinal[i] = mapper.add(records.get(i)));
                HollowReadStateEngine state = new HollowReadStateEngine();
                try {
                    StateEngineRoundTripper.roundTripSnapshot(write, state);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                writes.put(dataset, write);
                mappers.put(dataset, mapper);
                ordinals.put(dataset, ordinal);
                states.put(dataset, state);
            }
        }

        void change(int count) {
            if (count == 0) {
                return;
            }
            churn.change(count);
            for (Dataset<?> dataset : InputChurn.CHURNED) {
                HollowWriteStateEngine write = writes.get(dataset);
                if (dataset == Dataset.CONTRACTS) {
                    churn.records(dataset).parallelStream().forEach(mappers.get(dataset)::add);
                    roundTrip(write, states.get(dataset));
                    continue;
                }
                write.addAllObjectsFromPreviousCycle();
                int[] ordinal = ordinals.get(dataset);
                for (int i : churn.lastChanged(dataset)) {
                    write.getTypeState(dataset.hollowTypeName()).removeOrdinalFromThisCycle(ordinal[i]);
                    ordinal[i] = mappers.get(dataset).add(churn.records(dataset).get(i));
                }
                roundTrip(write, states.get(dataset));
            }
        }

        private static void roundTrip(HollowWriteStateEngine write, HollowReadStateEngine state) {
            try {
                StateEngineRoundTripper.roundTripDelta(write, state);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        SyntheticCatalog catalog() {
            return churn.catalog();
        }
    }
}
