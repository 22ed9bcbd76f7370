package org.fleettelemetry.schemas.registry;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.fleettelemetry.config.ConfigReader;

/**
 * The registry client keys an application's own config accepts, read through its {@link ConfigReader}: everything
 * under {@code schema.registry.*} and Confluent's bare basic auth keys ({@code basic.auth.credentials.source},
 * {@code basic.auth.user.info}), as Confluent's serde takes them. They are checked at start as the client will read
 * them, so a missing user info or two spellings that disagree fail with the config, naming the keys.
 */
public final class RegistrySettings {
    private RegistrySettings() {}

    /** The settings to hand the serdes with the URL, keys as given; problems go to {@code reader}. */
    public static Map<String, String> read(ConfigReader reader, String url) {
        Map<String, String> settings = new TreeMap<>();
        reader.prefixed(SchemaRegistryClientConfig.CLIENT_PREFIX)
                .forEach((k, v) -> settings.put(SchemaRegistryClientConfig.CLIENT_PREFIX + k, v));
        settings.remove(SchemaRegistryClientConfig.URL);
        for (String key : SchemaRegistryClientConfig.BASIC_AUTH_KEYS) {
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
        }
        return settings;
    }
}
