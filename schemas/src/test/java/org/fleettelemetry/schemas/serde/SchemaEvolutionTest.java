package org.fleettelemetry.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.registry.CompatibilityLevel;
import org.fleettelemetry.schemas.registry.FakeSchemaRegistry;
import org.fleettelemetry.schemas.registry.IncompatibleSchemaException;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SchemaRegistryClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of schemas/EVOLUTION.md, shown on EndpointEvent against a BACKWARD registry. */
class SchemaEvolutionTest {

    private static final String TOPIC = "fleet.endpoint-events.v1";
    private static final Schema V1 = EndpointEvent.getClassSchema();
    private static final Schema V2 = load("/evolution/EndpointEvent-v2.avsc");
    private static final Schema V2_REQUIRED = load("/evolution/EndpointEvent-v2-required.avsc");
    /** The contract as it was before the active probe added {@code probe} and the PROBE log file. */
    private static final Schema BEFORE_PROBE = load("/evolution/EndpointEvent-before-probe.avsc");

    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start();
    private final SchemaRegistryClient client = SchemaRegistryClient.create(
            Map.of(SchemaRegistryClientConfig.URL, registry.url(), SchemaRegistryClientConfig.RETRY_BACKOFF_MS, 1));
    private final AvroSerializer<Object> serializer = new AvroSerializer<>(client);

    @BeforeEach
    void backward() {
        client.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
    }

    @AfterEach
    void stop() {
        client.close();
        registry.close();
    }

    private static Schema load(String resource) {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(resource, e);
        }
    }

    @Test
    void shouldReadV1RecordWithV2ReaderWhenFieldWasAddedWithDefault() {
        EndpointEvent v1 = SampleRecords.endpointEvent();
        byte[] bytes = serializer.serialize(TOPIC, v1);

        GenericRecord read = AvroDeserializer.generic(client, V2).deserialize(TOPIC, bytes);

        assertThat(read.getSchema()).isEqualTo(V2);
        assertThat(read.get("agentVersion")).isNull();
        assertThat(read.get("endpointId")).isEqualTo(v1.getEndpointId());
        assertThat(read.get("timestamp")).isEqualTo(v1.getTimestamp().toEpochMilli());
        assertThat((List<?>) read.get("urls")).isEqualTo(v1.getUrls());
    }

    @Test
    void shouldReadV2RecordWithV1ReaderWhenV2IsRegisteredAsNextVersion() {
        EndpointEvent v1 = SampleRecords.endpointEvent();
        GenericRecord v2 = AvroDeserializer.generic(client, V2).deserialize(TOPIC, serializer.serialize(TOPIC, v1));
        v2.put("agentVersion", "17.2.1");
        byte[] v2Bytes = serializer.serialize(TOPIC, v2);

        GenericRecord asV1 = AvroDeserializer.generic(client, V1).deserialize(TOPIC, v2Bytes);
        EndpointEvent asSpecific =
                AvroDeserializer.specific(EndpointEvent.class, client).deserialize(TOPIC, v2Bytes);

        assertThat(client.versions(TOPIC + "-value")).containsExactly(1, 2);
        assertThat(asV1.getSchema().getField("agentVersion")).isNull();
        assertThat(asV1.get("message")).isEqualTo(v1.getMessage());
        assertThat(asSpecific).isEqualTo(v1);
    }

    @Test
    void shouldWriteOldRecordAsLatestVersionWhenUseLatestVersionIsOn() {
        client.register(TOPIC + "-value", V1);
        int v2Id = client.register(TOPIC + "-value", V2);
        AvroSerializer<Object> latest = new AvroSerializer<>(client);
        latest.configure(
                Map.of(AvroSerdeConfig.USE_LATEST_VERSION, true, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);

        byte[] bytes = latest.serialize(TOPIC, SampleRecords.endpointEvent());

        assertThat(bytes[4]).isEqualTo((byte) v2Id);
        GenericRecord read = AvroDeserializer.generic(client).deserialize(TOPIC, bytes);
        assertThat(read.getSchema()).isEqualTo(V2);
        assertThat(read.get("agentVersion")).isNull();
        assertThat(AvroDeserializer.specific(EndpointEvent.class, client).deserialize(TOPIC, bytes))
                .isEqualTo(SampleRecords.endpointEvent());
    }

    @Test
    void shouldRefuseV2WhenAddedFieldIsRequiredWithoutDefault() {
        serializer.serialize(TOPIC, SampleRecords.endpointEvent());
        GenericRecord v2 = AvroDeserializer.generic(client, V2)
                .deserialize(TOPIC, serializer.serialize(TOPIC, SampleRecords.endpointEvent()));
        GenericRecord required = new org.apache.avro.generic.GenericData.Record(V2_REQUIRED);
        V2.getFields().forEach(field -> required.put(field.name(), v2.get(field.name())));
        required.put("agentVersion", "17.2.1");

        assertThat(client.testCompatibility(TOPIC + "-value", V2_REQUIRED).compatible())
                .isFalse();
        assertThat(client.testCompatibility(TOPIC + "-value", V2).compatible()).isTrue();
        assertThatThrownBy(() -> serializer.serialize(TOPIC, required))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("schema for subject '" + TOPIC + "-value' is incompatible with an earlier"
                        + " version (registry error 409)")
                .hasMessageContaining("agentVersion");
    }

    @Test
    void shouldReadProbeEventsWithTheReaderBeforeProbesAndOldEventsWithTheProbeReaderWhenFullyCompatible() {
        client.setSubjectCompatibility(TOPIC + "-value", CompatibilityLevel.FULL);
        client.register(TOPIC + "-value", BEFORE_PROBE);
        assertThat(client.testCompatibility(TOPIC + "-value", V1).compatible()).isTrue();
        EndpointEvent probe = EndpointEvent.newBuilder(SampleRecords.endpointEvent())
                .setLogFile(LogFile.PROBE)
                .setProbe(SampleRecords.randomProbe(new java.util.Random(7)))
                .build();

        GenericRecord asBefore =
                AvroDeserializer.generic(client, BEFORE_PROBE).deserialize(TOPIC, serializer.serialize(TOPIC, probe));
        GenericRecord old = AvroDeserializer.generic(client, BEFORE_PROBE)
                .deserialize(TOPIC, serializer.serialize(TOPIC, SampleRecords.endpointEvent()));
        byte[] oldBytes = new AvroSerializer<>(client).serialize(TOPIC, old);
        EndpointEvent oldAsNew =
                AvroDeserializer.specific(EndpointEvent.class, client).deserialize(TOPIC, oldBytes);

        assertThat(asBefore.get("logFile")).hasToString("OTHER");
        assertThat(asBefore.getSchema().getField("probe")).isNull();
        assertThat(asBefore.get("eventId")).hasToString(probe.getEventId());
        assertThat(oldAsNew.getProbe()).isNull();
        assertThat(oldAsNew).isEqualTo(SampleRecords.endpointEvent());
    }
}
