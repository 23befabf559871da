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
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Localization;
import org.gatekeeper.model.Rating;
import org.gatekeeper.model.Video;
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
 * over maps of POJOs in the same run, and the heap of the six input datasets in Hollow against the same records
 * as POJOs.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure evaluation of a whole catalog, a naive baseline, and input heap in Hollow vs POJOs.")
final class EvaluateBench implements Callable<Integer> {
    @Option(names = "--profile", defaultValue = "netflix", description = "small or netflix (default ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--runs", defaultValue = "5", description = "Measured evaluations (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--naive-runs", defaultValue = "2",
            description = "Measured naive evaluations (default ${DEFAULT-VALUE}).")
    int naiveRuns;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (runs < 1 || naiveRuns < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--runs and --naive-runs must be at least 1: every figure here has its baseline");
        }
        PrintWriter out = spec.commandLine().getOut();
        Profile size = Profile.named(profile);
        long now = 1_795_000_000_000L;
        out.println("Machine: " + Stats.machine());

        long heapBefore = usedHeap();
        SyntheticCatalog catalog = SyntheticCatalog.generate(size, 1, now);
        long pojoHeap = usedHeap() - heapBefore;
        long hollowBefore = usedHeap();
        PinnedInputs inputs = toHollow(catalog);
        long hollowHeap = usedHeap() - hollowBefore;
        int countries = catalog.countries().size();
        long pairs = (long) catalog.videos().size() * countries;
        out.printf("%n## Evaluation of profile `%s`: %,d videos x %,d countries = %,d pairs, %,d input records%n%n",
                size.name(), catalog.videos().size(), countries, pairs, catalog.recordCount());

        LivenessEvaluator evaluator = new LivenessEvaluator();
        evaluator.evaluate(inputs, now, RuleSet.SPEC); // warm-up
        double[] total = new double[runs];
        double[] compile = new double[runs];
        double[] evaluate = new double[runs];
        Evaluation last = null;
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            last = evaluator.evaluate(inputs, now, RuleSet.SPEC);
            total[i] = (System.nanoTime() - started) / 1e9;
            compile[i] = last.compileNanos() / 1e9;
            evaluate[i] = last.evaluateNanos() / 1e9;
        }
        double[] naive = new double[naiveRuns];
        List<VideoStatus> naiveResult = null;
        for (int i = 0; i < naiveRuns; i++) {
            long started = System.nanoTime();
            naiveResult = NaiveEvaluator.evaluate(catalog, now);
            naive[i] = (System.nanoTime() - started) / 1e9;
            naiveResult = i == naiveRuns - 1 ? naiveResult : null;
        }
        boolean same = naiveResult != null && naiveResult.equals(last.toVideoStatuses());

        out.println("| measurement | median | min | max |");
        out.println("|---|---|---|---|");
        Stats.row(out, "**Gatekeeper evaluator, compile + evaluate** (" + Runtime.getRuntime().availableProcessors()
                + " threads)", total);
        Stats.row(out, "of which compile (Hollow states to dense arrays)", compile);
        Stats.row(out, "of which evaluate (19 M pairs to status ids)".replace("19 M", String.format("%,d", pairs)),
                evaluate);
        Stats.row(out, "baseline: naive evaluator over maps of POJOs (1 thread)", naive);
        out.printf("%nSpeed-up: **%.1fx** (median naive / median Gatekeeper). Distinct statuses: %,d; live pairs: "
                + "%,d (%.1f %%). Naive and fast outputs identical: %s.%n", Stats.median(naive) / Stats.median(total),
                last.distinctStatuses(), last.livePairs(), 100.0 * last.livePairs() / pairs, same);
        out.printf("%n## Heap of the six input datasets%n%n");
        out.println("| representation | heap |");
        out.println("|---|---|");
        out.printf("| POJOs (lists of model objects) | %,.0f MiB |%n", pojoHeap / 1048576.0);
        out.printf("| Hollow read states | %,.0f MiB |%n", hollowHeap / 1048576.0);
        out.printf("%nRatio Hollow / POJOs: **1/%.1f**.%n", (double) pojoHeap / hollowHeap);
        out.flush();
        return 0;
    }

    static PinnedInputs toHollow(SyntheticCatalog catalog) {
        return PinnedInputs.unversioned(CatalogPublisher.inMemory(catalog));
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
