package org.gatekeeper.app.bench;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.tools.diff.HollowDiff;
import com.netflix.hollow.tools.diff.HollowTypeDiff;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.gatekeeper.core.Gatekeeper;
import org.gatekeeper.core.RuleSet;
import org.gatekeeper.diff.ChangeKind;
import org.gatekeeper.diff.DiffService;
import org.gatekeeper.diff.OutputDiff;
import org.gatekeeper.diff.StateRef;
import org.gatekeeper.diff.web.DiffServer;
import org.gatekeeper.model.ManualClock;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.profile.SyntheticCatalog;
import org.gatekeeper.model.store.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatekeeper bench diff}: the diff of PREPROD (the demo's changed rules) vs PROD over a whole profile (issue 6),
 * both published through the real loop to a directory store. Baseline in the same run: Hollow's own
 * {@link HollowDiff} over the same two states ({@code VideoStatus} matched by {@code videoId}), which counts field
 * differences but does not say which pairs changed.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Measure the PREPROD vs PROD diff against Hollow's HollowDiff on the same states.")
final class DiffBench implements Callable<Integer> {
    @Option(names = "--profile", defaultValue = "netflix", description = "small or netflix (default ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--runs", defaultValue = "7", description = "Measured diffs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--hollow-runs", defaultValue = "2", description = "Measured HollowDiff runs (default ${DEFAULT-VALUE}).")
    int hollowRuns;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long now = 1_795_000_000_000L;
        SyntheticCatalog catalog = SyntheticCatalog.generate(Profile.named(profile), 1, now);
        Path dir = Files.createTempDirectory("gatekeeper-bench-diff-");
        try (BlobStore store = BlobStore.directory(dir)) {
            CatalogPublisher.publishAll(store, catalog);
            catalog = null;
            new Gatekeeper(store, RuleSet.SPEC, new ManualClock(Instant.ofEpochMilli(now))).tick();
            Gatekeeper.preprod(store, RuleSet.SUBTITLES_IN_FIRST_METADATA_LANGUAGE).tick();
            DiffService service = new DiffService(store);
            StateRef prod = service.resolve("liveness-prod:latest");
            StateRef preprod = service.resolve("liveness-preprod:latest");
            long loadStarted = System.nanoTime();
            HollowReadStateEngine from = service.load(prod);
            HollowReadStateEngine to = service.load(preprod);
            double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;

            OutputDiff warmup = OutputDiff.between(prod, from, preprod, to);
            double[] diffSeconds = new double[runs];
            OutputDiff diff = warmup;
            for (int i = 0; i < runs; i++) {
                System.gc();
                long started = System.nanoTime();
                diff = OutputDiff.between(prod, from, preprod, to);
                diffSeconds[i] = (System.nanoTime() - started) / 1e9;
            }
            double[] hollowSeconds = new double[hollowRuns];
            HollowTypeDiff hollowTypeDiff = null;
            for (int i = 0; i < hollowRuns; i++) {
                System.gc();
                long started = System.nanoTime();
                HollowDiff hollow = new HollowDiff(from, to);
                hollowTypeDiff = hollow.addTypeDiff("VideoStatus", "videoId");
                hollow.calculateDiffs();
                hollowSeconds[i] = (System.nanoTime() - started) / 1e9;
            }

            // The summary page as a browser would fetch it: cold (a fresh server loads both states and diffs them),
            // then warm (the diff is cached; the page renders the summary and the first table page).
            double coldPage;
            double[] warmPage = new double[runs];
            int pageBytes;
            try (DiffServer server = DiffServer.start(store, DiffServer.Settings.loopback(0), java.time.Clock.systemUTC())) {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest request = HttpRequest.newBuilder(URI.create(server.uri() + "/compare")).build();
                System.gc();
                long started = System.nanoTime();
                HttpResponse<String> first = http.send(request, HttpResponse.BodyHandlers.ofString());
                coldPage = (System.nanoTime() - started) / 1e9;
                if (first.statusCode() != 200) {
                    throw new IllegalStateException("GET /compare answered " + first.statusCode());
                }
                pageBytes = first.body().length();
                for (int i = 0; i < runs; i++) {
                    started = System.nanoTime();
                    http.send(request, HttpResponse.BodyHandlers.ofString());
                    warmPage[i] = (System.nanoTime() - started) / 1e9;
                }
            }

            OutputDiff.Summary s = diff.summary();
            out.printf("Machine: %s%nProfile %s: %,d videos, %,d pairs per side; loading the two states: %.2f s%n%n",
                    Stats.machine(), profile, s.videosBefore(), s.pairsBefore(), loadSeconds);
            out.println("| measurement | median | min | max |");
            out.println("|---|---|---|---|");
            Stats.row(out, "**Gatekeeper `OutputDiff`**, every changed pair listed (" + runs + " runs)", diffSeconds);
            Stats.row(out, "baseline: Hollow `HollowDiff` on `VideoStatus` by `videoId` (" + hollowRuns + " runs)",
                    hollowSeconds);
            out.printf("%n| summary page `GET /compare` (PREPROD vs PROD) | time |%n|---|---|%n");
            out.printf("| cold: a fresh server loads both states and diffs them | %.2f s |%n", coldPage);
            out.printf("| warm: diff cached, page rendered (median of %d; %,d bytes) | %.3f s |%n", runs, pageBytes,
                    Stats.median(warmPage));
            out.printf("%nChanged pairs: %,d (became live %,d, stopped live %,d, blockers changed %,d, window changed "
                            + "%,d); live pairs %,d -> %,d. HollowDiff: %,d matched videos, total diff score %,d.%n",
                    s.changedPairs(), s.byKind().get(ChangeKind.BECAME_LIVE), s.byKind().get(ChangeKind.STOPPED_LIVE),
                    s.byKind().get(ChangeKind.BLOCKERS_CHANGED), s.byKind().get(ChangeKind.WINDOW_CHANGED),
                    s.livePairsBefore(), s.livePairsAfter(), hollowTypeDiff.getTotalNumberOfMatches(),
                    hollowTypeDiff.getTotalDiffScore());
            out.printf("Ratio: %.1f× faster than HollowDiff (medians).%n",
                    Stats.median(hollowSeconds) / Stats.median(diffSeconds));
        }
        return 0;
    }
}
