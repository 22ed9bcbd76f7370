package org.fleettelemetry.schemas.registry;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.fleettelemetry.config.ConfigReader;
import org.fleettelemetry.schemas.serde.AvroSerdeConfig;

/**
 * The registry client keys an application's own config accepts, read through its {@link ConfigReader}: everything
 * under {@code schema.registry.*} (the TLS trust store {@code schema.registry.ssl.truststore.*} too), Confluent's
 * bare basic auth keys ({@code basic.auth.credentials.source}, {@code basic.auth.user.info}), as Confluent's serde
 * takes them, and the serde's own {@code auto.register.schemas}, {@code use.latest.version} and {@code
 * latest.cache.ttl.sec}. They are checked at start as the client and the serde will read them, so a missing user
 * info, two spellings that disagree, a trust store that cannot be read or {@code use.latest.version} with
 * auto-registration fail with the config, naming the keys.
 */
public final class RegistrySettings {
    /** The serde's keys an application passes through as given (Confluent's names). */
    public static final java.util.List<String> SERDE_KEYS = java.util.List.of(
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
            AvroSerdeConfig.USE_LATEST_VERSION,
            SchemaRegistryClientConfig.LATEST_CACHE_TTL_SEC);

    private RegistrySettings() {}

    /** The settings to hand the serdes with the URL, keys as given; problems go to {@code reader}. */
    public static Map<String, String> read(ConfigReader reader, String url) {
        Map<String, String> settings = new TreeMap<>();
        reader.prefixed(SchemaRegistryClientConfig.CLIENT_PREFIX)
                .forEach((k, v) -> settings.put(SchemaRegistryClientConfig.CLIENT_PREFIX + k, v));
        settings.remove(SchemaRegistryClientConfig.URL);
        for (String key : java.util.stream.Stream.concat(
                        SchemaRegistryClientConfig.BASIC_AUTH_KEYS.stream(), SERDE_KEYS.stream())
                .toList()) {
            String value = reader.string(key, null);
            if (value != null) {
                settings.put(key, value);
            }
        }
        if (url != null) {
            Map<String, Object> client = new HashMap<>(settings);
            client.put(SchemaRegistryClientConfig.URL, url);
            try {
                SchemaRegistryClientConfig.from(client);
            } catch (org.apache.kafka.common.config.ConfigException e) {
                reader.problem(e.getMessage());
            }
            try {
                AvroSerdeConfig.from(client, false);
            } catch (org.apache.kafka.common.config.ConfigException e) {
                reader.problem(e.getMessage());
            }
        }
        return settings;
    }
}
