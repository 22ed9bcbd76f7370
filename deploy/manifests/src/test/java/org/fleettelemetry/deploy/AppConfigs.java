package org.fleettelemetry.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.config.ConfigSource;
import org.fleettelemetry.streams.config.StreamsAppConfig;

/**
 * The apps' configuration as each manifest gives it to them, loaded the way the apps load it
 * ({@link ConfigSource#load}: the {@code --config} file, then the {@code STREAMS_*} / {@code COLLECTOR_*}
 * environment) and validated by their own config classes, which refuse unknown keys and bad values by name.
 */
final class AppConfigs {
    static final String POD_ZERO_SUFFIX = "-0";

    private AppConfigs() {}

    /** The file a container's {@code run --config FILE} arguments name. */
    static String configArgument(List<String> args) {
        int i = args.indexOf("--config");
        if (args.isEmpty() || !args.get(0).equals("run") || i < 0 || i + 1 >= args.size()) {
            throw new IllegalArgumentException("expected container args `run --config FILE`, got " + args);
        }
        return args.get(i + 1);
    }

    static StreamsAppConfig streams(Path file, Map<String, String> env) {
        return validated(streamsValues(file, env), StreamsAppConfig::from);
    }

    static CollectorConfig collector(Path file, Map<String, String> env) {
        return validated(collectorValues(file, env), CollectorConfig::from);
    }

    /** The flat key map the streams app builds from its --config file and STREAMS_* environment. */
    static Map<String, String> streamsValues(Path file, Map<String, String> env) {
        return ConfigSource.load(file, env, StreamsAppConfig.ENV_PREFIX, Map.of());
    }

    static Map<String, String> collectorValues(Path file, Map<String, String> env) {
        return ConfigSource.load(file, env, CollectorConfig.ENV_PREFIX, Map.of());
    }

    /**
     * The apps load the registry's trust store when they read their config (a bad one fails at start, by name), but
     * the file a manifest names exists only inside the container, mounted from a secret (the secure tests check the
     * mount). So the config is validated with a real CA file of this module's in its place: every other key and
     * value is checked as the app checks it.
     */
    private static <T> T validated(Map<String, String> values, Function<Map<String, String>, T> from) {
        Map<String, String> checked = new TreeMap<>(values);
        checked.computeIfPresent(
                REGISTRY_TRUSTSTORE, (key, inContainer) -> validationCa().toString());
        return from.apply(checked);
    }

    private static final String REGISTRY_TRUSTSTORE = "schema.registry.ssl.truststore.location";

    private static Path validationCa() {
        try {
            return Path.of(
                    AppConfigs.class.getResource("/tls/validation-ca.pem").toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("the test resource tls/validation-ca.pem is missing", e);
        }
    }

    static StreamsAppConfig composeStreams(ComposeFile.Service service) {
        return streams(composeConfigFile(service), service.environment());
    }

    static Map<String, String> composeStreamsValues(ComposeFile.Service service) {
        return streamsValues(composeConfigFile(service), service.environment());
    }

    static Map<String, String> composeCollectorValues(ComposeFile.Service service) {
        return collectorValues(composeConfigFile(service), service.environment());
    }

    static CollectorConfig composeCollector(ComposeFile.Service service) {
        return collector(composeConfigFile(service), service.environment());
    }

    /** The host file compose mounts where the service's {@code --config} argument points. */
    static Path composeConfigFile(ComposeFile.Service service) {
        String inContainer = configArgument(service.command());
        String source = service.mountSource(inContainer)
                .orElseThrow(() -> new IllegalArgumentException(
                        service.name() + ": nothing is mounted at " + inContainer + ", the file its --config names"));
        return ComposeFile.hostPath(source);
    }

    /** The streams app as pod 0 of the StatefulSet sees its configuration. */
    static StreamsAppConfig k8sStreams(K8sManifests k8s, Path tempDir) {
        StreamsAppPod pod = StreamsAppPod.of(k8s);
        return streams(pod.configFile(tempDir), pod.env());
    }

    static Path write(Path dir, String name, String content) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
