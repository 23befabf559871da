package org.gatekeeper.app.bench;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatekeeper bench client}: the embedded client's {@code isLive} with JMH, over a real published output of
 * a profile, random video-country pairs; the baseline in the same run is a {@code HashMap<Long, Set<String>>} of
 * live countries per video, what a service would build by hand. Then the client's refresh time to a new version.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Measure the embedded client's isLive (JMH) and its refresh to a new version.")
final class ClientBench implements Callable<Integer> {
    @Option(names = "--profile", defaultValue = "netflix", description = "small or netflix (default ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--iterations", defaultValue = "5", description = "JMH measurement iterations (default ${DEFAULT-VALUE}).")
    int iterations;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Machine: " + Stats.machine());
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(ClientBenchmarks.class.getName() + ".*")
                .param("profile", profile)
                .forks(0) // in this JVM: the setup publishes a whole profile
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(1))
                .build()).run();
        out.printf("%n## Embedded client, profile `%s`: isLive on random pairs (JMH, average time)%n%n", profile);
        out.println("| benchmark | ns/op | error |");
        out.println("|---|---|---|");
        for (RunResult result : results) {
            var primary = result.getPrimaryResult();
            out.printf("| %s | %.1f | ± %.1f |%n", result.getParams().getBenchmark().replaceAll(".*\\.", ""),
                    primary.getScore(), primary.getScoreError());
        }
        out.flush();
        return 0;
    }

}
