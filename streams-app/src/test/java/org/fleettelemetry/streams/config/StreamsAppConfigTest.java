package org.fleettelemetry.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.fleettelemetry.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamsAppConfigTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void shouldTakeTheDocumentedDefaultsWhenStateMemoryIsNotSet() {
        StreamsAppConfig config = StreamsAppConfig.from(base());

        assertThat(config.stateMemory().bytes()).isEqualTo(64 * MIB);
        assertThat(config.stateMemory().writeBufferRatio()).isEqualTo(0.5);
    }

    @Test
    void shouldParseASizeWithAUnitWhenStateMemoryIsSet() {
        Map<String, String> c = base();
        c.put("state.memory", "256m");
        c.put("state.memory.write.buffer.ratio", "0.3");

        StreamsAppConfig config = StreamsAppConfig.from(c);

        assertThat(config.stateMemory().bytes()).isEqualTo(256 * MIB);
        assertThat(config.stateMemory().writeBufferRatio()).isEqualTo(0.3);
        assertThat(config.toString()).contains("state.memory=256m", "state.memory.write.buffer.ratio=0.3");
    }

    @Test
    void shouldNameStateMemoryWhenItIsNotASize() {
        Map<String, String> c = base();
        c.put("state.memory", "lots");

        assertThatThrownBy(() -> StreamsAppConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("state.memory='lots' is invalid");
    }

    @Test
    void shouldNameStateMemoryWhenItIsBelowTheMinimum() {
        Map<String, String> c = base();
        c.put("state.memory", "8m");

        assertThatThrownBy(() -> StreamsAppConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("state.memory='8m' is invalid: must be between " + 16 * MIB);
    }

    @Test
    void shouldNameTheRatioWhenItIsOutOfRange() {
        Map<String, String> c = base();
        c.put("state.memory.write.buffer.ratio", "1");

        assertThatThrownBy(() -> StreamsAppConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("state.memory.write.buffer.ratio='1' is invalid: must be between 0.05 and 0.75");
    }

    /** Confluent's serde documents these keys bare and under {@code schema.registry.}: both are accepted. */
    @ParameterizedTest
    @ValueSource(strings = {"", "schema.registry."})
    void shouldAcceptConfluentsBasicAuthKeysInEitherSpellingAndMaskTheUserInfo(String prefix) {
        Map<String, String> c = base();
        c.put(prefix + "basic.auth.credentials.source", "USER_INFO");
        c.put(prefix + "basic.auth.user.info", "fleet:topsecret");

        StreamsAppConfig config = StreamsAppConfig.from(c);

        assertThat(StreamsProperties.serdeConfig(config))
                .containsEntry(prefix + "basic.auth.credentials.source", "USER_INFO")
                .containsEntry(prefix + "basic.auth.user.info", "fleet:topsecret");
        assertThat(config.toString())
                .contains(prefix + "basic.auth.user.info=****")
                .doesNotContain("topsecret");
    }

    @Test
    void shouldNameBothKeysWhenTheTwoSpellingsDisagree() {
        Map<String, String> c = base();
        c.put("basic.auth.credentials.source", "USER_INFO");
        c.put("schema.registry.basic.auth.credentials.source", "URL");
        c.put("basic.auth.user.info", "fleet:topsecret");

        assertThatThrownBy(() -> StreamsAppConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.credentials.source and schema.registry.basic.auth.credentials.source")
                .hasMessageNotContaining("topsecret");
    }

    private static Map<String, String> base() {
        Map<String, String> c = new HashMap<>();
        c.put("kafka.bootstrap.servers", "127.0.0.1:1");
        c.put("schema.registry.url", "http://127.0.0.1:1");
        return c;
    }

    /**
     * The secure stack's registry settings: Confluent's trust store keys and the serde's lookup-only mode pass through
     * to the serde as given, the trust store's password masked. The JDK's own cacerts is a real PKCS12 trust store.
     */
    @Test
    void shouldPassTheRegistryTrustStoreAndLatestVersionModeToTheSerde() {
        Map<String, String> c = base();
        c.put("schema.registry.ssl.truststore.location", CACERTS);
        c.put("schema.registry.ssl.truststore.type", "PKCS12");
        c.put("schema.registry.ssl.truststore.password", "changeit");
        c.put("auto.register.schemas", "false");
        c.put("use.latest.version", "true");
        c.put("latest.cache.ttl.sec", "5");

        StreamsAppConfig config = StreamsAppConfig.from(c);

        assertThat(StreamsProperties.serdeConfig(config))
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
        Map<String, String> c = base();
        c.put("schema.registry.ssl.truststore.location", CACERTS);
        c.put("schema.registry.ssl.truststore.type", "PKCS12");
        c.put("schema.registry.ssl.truststore.password", "wrong-password");

        assertThatThrownBy(() -> StreamsAppConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.password")
                .hasMessageNotContaining("wrong-password");

        c.put("schema.registry.ssl.truststore.location", "/nowhere/ca.pem");
        c.put("schema.registry.ssl.truststore.type", "PEM");
        c.remove("schema.registry.ssl.truststore.password");
        assertThatThrownBy(() -> StreamsAppConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location");
    }

    @Test
    void shouldRefuseUseLatestVersionWithAutoRegistrationNamingBothKeys() {
        Map<String, String> c = base();
        c.put("use.latest.version", "true");

        assertThatThrownBy(() -> StreamsAppConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("use.latest.version=true needs auto.register.schemas=false");
        c.put("auto.register.schemas", "no");
        assertThatThrownBy(() -> StreamsAppConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto.register.schemas");
    }

    private static final String CACERTS = java.nio.file.Path.of(
                    System.getProperty("java.home"), "lib", "security", "cacerts")
            .toString();
}
