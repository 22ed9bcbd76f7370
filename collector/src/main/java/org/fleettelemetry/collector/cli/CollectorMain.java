package org.fleettelemetry.collector.cli;

import org.fleettelemetry.collector.faults.StateDirException;
import org.fleettelemetry.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The collector's command line: {@code run}, {@code parse}, {@code replay}, {@code simulate}, {@code probe}. */
@Command(
        name = "collector",
        mixinStandardHelpOptions = true,
        version = "fleet-telemetry collector",
        description = "Endpoint agent log collector for fleet-telemetry.",
        subcommands = {
            RunCommand.class,
            ParseCommand.class,
            ReplayCommand.class,
            SimulateCommand.class,
            ProbeCommand.class
        })
public final class CollectorMain implements Runnable {
    static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * The configured {@code log.level} (file, {@code COLLECTOR_LOG_LEVEL} or {@code --set}) for slf4j-simple, which
     * reads its level once, when the first logger is made: so the commands call this after reading the
     * configuration and before starting anything that logs. A {@code -Dorg.slf4j.simpleLogger.defaultLogLevel}
     * on the command line wins. Under another backend (tests run with logback) the property is inert.
     */
    public static void applyLogLevel(String level) {
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(LOG_LEVEL_PROPERTY, level);
        }
    }

    /** Runs a command and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new CollectorMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof StateDirException) {
                commandLine
                        .getErr()
                        .println("error: " + e.getMessage() + " (exit status " + StateDirException.EXIT_CODE + ")");
                return StateDirException.EXIT_CODE;
            }
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
