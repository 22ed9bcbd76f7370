package org.fleettelemetry.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.fleettelemetry.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CollectorConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("site", "hel");
        m.put("logs", "/logs/*.log");
        m.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        m.put("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7");
        return m;
    }

    @Test
    void shouldBindMetricsToLoopbackWhenNoHostIsGiven() {
        CollectorConfig c = CollectorConfig.from(minimal());

        assertThat(c.metricsHost()).isEqualTo("127.0.0.1");
        assertThat(c.metricsPort()).isZero();
    }

    @Test
    void shouldBindMetricsWhereToldWhenAContainerAsks() {
        Map<String, String> m = minimal();
        m.put("metrics.host", "0.0.0.0");
        m.put("metrics.port", "9400");

        CollectorConfig c = CollectorConfig.from(m);

        assertThat(c.metricsHost()).isEqualTo("0.0.0.0");
        assertThat(c.metricsPort()).isEqualTo(9400);
        assertThat(c.toString()).contains("metrics.host=0.0.0.0");
    }

    @Test
    void shouldNameEveryBadKeyWhenSeveralAreWrong() {
        Map<String, String> m = minimal();
        m.remove("site");
        m.put("metrics.port", "70000");
        m.put("metrics.hots", "0.0.0.0");

        assertThatThrownBy(() -> CollectorConfig.from(m))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("site")
                .hasMessageContaining("metrics.port")
                .hasMessageContaining("metrics.hots");
    }

    @Test
    void shouldLogAtInfoWhenNoLevelIsGiven() {
        assertThat(CollectorConfig.from(minimal()).logLevel()).isEqualTo("info");
    }

    @Test
    void shouldTakeTheLogLevelFromTheEnvironmentInAnyCase() {
        Map<String, String> values = org.fleettelemetry.config.ConfigSource.load(
                null, Map.of("COLLECTOR_LOG_LEVEL", " DEBUG "), CollectorConfig.ENV_PREFIX, minimal());

        CollectorConfig c = CollectorConfig.from(values);

        assertThat(c.logLevel()).isEqualTo("debug");
        assertThat(c.toString()).contains("log.level=debug");
    }

    @Test
    void shouldRejectALogLevelSlf4jDoesNotKnow() {
        Map<String, String> m = minimal();
        m.put("log.level", "verbose");

        assertThatThrownBy(() -> CollectorConfig.from(m))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("log.level='verbose' is invalid: one of error, warn, info, debug, trace");
    }

    /** Confluent's serde documents these keys bare and under {@code schema.registry.}: both are accepted. */
    @ParameterizedTest
    @ValueSource(strings = {"", "schema.registry."})
    void shouldAcceptConfluentsBasicAuthKeysInEitherSpellingAndMaskTheUserInfo(String prefix) {
        Map<String, String> m = minimal();
        m.put(prefix + "basic.auth.credentials.source", "USER_INFO");
        m.put(prefix + "basic.auth.user.info", "fleet:topsecret");

        CollectorConfig c = CollectorConfig.from(m);

        assertThat(c.registry())
                .containsEntry(prefix + "basic.auth.credentials.source", "USER_INFO")
                .containsEntry(prefix + "basic.auth.user.info", "fleet:topsecret");
        assertThat(c.toString())
                .contains(prefix + "basic.auth.user.info=****")
                .contains(prefix + "basic.auth.credentials.source=USER_INFO")
                .doesNotContain("topsecret");
    }

    @Test
    void shouldAcceptConfluentsBareKeysFromTheEnvironment() {
        Map<String, String> values = org.fleettelemetry.config.ConfigSource.load(
                null,
                Map.of(
                        "COLLECTOR_BASIC_AUTH_CREDENTIALS_SOURCE",
                        "USER_INFO",
                        "COLLECTOR_BASIC_AUTH_USER_INFO",
                        "fleet:topsecret"),
                CollectorConfig.ENV_PREFIX,
                minimal());

        assertThat(CollectorConfig.from(values).registry()).containsEntry("basic.auth.user.info", "fleet:topsecret");
    }

    @Test
    void shouldNameBothKeysWhenTheTwoSpellingsDisagree() {
        Map<String, String> m = minimal();
        m.put("basic.auth.credentials.source", "USER_INFO");
        m.put("basic.auth.user.info", "fleet:topsecret");
        m.put("schema.registry.basic.auth.user.info", "fleet:othersecret");

        assertThatThrownBy(() -> CollectorConfig.from(m))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.user.info and schema.registry.basic.auth.user.info")
                .hasMessageNotContaining("topsecret")
                .hasMessageNotContaining("othersecret");
    }

    @Test
    void shouldRefuseAtStartWhenUserInfoIsMissingOrTheBasicAuthKeyIsUnknown() {
        Map<String, String> m = minimal();
        m.put("basic.auth.credentials.source", "USER_INFO");
        m.put("basic.auth.user.infos", "fleet:topsecret");

        assertThatThrownBy(() -> CollectorConfig.from(m))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key basic.auth.user.infos")
                .hasMessageContaining("missing basic.auth.user.info");
    }

    /**
     * The secure stack's registry settings: Confluent's trust store keys and the serde's lookup-only mode pass through
     * to the serde as given, the trust store's password masked. The JDK's own cacerts is a real PKCS12 trust store.
     */
    @Test
    void shouldPassTheRegistryTrustStoreAndLatestVersionModeToTheSerde() {
        Map<String, String> c = minimal();
        c.put("schema.registry.ssl.truststore.location", CACERTS);
        c.put("schema.registry.ssl.truststore.type", "PKCS12");
        c.put("schema.registry.ssl.truststore.password", "changeit");
        c.put("auto.register.schemas", "false");
        c.put("use.latest.version", "true");
        c.put("latest.cache.ttl.sec", "5");

        CollectorConfig config = CollectorConfig.from(c);

        assertThat(config.registry())
                .containsEntry("schema.registry.ssl.truststore.location", CACERTS)
                .containsEntry("schema.registry.ssl.truststore.type", "PKCS12")
                .containsEntry("schema.registry.ssl.truststore.password", "changeit")
                .containsEntry("auto.register.schemas", "false")
                .containsEntry("use.latest.version", "true")
                .containsEntry("latest.cache.ttl.sec", "5");
        assertThat(config.toString())
                .contains("schema.registry.ssl.truststore.password=****")
                .doesNotContain("changeit");
    }

    @Test
    void shouldRefuseAtStartATrustStoreThatCannotBeReadNamingItsKey() {
        Map<String, String> c = minimal();
        c.put("schema.registry.ssl.truststore.location", CACERTS);
        c.put("schema.registry.ssl.truststore.type", "PKCS12");
        c.put("schema.registry.ssl.truststore.password", "wrong-password");

        assertThatThrownBy(() -> CollectorConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.password")
                .hasMessageNotContaining("wrong-password");

        c.put("schema.registry.ssl.truststore.location", "/nowhere/ca.pem");
        c.put("schema.registry.ssl.truststore.type", "PEM");
        c.remove("schema.registry.ssl.truststore.password");
        assertThatThrownBy(() -> CollectorConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location");
    }

    @Test
    void shouldRefuseUseLatestVersionWithAutoRegistrationNamingBothKeys() {
        Map<String, String> c = minimal();
        c.put("use.latest.version", "true");

        assertThatThrownBy(() -> CollectorConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("use.latest.version=true needs auto.register.schemas=false");
        c.put("auto.register.schemas", "no");
        assertThatThrownBy(() -> CollectorConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto.register.schemas");
    }

    private static final String CACERTS = java.nio.file.Path.of(
                    System.getProperty("java.home"), "lib", "security", "cacerts")
            .toString();
}
