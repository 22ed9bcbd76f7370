package org.fleettelemetry.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.fleettelemetry.config.ConfigException;
import org.fleettelemetry.config.ConfigSource;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Wiring only: config -> the app (streams + HTTP) -> start -> shutdown hook. */
@Command(
        name = "streams-app",
        mixinStandardHelpOptions = true,
        subcommands = {
            StreamsAppMain.Run.class,
            org.fleettelemetry.streams.console.TailCommand.class,
            org.fleettelemetry.streams.console.ConsoleCommand.class,
            org.fleettelemetry.streams.config.ConfigCommand.class,
            org.fleettelemetry.streams.config.SchemasCommand.class,
            org.fleettelemetry.streams.http.auth.TokenCommand.class
        },
        description = "Fleet connectivity outage detection on Kafka Streams.")
public final class StreamsAppMain implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(StreamsAppMain.class);

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new StreamsAppMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run an instance until stopped.")
    static final class Run implements Callable<Integer> {
        @Option(
                names = "--config",
                description = "Properties file; STREAMS_* environment variables and --set override it")
        Path config;

        @Option(names = "--set", description = "key=value override, repeatable")
        List<String> sets = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            StreamsAppConfig cfg = StreamsAppConfig.from(ConfigSource.load(
                    config, System.getenv(), StreamsAppConfig.ENV_PREFIX, ConfigSource.parsePairs(sets)));
            log.info("starting: {}", cfg);
            CountDownLatch stopped = new CountDownLatch(1);
            StreamsApp app = StreamsApp.start(cfg);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                app.close(Duration.ofSeconds(30));
                                stopped.countDown();
                            },
                            "streams-app-shutdown"));
            stopped.await();
            return 0;
        }
    }
}
