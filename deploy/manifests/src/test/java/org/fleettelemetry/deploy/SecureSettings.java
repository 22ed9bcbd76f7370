package org.fleettelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

/**
 * What issue #17 asks of an app's client settings, whichever manifest gives them: Kafka over SASL_SSL with
 * SCRAM-SHA-512 as the app's own principal, trusting a CA file; the registry over https with basic auth as the app's
 * own registry user, trusting a CA file, looking schemas up only.
 */
final class SecureSettings {
    static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private SecureSettings() {}

    /** {@code kafka} holds the client keys without their {@code kafka.streams.} / {@code kafka.producer.} prefix. */
    static void assertKafkaClient(Map<String, String> kafka, String principal, String where) {
        assertThat(kafka)
                .as("%s: Kafka client security", where)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKeys("ssl.truststore.location", "ssl.truststore.type");
        String jaas = kafka.get("sasl.jaas.config");
        assertThat(jaas).as("%s: sasl.jaas.config", where).isNotNull();
        if (jaas.startsWith(PodEnv.SECRET_MARKER)) {
            // Kubernetes: the Secret the User Operator writes for the KafkaUser of that name
            assertThat(jaas)
                    .as("%s: sasl.jaas.config", where)
                    .isEqualTo(PodEnv.secretMarker(principal, "sasl.jaas.config"));
        } else {
            assertThat(jaas)
                    .as("%s: sasl.jaas.config", where)
                    .startsWith(SCRAM_MODULE + " required")
                    .contains("username=\"" + principal + "\"");
        }
    }

    /** {@code values}: the app's whole flat config (file + environment). Returns the registry's URI. */
    static URI assertRegistryClient(Map<String, String> values, String principal, String where) {
        URI url = URI.create(values.get("schema.registry.url"));
        assertThat(url.getScheme()).as("%s: schema.registry.url %s", where, url).isEqualTo("https");
        assertThat(url.getUserInfo()).as("%s: no password in the URL", where).isNull();
        assertThat(values)
                .as("%s: registry client settings", where)
                .containsEntry("basic.auth.credentials.source", "USER_INFO")
                .containsKeys("schema.registry.ssl.truststore.location", "schema.registry.ssl.truststore.type")
                .containsEntry("auto.register.schemas", "false")
                .containsEntry("use.latest.version", "true");
        String userInfo = values.get("basic.auth.user.info");
        assertThat(userInfo).as("%s: basic.auth.user.info", where).isNotNull();
        if (userInfo.startsWith(PodEnv.SECRET_MARKER)) {
            assertThat(userInfo)
                    .as("%s: basic.auth.user.info", where)
                    .isEqualTo(PodEnv.secretMarker("registry-user-" + principal, "user.info"));
        } else {
            assertThat(userInfo)
                    .as("%s: basic.auth.user.info is the registry user %s", where, principal)
                    .startsWith(principal + ":");
        }
        return url;
    }

    static Map<String, String> prefixed(Map<String, String> values, String prefix) {
        Map<String, String> out = new java.util.TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
