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
}
