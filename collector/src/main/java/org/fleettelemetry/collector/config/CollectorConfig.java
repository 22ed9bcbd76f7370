package org.fleettelemetry.collector.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.fleettelemetry.collector.tail.StartPosition;
import org.fleettelemetry.config.ConfigReader;
import org.fleettelemetry.config.Secrets;
import org.fleettelemetry.schemas.Topics;
import org.fleettelemetry.schemas.registry.RegistrySettings;

/**
 * The collector's configuration: immutable, typed, validated at start. Built from a flat map (a
 * properties file plus {@code COLLECTOR_*} environment overrides plus {@code --set}); every unknown or
 * invalid key is reported by name. Kafka producer settings (TLS, SASL, tuning) pass through under
 * {@code kafka.producer.*}; registry client settings under {@code schema.registry.*}, and basic auth also under
 * Confluent's bare names {@code basic.auth.credentials.source} and {@code basic.auth.user.info}.
 */
public record CollectorConfig(
        String endpointId,
        String site,
        String proxy,
        String product,
        ZoneId zone,
        List<String> logs,
        Path stateDir,
        StartPosition startPosition,
        String bootstrapServers,
        String schemaRegistryUrl,
        String topicEvents,
        String topicHeartbeats,
        Duration heartbeatInterval,
        long spoolMaxBytes,
        Duration pollInterval,
        Duration idleFlush,
        String metricsHost,
        int metricsPort,
        Duration metricsLogInterval,
        Map<String, String> producer,
        Map<String, String> registry,
        String logLevel,
        ProbeSettings probe) {

    public static final String ENV_PREFIX = "COLLECTOR";
    public static final String DEFAULT_TOPIC_EVENTS = Topics.EVENTS;
    public static final String DEFAULT_TOPIC_HEARTBEATS = Topics.HEARTBEATS;
    public static final String DIRECT = "DIRECT";
    /** The levels {@code log.level} takes (slf4j-simple's names), lowest verbosity first. */
    public static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");

    public CollectorConfig {
        logs = List.copyOf(logs);
        producer = Map.copyOf(producer);
        registry = Map.copyOf(registry);
    }

    public static CollectorConfig from(Map<String, String> values) {
        ConfigReader r = new ConfigReader(values);
        String endpointId = r.string("endpoint.id", hostName());
        String site = r.required("site");
        String proxy = r.string("proxy", WindowsProxySetting.read().orElse(DIRECT));
        String product = r.string("product", "Elements EPP for Computers");
        ZoneId zone = r.zone("zone", ZoneId.systemDefault());
        List<String> logs = r.list("logs", List.of());
        if (logs.isEmpty()) {
            r.problem(
                    "logs is required: a comma list of files or globs, e.g. C:/ProgramData/F-Secure/Log/*/fsscorplug.log");
        }
        Path stateDir = Path.of(r.string("state.dir", "state"));
        StartPosition start = r.enumValue("start.position", StartPosition.class, StartPosition.BEGINNING);
        String bootstrap = r.required("kafka.bootstrap.servers");
        String registryUrl = r.required("schema.registry.url");
        String topicEvents = r.string("topic.events", DEFAULT_TOPIC_EVENTS);
        String topicHeartbeats = r.string("topic.heartbeats", DEFAULT_TOPIC_HEARTBEATS);
        Duration heartbeat = r.duration("heartbeat.interval", Duration.ofSeconds(30));
        if (heartbeat.isZero()) {
            r.problem("heartbeat.interval must be positive");
        }
        long spoolMax = r.longValue("spool.max.bytes", 256L * 1024 * 1024, 1024 * 1024, Long.MAX_VALUE);
        Duration poll = r.duration("poll.interval", Duration.ofMillis(250));
        Duration idle = r.duration("idle.flush", Duration.ofSeconds(1));
        // loopback: an endpoint's metrics are for a local agent; a container sets 0.0.0.0 to be scraped
        String metricsHost = r.string("metrics.host", "127.0.0.1");
        int metricsPort = r.intValue("metrics.port", 0, 0, 65535);
        Duration metricsLog = r.duration("metrics.log.interval", Duration.ofSeconds(60));
        Map<String, String> producer = r.prefixed("kafka.producer.");
        Map<String, String> registry = RegistrySettings.read(r, registryUrl);
        String givenLevel = r.string("log.level", "info");
        String logLevel = givenLevel.trim().toLowerCase(java.util.Locale.ROOT);
        if (!LOG_LEVELS.contains(logLevel)) {
            r.problem("log.level='" + givenLevel + "' is invalid: one of " + String.join(", ", LOG_LEVELS));
            logLevel = "info";
        }
        ProbeSettings probe = ProbeSettings.read(r, proxy, false);
        r.finish();
        return new CollectorConfig(
                endpointId,
                site,
                proxy,
                product,
                zone,
                logs,
                stateDir,
                start,
                bootstrap,
                registryUrl,
                topicEvents,
                topicHeartbeats,
                heartbeat,
                spoolMax,
                poll,
                idle,
                metricsHost,
                metricsPort,
                metricsLog,
                producer,
                registry,
                logLevel,
                probe);
    }

    private static String hostName() {
        String env = System.getenv("COMPUTERNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /** Secrets (passwords, JAAS configs, keys, user info) masked. */
    @Override
    public String toString() {
        return "CollectorConfig{endpoint.id=" + endpointId + ", site=" + site + ", proxy=" + proxy + ", product="
                + product + ", zone=" + zone + ", logs=" + logs + ", state.dir=" + stateDir + ", start.position="
                + startPosition + ", kafka.bootstrap.servers=" + bootstrapServers + ", schema.registry.url="
                + Secrets.maskUrl(schemaRegistryUrl) + ", topic.events=" + topicEvents + ", topic.heartbeats="
                + topicHeartbeats + ", heartbeat.interval=" + heartbeatInterval + ", spool.max.bytes="
                + spoolMaxBytes + ", metrics.host=" + metricsHost + ", metrics.port=" + metricsPort
                + ", kafka.producer.*=" + Secrets.mask(producer)
                + ", registry client=" + Secrets.mask(registry) + ", log.level=" + logLevel + ", " + probe + "}";
    }
}
