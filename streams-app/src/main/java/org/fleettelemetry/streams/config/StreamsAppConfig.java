package org.fleettelemetry.streams.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fleettelemetry.config.ConfigReader;
import org.fleettelemetry.config.Secrets;
import org.fleettelemetry.schemas.Topics;
import org.fleettelemetry.schemas.registry.RegistrySettings;
import org.fleettelemetry.streams.domain.DetectionParams;
import org.fleettelemetry.streams.domain.DetectionSetting;
import org.fleettelemetry.streams.topology.TopologyParams;

/**
 * The streams app's configuration: immutable, typed, validated at start, built from a flat map (file
 * + {@code STREAMS_*} environment + {@code --set}). Thresholds under {@code detect.*}; Kafka Streams
 * settings pass through under {@code kafka.streams.*}; registry client settings under
 * {@code schema.registry.*}, and basic auth also under Confluent's bare names {@code basic.auth.credentials.source}
 * and {@code basic.auth.user.info}.
 */
public record StreamsAppConfig(
        String applicationId,
        String bootstrapServers,
        String schemaRegistryUrl,
        Path stateDir,
        StateMemory stateMemory,
        TopologyParams topology,
        String httpHost,
        int httpPort,
        String advertisedHost,
        List<String> apiTokens,
        List<ApiPrincipal> apiPrincipals,
        Map<String, String> streams,
        Map<String, String> registry,
        HttpTls tls,
        Duration forwardTimeout,
        Duration silenceMaxDuration,
        OidcSettings oidc) {

    public static final String ENV_PREFIX = "STREAMS";

    public StreamsAppConfig {
        apiTokens = List.copyOf(apiTokens);
        apiPrincipals = List.copyOf(apiPrincipals);
        streams = Map.copyOf(streams);
        registry = Map.copyOf(registry);
    }

    public static StreamsAppConfig from(Map<String, String> values) {
        ConfigReader r = new ConfigReader(values);
        String applicationId = r.string("application.id", "fleet-connectivity");
        String bootstrap = r.required("kafka.bootstrap.servers");
        String registryUrl = r.required("schema.registry.url");
        Path stateDir = Path.of(r.string("state.dir", "state"));
        StateMemory stateMemory = new StateMemory(
                r.longValue("state.memory", StateMemory.DEFAULTS.bytes(), StateMemory.MIN_BYTES, StateMemory.MAX_BYTES),
                r.doubleValue(
                        "state.memory.write.buffer.ratio",
                        StateMemory.DEFAULTS.writeBufferRatio(),
                        StateMemory.MIN_RATIO,
                        StateMemory.MAX_RATIO));
        String events = r.string("topic.events", Topics.EVENTS);
        String heartbeats = r.string("topic.heartbeats", Topics.HEARTBEATS);
        String alerts = r.string("topic.alerts", Topics.ALERTS);
        String deadLetter = r.string("topic.dead-letter", Topics.DEAD_LETTER);
        String actions = r.string("topic.actions", Topics.ACTIONS);
        Duration windowSize = r.duration("window.size", Duration.ofMinutes(1));
        Duration windowRetention = r.duration("window.retention", Duration.ofHours(24));
        Duration grace = r.duration("window.grace", Duration.ofMinutes(10));
        Duration dedupRetention = r.duration("dedup.retention", Duration.ofHours(24));
        Duration evaluateInterval = r.duration("evaluate.interval", Duration.ofSeconds(10));
        DetectionParams detection = detection(r);
        String httpHost = r.string("http.host", "127.0.0.1");
        int httpPort = r.intValue("http.port", 8080, 0, 65535);
        String advertisedHost = r.string("http.advertised.host", httpHost.equals("0.0.0.0") ? "127.0.0.1" : httpHost);
        List<String> tokens = r.list("api.tokens", List.of());
        List<ApiPrincipal> principals = ApiPrincipal.read(
                r, tokens.stream().map(ApiPrincipal::sha256Hex).toList());
        OidcSettings oidc = OidcSettings.read(r);
        HttpTls tls = HttpTls.NONE;
        String keystore = r.string("http.tls.keystore.path", null);
        String keystorePassword = r.string("http.tls.keystore.password", null);
        if (keystore != null) {
            if (keystorePassword == null) {
                r.problem("http.tls.keystore.password is required with http.tls.keystore.path");
            }
            tls = new HttpTls(Path.of(keystore), keystorePassword == null ? "" : keystorePassword);
        }
        Duration forwardTimeout = r.duration("query.forward.timeout", Duration.ofSeconds(2));
        if (forwardTimeout.isZero() || forwardTimeout.isNegative()) {
            r.problem("query.forward.timeout must be positive");
        }
        Duration silenceMaxDuration = r.duration("silence.max.duration", Duration.ofDays(7));
        if (silenceMaxDuration.isZero() || silenceMaxDuration.isNegative()) {
            r.problem("silence.max.duration must be positive");
        }
        Map<String, String> streams = r.prefixed("kafka.streams.");
        Map<String, String> registry = RegistrySettings.read(r, registryUrl);
        TopologyParams topology = null;
        try {
            topology = new TopologyParams(
                    events,
                    heartbeats,
                    alerts,
                    deadLetter,
                    actions,
                    windowSize,
                    windowRetention,
                    grace,
                    dedupRetention,
                    evaluateInterval,
                    detection);
        } catch (IllegalArgumentException e) {
            r.problem(e.getMessage());
        }
        r.finish();
        return new StreamsAppConfig(
                applicationId,
                bootstrap,
                registryUrl,
                stateDir,
                stateMemory,
                topology,
                httpHost,
                httpPort,
                advertisedHost,
                tokens,
                principals,
                streams,
                registry,
                tls,
                forwardTimeout,
                silenceMaxDuration,
                oidc);
    }

    /**
     * RocksDB's off-heap budget for the whole instance ({@code state.memory}): one block cache shared by every store,
     * the memtables ({@code state.memory.write.buffer.ratio} of it) and the index and filter blocks charged to it.
     * The ratio stays within 5 % to 75 %: less and the write buffer manager flushes memtables of a few KiB per store;
     * more and too little is left for the blocks the app reads.
     */
    public record StateMemory(long bytes, double writeBufferRatio) {
        public static final long MIN_BYTES = 16L * 1024 * 1024;
        public static final long MAX_BYTES = 1024L * 1024 * 1024 * 1024;
        public static final double MIN_RATIO = 0.05;
        public static final double MAX_RATIO = 0.75;
        public static final StateMemory DEFAULTS =
                new StateMemory(BoundedRocksDbConfig.DEFAULT_MEMORY, BoundedRocksDbConfig.DEFAULT_WRITE_BUFFER_RATIO);

        @Override
        public String toString() {
            String size = bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + "m" : Long.toString(bytes);
            return "StateMemory{state.memory=" + size + ", state.memory.write.buffer.ratio=" + writeBufferRatio + "}";
        }
    }

    /**
     * HTTPS for the query API when a keystore is given (PKCS12 or JKS); {@link #NONE} for plain HTTP. Instances call
     * each other over HTTPS too and trust what the JVM trusts ({@code javax.net.ssl.trustStore}).
     */
    public record HttpTls(Path keystore, String password) {
        public static final HttpTls NONE = new HttpTls(null, null);

        public boolean enabled() {
            return keystore != null;
        }

        @Override
        public String toString() {
            return enabled() ? "HttpTls{keystore=" + keystore + ", password=***}" : "HttpTls{off}";
        }
    }

    private static DetectionParams detection(ConfigReader r) {
        // every setting of the table, under its key, with the bounds the table gives
        DetectionParams.Builder b = DetectionParams.builder();
        for (DetectionSetting<?> s : DetectionParams.SETTINGS) {
            read(r, s, b);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            r.problem("detect.*: " + e.getMessage());
            return DetectionParams.defaults();
        }
    }

    @SuppressWarnings("unchecked")
    private static void read(ConfigReader r, DetectionSetting<?> s, DetectionParams.Builder b) {
        switch (s.kind()) {
            case DURATION -> {
                DetectionSetting<Duration> d = (DetectionSetting<Duration>) s;
                b.set(d, r.duration(d.key(), d.defaultValue()));
            }
            case INT -> {
                DetectionSetting<Integer> i = (DetectionSetting<Integer>) s;
                b.set(i, r.intValue(i.key(), i.defaultValue(), (int) i.min(), (int) i.max()));
            }
            case LONG -> {
                DetectionSetting<Long> l = (DetectionSetting<Long>) s;
                b.set(l, r.longValue(l.key(), l.defaultValue(), (long) l.min(), (long) l.max()));
            }
            case DOUBLE -> {
                DetectionSetting<Double> x = (DetectionSetting<Double>) s;
                b.set(x, r.doubleValue(x.key(), x.defaultValue(), x.min(), x.max()));
            }
        }
    }

    @Override
    public String toString() {
        return "StreamsAppConfig{application.id=" + applicationId + ", kafka.bootstrap.servers=" + bootstrapServers
                + ", schema.registry.url=" + Secrets.maskUrl(schemaRegistryUrl) + ", state.dir=" + stateDir + ", "
                + stateMemory + ", topology=" + topology + ", http=" + httpHost + ":" + httpPort + ", " + tls
                + ", query.forward.timeout=" + forwardTimeout + ", api.tokens=" + apiTokens.size()
                + " configured, api.principal.*=" + apiPrincipals + ", api.oidc=" + (oidc == null ? "off" : oidc)
                + ", kafka.streams.*=" + Secrets.mask(streams)
                + ", registry client="
                + Secrets.mask(registry) + "}";
    }
}
