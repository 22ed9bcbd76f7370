package org.fleettelemetry.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fleettelemetry.config.ConfigException;
import org.fleettelemetry.schemas.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deploy step's registration against {@link FakeSchemaRegistry}; SecureStreamsIT runs it on the real one. */
class SchemaRegistrationTest {
    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start("/apis/ccompat/v7");

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void shouldRegisterEveryContractUnderItsTopicsValueSubjectWithTheLevelAndTheSameIdsTheSecondTime() {
        registry.setGlobalLevel("NONE");
        SchemaRegistration.Settings settings =
                SchemaRegistration.Settings.from(Map.of("schema.registry.url", registry.url()));
        List<SchemaRegistration.Outcome> first;
        List<SchemaRegistration.Outcome> second;
        try (SchemaRegistryClient client = SchemaRegistryClient.create(settings.clientConfig())) {
            first = SchemaRegistration.register(client, settings.topicByKey(), settings.compatibility());
            second = SchemaRegistration.register(client, settings.topicByKey(), settings.compatibility());
            assertThat(client.subjects())
                    .containsExactlyInAnyOrder(
                            Topics.EVENTS + "-value",
                            Topics.HEARTBEATS + "-value",
                            Topics.ALERTS + "-value",
                            Topics.ACTIONS + "-value");
        }
        assertThat(first).extracting(SchemaRegistration.Outcome::registered).containsOnly(true);
        assertThat(first)
                .extracting(SchemaRegistration.Outcome::compatibility)
                .containsOnly(CompatibilityLevel.BACKWARD);
        assertThat(second).extracting(SchemaRegistration.Outcome::registered).containsOnly(false);
        assertThat(second)
                .extracting(SchemaRegistration.Outcome::id)
                .containsExactlyElementsOf(
                        first.stream().map(SchemaRegistration.Outcome::id).toList());
        assertThat(second).extracting(SchemaRegistration.Outcome::version).containsOnly(1);
    }

    @Test
    void shouldUseTheConfiguredTopicsAndLevel() {
        Map<String, String> values = new HashMap<>();
        values.put("schema.registry.url", registry.url());
        values.put("topic.alerts", "lab.alerts");
        values.put("compatibility", "full");
        SchemaRegistration.Settings settings = SchemaRegistration.Settings.from(values);
        try (SchemaRegistryClient client = SchemaRegistryClient.create(settings.clientConfig())) {
            List<SchemaRegistration.Outcome> outcomes =
                    SchemaRegistration.register(client, settings.topicByKey(), settings.compatibility());
            assertThat(outcomes).extracting(SchemaRegistration.Outcome::subject).contains("lab.alerts-value");
            assertThat(client.subjectCompatibility("lab.alerts-value")).isEqualTo(CompatibilityLevel.FULL);
        }
    }

    @Test
    void shouldNameTheSubjectAndTheAnswerWhenTheRegistryRefuses() {
        registry.requireBasicAuth("admin", "right");
        SchemaRegistration.Settings settings = SchemaRegistration.Settings.from(Map.of(
                "schema.registry.url",
                registry.url(),
                "basic.auth.credentials.source",
                "USER_INFO",
                "basic.auth.user.info",
                "admin:wrong"));
        try (SchemaRegistryClient client = SchemaRegistryClient.create(settings.clientConfig())) {
            assertThatThrownBy(
                            () -> SchemaRegistration.register(client, settings.topicByKey(), settings.compatibility()))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("under subject '" + Topics.EVENTS + "-value' failed")
                    .hasMessageContaining("HTTP 401")
                    .hasCauseInstanceOf(RegistryAuthenticationException.class);
        }
    }

    @Test
    void shouldRefuseUnknownKeysAndABadLevelByName() {
        Map<String, String> values = new HashMap<>();
        values.put("schema.registry.url", registry.url());
        values.put("topic.event", "typo");
        values.put("compatibility", "STRICT");
        assertThatThrownBy(() -> SchemaRegistration.Settings.from(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key topic.event")
                .hasMessageContaining("compatibility='STRICT' is invalid");
        assertThatThrownBy(() -> SchemaRegistration.Settings.from(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url is required");
    }
}
