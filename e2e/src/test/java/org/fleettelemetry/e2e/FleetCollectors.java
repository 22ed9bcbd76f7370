package org.fleettelemetry.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fleettelemetry.collector.CollectorRuntime;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.config.ConfigSource;

/**
 * Real collectors for every endpoint folder of a fleet directory, in this JVM, configured the way
 * {@code collector replay --fleet-dir DIR --follow} configures them: the shared settings, then each folder's
 * {@code endpoint.properties}, its {@code *.log} files tailed from the beginning.
 */
final class FleetCollectors {
    private FleetCollectors() {}

    static CollectorRuntime start(Path fleetDir, Path stateRoot, Map<String, String> shared) {
        return start(fleetDir, stateRoot, shared, id -> true, "*.log");
    }

    /**
     * As {@link #start(Path, Path, Map)}, for the endpoints whose folder name {@code endpoints} accepts, tailing the
     * files of each folder that {@code files} matches (a glob such as {@code deepguard.log}). Collectors started
     * again on the same state root go on where their checkpoints are: a replay can be cut in parts.
     */
    static CollectorRuntime start(
            Path fleetDir,
            Path stateRoot,
            Map<String, String> shared,
            java.util.function.Predicate<String> endpoints,
            String files) {
        List<CollectorConfig> configs = new ArrayList<>();
        for (Path endpointDir : endpointDirs(fleetDir)) {
            if (!endpoints.test(endpointDir.getFileName().toString())) {
                continue;
            }
            Map<String, String> values = new TreeMap<>(shared);
            values.putAll(ConfigSource.readProperties(endpointDir.resolve("endpoint.properties")));
            String id = endpointDir.getFileName().toString();
            values.putIfAbsent("endpoint.id", id);
            values.putIfAbsent("logs", endpointDir.toAbsolutePath() + "/" + files);
            values.putIfAbsent("state.dir", stateRoot.resolve(id).toString());
            values.putIfAbsent("start.position", "BEGINNING");
            values.putIfAbsent("metrics.log.interval", "0");
            // the fleets' proxies do not exist: the active probe would add PROXY_DNS failures the scenarios never
            // scripted (the simulator's endpoint.properties says so too)
            values.putIfAbsent("probe.enabled", "false");
            configs.add(CollectorConfig.from(values));
        }
        if (configs.isEmpty()) {
            throw new IllegalStateException("no endpoint folder with endpoint.properties in " + fleetDir);
        }
        return CollectorRuntime.start(configs, 0);
    }

    private static List<Path> endpointDirs(Path fleetDir) {
        try (Stream<Path> dirs = Files.list(fleetDir)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("endpoint.properties")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + fleetDir, e);
        }
    }
}
