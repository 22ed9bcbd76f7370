package org.fleettelemetry.collector;

import org.fleettelemetry.collector.cli.ParseCommand;
import org.fleettelemetry.collector.cli.ReplayCommand;
import org.fleettelemetry.collector.cli.RunCommand;
import org.fleettelemetry.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The collector's command line: {@code run}, {@code parse}, {@code replay}. */
@Command(name = "collector", mixinStandardHelpOptions = true, version = "fleet-telemetry collector",
        description = "Endpoint agent log collector for fleet-telemetry.",
        subcommands = {RunCommand.class, ParseCommand.class, ReplayCommand.class, org.fleettelemetry.collector.cli.SimulateCommand.class})
public final class CollectorMain implements Runnable {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new CollectorMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println(e.getMessage());
                return 2;
            }
            if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("error: " + e);
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }
}
