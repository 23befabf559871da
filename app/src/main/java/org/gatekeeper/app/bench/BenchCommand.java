package org.gatekeeper.app.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gatekeeper bench}: one subcommand per stage; each prints Markdown ready for docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the figures in docs/benchmarks.md, each with a baseline from the same run.",
        subcommands = {ProducerBench.class, SweepBench.class, EvaluateBench.class, HeapBench.class, TickBench.class, ClientBench.class,
                DiffBench.class, LatencyBench.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a benchmark is required");
    }
}
