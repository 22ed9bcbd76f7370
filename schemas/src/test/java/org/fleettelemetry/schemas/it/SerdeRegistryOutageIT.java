package org.fleettelemetry.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Map;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.registry.CompatibilityLevel;
import org.fleettelemetry.schemas.registry.RegistryUnavailableException;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SchemaRegistryClientConfig;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import org.fleettelemetry.schemas.serde.AvroSerializer;
import org.fleettelemetry.schemas.serde.SampleRecords;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real registry stopped under a serde. A class of its own because the registry is shared by every
 * IT in the JVM and keeps schemas in memory: its restart empties it, so the test puts it back (running,
 * BACKWARD) before it ends, whatever happened.
 */
@ExtendWith(KafkaStackExtension.class)
class SerdeRegistryOutageIT {

    /** Only there so that a hang fails the build instead of stalling it; not a speed requirement. */
    private static final Duration HANG_GUARD = Duration.ofMinutes(3);

    @Test
    void shouldThrowRegistryUnavailableWhenRegistryIsDownAndSchemaIsNotCached(KafkaStack stack) {
        Assumptions.assumeTrue(stack.supportsFaults(), "stopping the registry needs the local stack");
        String cachedTopic = TestNames.of(SerdeRegistryOutageIT.class, "shouldThrowRegistryUnavailable", "heartbeats");
        String uncachedTopic = TestNames.of(SerdeRegistryOutageIT.class, "shouldThrowRegistryUnavailable", "events");
        Map<String, Object> config = StackConfigs.registry(stack);
        config.put(SchemaRegistryClientConfig.MAX_RETRIES, 1);
        config.put(SchemaRegistryClientConfig.REQUEST_TIMEOUT_MS, 2000);
        try (SchemaRegistryClient client = SchemaRegistryClient.create(config);
                SchemaRegistryClient freshClient = SchemaRegistryClient.create(config)) {
            AvroSerializer<Object> serializer = new AvroSerializer<>(client);
            AvroDeserializer<EndpointHeartbeat> cachedReader =
                    AvroDeserializer.specific(EndpointHeartbeat.class, client);
            AvroDeserializer<EndpointHeartbeat> freshReader =
                    AvroDeserializer.specific(EndpointHeartbeat.class, freshClient);
            byte[] beforeOutage = serializer.serialize(cachedTopic, SampleRecords.heartbeat());
            cachedReader.deserialize(cachedTopic, beforeOutage);

            stack.stopRegistry();
            try {
                assertThat(serializer.serialize(cachedTopic, SampleRecords.heartbeat()))
                        .isEqualTo(beforeOutage);
                assertThat(cachedReader.deserialize(cachedTopic, beforeOutage)).isEqualTo(SampleRecords.heartbeat());
                long started = System.nanoTime();
                assertTimeoutPreemptively(
                        HANG_GUARD,
                        () -> assertThatThrownBy(
                                        () -> serializer.serialize(uncachedTopic, SampleRecords.endpointEvent()))
                                .isInstanceOf(RegistryUnavailableException.class)
                                .hasMessageContaining("schema registry unavailable")
                                .hasMessageContaining("register schema for subject '" + uncachedTopic + "-value'")
                                .hasMessageContaining("2 attempt(s)")
                                .hasMessageContaining(stack.registryUrl()));
                System.out.println("SerdeRegistryOutageIT: serialize with the registry down returned after "
                        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
                assertTimeoutPreemptively(
                        HANG_GUARD,
                        () -> assertThatThrownBy(() -> freshReader.deserialize(cachedTopic, beforeOutage))
                                .isInstanceOf(RegistryUnavailableException.class)
                                .hasMessageContaining("get schema id " + Framed.schemaId(beforeOutage)));
            } finally {
                stack.startRegistry();
                // the stack sets BACKWARD on start already; the other ITs rely on it, so it is not left to that
                client.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
            }

            assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
            byte[] afterRestart = serializer.serialize(uncachedTopic, SampleRecords.endpointEvent());
            assertThat(AvroDeserializer.specific(EndpointEvent.class, freshClient)
                            .deserialize(uncachedTopic, afterRestart))
                    .isEqualTo(SampleRecords.endpointEvent());
        }
    }
}
