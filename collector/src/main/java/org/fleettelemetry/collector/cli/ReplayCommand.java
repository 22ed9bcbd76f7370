package org.fleettelemetry.collector.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.fleettelemetry.collector.CollectorRuntime;
import org.fleettelemetry.collector.EndpointCollector;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.config.ConfigSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code collector replay --fleet-dir DIR}: one real collector per endpoint folder ({@code
 * endpoint.properties} + the agent's log files), all in this JVM, sharing one producer. Exits 0 once
 * every line is read and acknowledged; with {@code --follow}, keeps tailing until stopped.
 */
@Command(
        name = "replay",
        description = "Run one collector per endpoint folder of a fleet directory in this JVM.",
        mixinStandardHelpOptions = true)
public final class ReplayCommand implements Callable<Integer> {
    @Option(
            names = "--fleet-dir",
            required = true,
            description = "One folder per endpoint: endpoint.properties + log files")
    Path fleetDir;

    @Option(names = "--config", description = "Properties shared by every endpoint (Kafka, registry, topics)")
    Path config;

    @Option(names = "--set", description = "key=value override for every endpoint, repeatable")
    List<String> sets = new ArrayList<>();

    @Option(names = "--state-dir", description = "Root of the endpoints' state (default: <endpoint folder>/.state)")
    Path stateRoot;

    @Option(names = "--follow", description = "Keep tailing after catching up, until stopped")
    boolean follow;

    @Option(names = "--progress-every", description = "Seconds between progress lines (default ${DEFAULT-VALUE})")
    int progressSeconds = 5;

    @Override
    public Integer call() throws Exception {
        Map<String, String> shared =
                ConfigSource.load(config, System.getenv(), CollectorConfig.ENV_PREFIX, ConfigSource.parsePairs(sets));
        List<CollectorConfig> configs = new ArrayList<>();
        for (Path endpointDir : endpointDirs()) {
            Map<String, String> values = new TreeMap<>(shared);
            values.putAll(ConfigSource.readProperties(endpointDir.resolve("endpoint.properties")));
            values.putIfAbsent("endpoint.id", endpointDir.getFileName().toString());
            values.putIfAbsent("logs", endpointDir.toAbsolutePath() + "/*.log");
            values.putIfAbsent(
                    "state.dir",
                    (stateRoot == null
                                    ? endpointDir.resolve(".state")
                                    : stateRoot.resolve(
                                            endpointDir.getFileName().toString()))
                            .toString());
            values.putIfAbsent("start.position", "BEGINNING");
            values.putIfAbsent("metrics.log.interval", "0");
            configs.add(CollectorConfig.from(values));
        }
        if (configs.isEmpty()) {
            System.err.println("replay: no endpoint folder with endpoint.properties in " + fleetDir);
            return 2;
        }
        CollectorMain.applyLogLevel(configs.get(0).logLevel());
        long t0 = System.nanoTime();
        try (CollectorRuntime runtime =
                CollectorRuntime.start(configs, configs.get(0).metricsPort())) {
            Thread hook = new Thread(runtime::close, "replay-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            long nextProgress = 0;
            while (true) {
                boolean done = !follow && runtime.isCaughtUp();
                if (done || System.nanoTime() >= nextProgress) {
                    progress(runtime, t0);
                    nextProgress = System.nanoTime() + progressSeconds * 1_000_000_000L;
                }
                if (done) {
                    break;
                }
                Thread.sleep(200);
            }
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        System.err.println("replay: done, every line read and acknowledged");
        return 0;
    }

    private List<Path> endpointDirs() throws IOException {
        if (!Files.isDirectory(fleetDir)) {
            throw new IllegalArgumentException("--fleet-dir " + fleetDir + " is not a directory");
        }
        try (Stream<Path> dirs = Files.list(fleetDir)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("endpoint.properties")))
                    .sorted()
                    .toList();
        }
    }

    private static void progress(CollectorRuntime runtime, long t0) {
        List<EndpointCollector> all = runtime.collectors();
        long lines = all.stream().mapToLong(c -> c.tailer().linesRead()).sum();
        long lag = all.stream().mapToLong(c -> c.tailer().totalLagBytes()).sum();
        long caughtUp = all.stream().filter(EndpointCollector::isCaughtUp).count();
        long spooling = all.stream().filter(c -> c.shipper().isSpooling()).count();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.err.printf(
                "replay: %d/%d endpoints caught up, %d lines read (%.0f lines/s), %d bytes not yet acknowledged, %d spooling%n",
                caughtUp, all.size(), lines, lines / Math.max(secs, 0.001), lag, spooling);
    }
}
