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
}
