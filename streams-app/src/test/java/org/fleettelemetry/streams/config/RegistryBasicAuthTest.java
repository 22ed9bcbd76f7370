package org.fleettelemetry.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.fleettelemetry.schemas.registry.FakeSchemaRegistry;
import org.fleettelemetry.schemas.serde.AvroSerializer;
import org.fleettelemetry.schemas.serde.SampleRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Confluent's basic auth keys, from the streams app's config through the serde config its topology gets to the
 * Authorization header the serializer's registry client sends. The registry here is {@link FakeSchemaRegistry}, a
 * real HTTP server (the JDK's) speaking Confluent's API that demands Basic auth, so that the header itself is
 * checked; {@code SecureStreamsIT} runs the same keys against the secure stack's real registry (nginx with Basic auth in
 * front of Apicurio).
 */
class RegistryBasicAuthTest {
    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start("/apis/ccompat/v7");

    @AfterEach
    void stop() {
        registry.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "schema.registry."})
    void shouldSendTheUserInfoWhenConfluentsKeysAreGivenInEitherSpelling(String prefix) {
        registry.requireBasicAuth("streams", "s3cret");
        Map<String, String> c = new HashMap<>();
        c.put("kafka.bootstrap.servers", "127.0.0.1:1");
        c.put("schema.registry.url", registry.url());
        c.put(prefix + "basic.auth.credentials.source", "USER_INFO");
        c.put(prefix + "basic.auth.user.info", "streams:s3cret");
        Map<String, Object> serde = StreamsProperties.serdeConfig(StreamsAppConfig.from(c));

        try (AvroSerializer<SpecificRecord> values = new AvroSerializer<>()) {
            values.configure(serde, false);
            assertThat(values.serialize("fleet.connectivity-alerts.v1", SampleRecords.alert()))
                    .isNotEmpty();
        }

        assertThat(registry.authorizations())
                .isNotEmpty()
                .containsOnly("Basic "
                        + Base64.getEncoder().encodeToString("streams:s3cret".getBytes(StandardCharsets.UTF_8)));
    }
}
