package org.gatekeeper.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code gatekeeper}: the one command (SPEC §8). Usage errors print the usage and exit 2; a failure prints one line
 * naming what failed and exits 1 (set {@code GATEKEEPER_DEBUG=1} for the stack trace).
 */
@Command(name = "gatekeeper", mixinStandardHelpOptions = true, version = "gatekeeper 0.1.0",
        description = "Decides, every minute, which videos may go live in which countries.",
        subcommands = {DemoCommand.class, ProducerCommand.class, SweepCommand.class, GatekeeperLoopCommand.class, ReplayCommand.class,
                DiffCommand.class, ServeCommand.class, StatusCommand.class, PinCommand.class, LoadCommand.class,
                org.gatekeeper.app.bench.BenchCommand.class},
        usageHelpAutoWidth = true)
public final class GatekeeperCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.install();
        ConfigFile.Located located;
        CommandLine commandLine = commandLine();
        try {
            located = ConfigFile.locate(args, System.getenv("GATEKEEPER_CONFIG"));
            if (located.config() != null) {
                located.config().checkKeys(commandLine);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("gatekeeper: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (located.config() != null) {
            commandLine.setDefaultValueProvider(located.config());
        }
        System.exit(commandLine.execute(located.args()));
    }

    /** The command line with its exit-code and error conventions, for {@code main} and for tests. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new GatekeeperCommand());
        // Every usage error prints the message, any suggestion, and the usage (picocli alone skips the usage when it
        // has a suggestion), then exits 2.
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, failed.getErr());
            failed.usage(failed.getErr());
            return 2;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("gatekeeper " + cmd.getCommandName() + ": " + e.getMessage());
            if (System.getenv("GATEKEEPER_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return commandLine;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
