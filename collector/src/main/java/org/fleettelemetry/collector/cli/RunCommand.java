package org.fleettelemetry.collector.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.fleettelemetry.collector.CollectorRuntime;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.config.ConfigSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code collector run --config FILE [--set key=value]...}: runs until stopped; a clean stop flushes and commits. */
@Command(
        name = "run",
        description = "Tail this endpoint's agent logs and ship them to Kafka until stopped.",
        mixinStandardHelpOptions = true)
public final class RunCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            description = "Properties file (keys: see README). COLLECTOR_* environment "
                    + "variables override it, --set overrides both.")
    Path config;

    @Option(names = "--set", description = "key=value override, repeatable")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        CollectorConfig cfg = CollectorConfig.from(
                ConfigSource.load(config, System.getenv(), CollectorConfig.ENV_PREFIX, ConfigSource.parsePairs(sets)));
        CollectorMain.applyLogLevel(cfg.logLevel());
        CountDownLatch stopped = new CountDownLatch(1);
        try (CollectorRuntime runtime = CollectorRuntime.start(List.of(cfg), cfg.metricsPort())) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                runtime.close();
                                stopped.countDown();
                            },
                            "collector-shutdown"));
            stopped.await();
        }
        return 0;
    }
}
