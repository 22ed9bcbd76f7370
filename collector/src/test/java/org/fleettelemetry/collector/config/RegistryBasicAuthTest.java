package org.fleettelemetry.collector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.fleettelemetry.collector.ship.Producers;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.registry.FakeSchemaRegistry;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Confluent's basic auth keys, from the collector's config to the Authorization header its registry client sends.
 * The registry here is {@link FakeSchemaRegistry}, a real HTTP server (the JDK's) speaking Confluent's API that
 * demands Basic auth, so that the header itself is checked; {@code SecureStackCollectorIT} runs the same keys against the secure
 * stack's real registry (nginx with Basic auth in front of Apicurio).
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
        registry.requireBasicAuth("collector", "s3cret");
        Map<String, String> m = new HashMap<>();
        m.put("site", "hel");
        m.put("logs", "/logs/*.log");
        m.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        m.put("schema.registry.url", registry.url());
        m.put(prefix + "basic.auth.credentials.source", "USER_INFO");
        m.put(prefix + "basic.auth.user.info", "collector:s3cret");

        try (SchemaRegistryClient client = Producers.registry(CollectorConfig.from(m))) {
            assertThat(client.register("fleet.endpoint-events.v1-value", EndpointEvent.getClassSchema()))
                    .isPositive();
        }

        assertThat(registry.authorizations())
                .isNotEmpty()
                .containsOnly("Basic "
                        + Base64.getEncoder().encodeToString("collector:s3cret".getBytes(StandardCharsets.UTF_8)));
    }
}
