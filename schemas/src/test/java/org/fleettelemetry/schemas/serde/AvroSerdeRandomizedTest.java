package org.fleettelemetry.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.apache.avro.generic.GenericRecord;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.registry.FakeSchemaRegistry;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SchemaRegistryClientConfig;
import org.junit.jupiter.api.Test;

class AvroSerdeRandomizedTest {

    private static final long SEED = Long.getLong("serde.seed", 0x5eed_2025_0314L);
    private static final int RECORDS = 10_000;

    @Test
    void shouldRoundTripRandomEventsWhenFieldsAreOptionalUnicodeAndArrays() {
        System.out.println("AvroSerdeRandomizedTest seed=" + SEED + " (rerun with -Dserde.seed=" + SEED + ")");
        Random random = new Random(SEED);
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.start();
                SchemaRegistryClient client =
                        SchemaRegistryClient.create(Map.of(SchemaRegistryClientConfig.URL, registry.url()))) {
            AvroSerde<EndpointEvent> serde = AvroSerde.specific(EndpointEvent.class, client);
            AvroSerde<GenericRecord> generic = AvroSerde.generic(client);

            for (int i = 0; i < RECORDS; i++) {
                EndpointEvent event = SampleRecords.randomEndpointEvent(random);
                byte[] bytes = serde.serializer().serialize("events", event);

                assertThat(serde.deserializer().deserialize("events", bytes))
                        .as("record %d", i)
                        .isEqualTo(event);
                if (i % 10 == 0) {
                    GenericRecord read = generic.deserializer().deserialize("events", bytes);
                    assertThat(generic.serializer().serialize("events", read))
                            .as("record %d", i)
                            .isEqualTo(bytes);
                }
            }
            assertThat(registry.requestCount()).isEqualTo(1);
        }
    }
}
