package org.fleettelemetry.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaRegistryClientConfigTest {

    @Test
    void shouldNameKeyWhenUrlIsMissing() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(Map.of("bootstrap.servers", "x:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldUseDefaultsAndIgnoreUnknownKeysWhenOnlyUrlIsGiven() {
        SchemaRegistryClientConfig config = SchemaRegistryClientConfig.from(Map.of(
                "schema.registry.url", "http://a:8081, http://b:8081/apis/ccompat/v7/",
                "schema.registry.something.new", "whatever",
                "acks", "all"));

        assertThat(config.endpoints())
                .extracting(Object::toString)
                .containsExactly("http://a:8081", "http://b:8081/apis/ccompat/v7");
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(5000));
        assertThat(config.maxRetries()).isEqualTo(3);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.latestCacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.credentialsSource()).isEqualTo(SchemaRegistryClientConfig.CredentialsSource.URL);
    }

    @Test
    void shouldAcceptListOfUrlsWhenGivenAsCollection() {
        SchemaRegistryClientConfig config =
                SchemaRegistryClientConfig.from(Map.of("schema.registry.url", List.of("http://a:1", "http://b:2")));

        assertThat(config.endpoints()).hasSize(2);
    }

    @Test
    void shouldMaskSecretsWhenPrinted() {
        SchemaRegistryClientConfig fromUrl =
                SchemaRegistryClientConfig.from(Map.of("schema.registry.url", "http://user:topsecret@a:8081"));
        SchemaRegistryClientConfig fromUserInfo = SchemaRegistryClientConfig.from(Map.of(
                "schema.registry.url", "http://a:8081",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "user:topsecret"));

        assertThat(fromUrl.toString())
                .doesNotContain("topsecret")
                .contains("http://a:8081")
                .contains("****");
        assertThat(fromUserInfo.toString()).doesNotContain("topsecret").contains("****");
    }

    @Test
    void shouldNameKeyWhenValueIsMalformed() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(
                        Map.of("schema.registry.url", "http://a:8081", "schema.registry.request.timeout.ms", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.request.timeout.ms");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(Map.of(
                        "schema.registry.url", "http://a:8081", "basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.credentials.source");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(
                        Map.of("schema.registry.url", "http://a:8081", "basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.user.info");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(Map.of("schema.registry.url", "a:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldHideUrlPasswordWhenUrlIsMalformed() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(Map.of("schema.registry.url", "ftp://u:pw1234@a:1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("pw1234");
    }

    /** Confluent's serde reads its registry client keys bare or under {@code schema.registry.}: so do we. */
    @ParameterizedTest
    @ValueSource(strings = {"", "schema.registry."})
    void shouldTakeUserInfoWhenConfluentsKeysAreGivenInEitherSpelling(String prefix) {
        SchemaRegistryClientConfig config = SchemaRegistryClientConfig.from(Map.of(
                "schema.registry.url",
                "http://a:8081",
                prefix + "basic.auth.credentials.source",
                "user_info",
                prefix + "basic.auth.user.info",
                "fleet:topsecret"));

        assertThat(config.credentialsSource()).isEqualTo(SchemaRegistryClientConfig.CredentialsSource.USER_INFO);
        assertThat(config.endpoints()).allMatch(RegistryEndpoint::hasCredentials);
        assertThat(config.toString()).doesNotContain("topsecret");
    }

    @Test
    void shouldTakeEqualValuesWhenBothSpellingsAreGiven() {
        SchemaRegistryClientConfig config = SchemaRegistryClientConfig.from(Map.of(
                "schema.registry.url", "http://a:8081",
                "basic.auth.credentials.source", "USER_INFO",
                "schema.registry.basic.auth.credentials.source", "user_info",
                "basic.auth.user.info", "fleet:topsecret",
                "schema.registry.basic.auth.user.info", "fleet:topsecret"));

        assertThat(config.credentialsSource()).isEqualTo(SchemaRegistryClientConfig.CredentialsSource.USER_INFO);
    }

    @Test
    void shouldNameBothKeysButNoSecretWhenTheSpellingsDisagree() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(Map.of(
                        "schema.registry.url", "http://a:8081",
                        "basic.auth.credentials.source", "USER_INFO",
                        "basic.auth.user.info", "fleet:topsecret",
                        "schema.registry.basic.auth.user.info", "fleet:othersecret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.user.info")
                .hasMessageContaining("schema.registry.basic.auth.user.info")
                .hasMessageNotContaining("topsecret")
                .hasMessageNotContaining("othersecret");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(Map.of(
                        "schema.registry.url", "http://a:8081",
                        "basic.auth.credentials.source", "URL",
                        "schema.registry.basic.auth.credentials.source", "USER_INFO",
                        "basic.auth.user.info", "fleet:topsecret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.credentials.source")
                .hasMessageContaining("schema.registry.basic.auth.credentials.source");
    }
}
