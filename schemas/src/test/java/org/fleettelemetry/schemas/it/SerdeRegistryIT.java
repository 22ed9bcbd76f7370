package org.fleettelemetry.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.registry.CompatibilityLevel;
import org.fleettelemetry.schemas.registry.IncompatibleSchemaException;
import org.fleettelemetry.schemas.registry.RegisteredSchema;
import org.fleettelemetry.schemas.registry.SchemaNotFoundException;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SubjectNotFoundException;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import org.fleettelemetry.schemas.serde.AvroSerde;
import org.fleettelemetry.schemas.serde.AvroSerdeConfig;
import org.fleettelemetry.schemas.serde.AvroSerializer;
import org.fleettelemetry.schemas.serde.SampleRecords;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The serde and registry client against the real Apicurio Registry (Confluent API, BACKWARD). Writers
 * and readers use separate clients, so every read fetches the writer schema from the registry rather
 * than from the cache the write filled.
 */
@ExtendWith(KafkaStackExtension.class)
class SerdeRegistryIT {

    private static final Schema V1 = EndpointEvent.getClassSchema();

    private static KafkaStack stack;

    private SchemaRegistryClient writerClient;
    private SchemaRegistryClient readerClient;

    @BeforeAll
    static void stack(KafkaStack given) {
        stack = given;
    }

    @BeforeEach
    void clients() {
        writerClient = StackConfigs.client(stack);
        readerClient = StackConfigs.client(stack);
    }

    @AfterEach
    void close() {
        writerClient.close();
        readerClient.close();
    }

    static Stream<Named<SpecificRecord>> contracts() {
        return Stream.of(SampleRecords.endpointEvent(), SampleRecords.heartbeat(), SampleRecords.alert())
                .map(record -> Named.of(record.getSchema().getName(), record));
    }

    @ParameterizedTest
    @MethodSource("contracts")
    <T extends SpecificRecord> void shouldRoundTripContractWhenItsSchemaIsRegisteredInApicurio(T record) {
        String topic = TestNames.of(
                SerdeRegistryIT.class,
                "shouldRoundTripContract",
                record.getSchema().getName());
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) record.getClass();

        byte[] bytes;
        try (AvroSerde<T> serde = AvroSerde.specific(type, writerClient)) {
            bytes = serde.serializer().serialize(topic, record);
            assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(record);
        }
        T read = AvroDeserializer.specific(type, readerClient).deserialize(topic, bytes);

        assertThat(read).isEqualTo(record);
        RegisteredSchema registered = readerClient.latest(topic + "-value");
        assertThat(registered.version()).isEqualTo(1);
        assertThat(registered.schema()).isEqualTo(record.getSchema());
        assertThat(Framed.schemaId(bytes)).isEqualTo(registered.id());
    }

    @Test
    void shouldReadV1RecordWithV2ReaderWhenV2IsRegisteredUnderTheSameSubject() {
        String topic = TestNames.of(SerdeRegistryIT.class, "shouldReadV1RecordWithV2Reader", "events");
        String subject = topic + "-value";
        EndpointEvent v1 = SampleRecords.endpointEvent();
        byte[] v1Bytes = new AvroSerializer<>(writerClient).serialize(topic, v1);
        writerClient.register(subject, EvolutionSchemas.V2);

        GenericRecord read =
                AvroDeserializer.generic(readerClient, EvolutionSchemas.V2).deserialize(topic, v1Bytes);

        assertThat(readerClient.versions(subject)).containsExactly(1, 2);
        assertThat(readerClient.version(subject, 1).id()).isEqualTo(Framed.schemaId(v1Bytes));
        assertThat(read.getSchema()).isEqualTo(EvolutionSchemas.V2);
        assertThat(read.get("agentVersion")).isNull();
        assertThat(read.get("eventId")).isEqualTo(v1.getEventId());
        assertThat(read.get("timestamp")).isEqualTo(v1.getTimestamp().toEpochMilli());
        assertThat(read.get("kind")).hasToString(v1.getKind().name());
        assertThat((List<?>) read.get("urls")).isEqualTo(v1.getUrls());
    }

    @Test
    void shouldReadV2RecordWithV1ReaderWhenV2WasRegisteredAsNextVersion() {
        String topic = TestNames.of(SerdeRegistryIT.class, "shouldReadV2RecordWithV1Reader", "events");
        String subject = topic + "-value";
        AvroSerializer<Object> serializer = new AvroSerializer<>(writerClient);
        EndpointEvent v1 = SampleRecords.endpointEvent();
        byte[] v1Bytes = serializer.serialize(topic, v1);
        GenericRecord v2 =
                AvroDeserializer.generic(writerClient, EvolutionSchemas.V2).deserialize(topic, v1Bytes);
        v2.put("agentVersion", "17.2.1");

        byte[] v2Bytes = serializer.serialize(topic, v2);
        EndpointEvent asSpecific =
                AvroDeserializer.specific(EndpointEvent.class, readerClient).deserialize(topic, v2Bytes);
        GenericRecord asV1 = AvroDeserializer.generic(readerClient, V1).deserialize(topic, v2Bytes);
        GenericRecord asWritten = AvroDeserializer.generic(readerClient).deserialize(topic, v2Bytes);

        assertThat(readerClient.versions(subject)).containsExactly(1, 2);
        assertThat(readerClient.version(subject, 2).id()).isEqualTo(Framed.schemaId(v2Bytes));
        assertThat(asSpecific).isEqualTo(v1);
        assertThat(asV1.getSchema().getField("agentVersion")).isNull();
        assertThat(asV1.get("message")).isEqualTo(v1.getMessage());
        assertThat(asWritten.getSchema()).isEqualTo(EvolutionSchemas.V2);
        assertThat(asWritten.get("agentVersion")).isEqualTo("17.2.1");
    }

    @Test
    void shouldWriteV1RecordAsLatestV2WhenUseLatestVersionIsOn() {
        String topic = TestNames.of(SerdeRegistryIT.class, "shouldWriteV1RecordAsLatestV2", "events");
        String subject = topic + "-value";
        writerClient.register(subject, V1);
        int v2Id = writerClient.register(subject, EvolutionSchemas.V2);
        AvroSerializer<Object> latest = new AvroSerializer<>(writerClient);
        latest.configure(
                Map.of(AvroSerdeConfig.USE_LATEST_VERSION, true, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);

        byte[] bytes = latest.serialize(topic, SampleRecords.endpointEvent());

        assertThat(Framed.schemaId(bytes)).isEqualTo(v2Id);
        GenericRecord asWritten = AvroDeserializer.generic(readerClient).deserialize(topic, bytes);
        assertThat(asWritten.getSchema()).isEqualTo(EvolutionSchemas.V2);
        assertThat(asWritten.get("agentVersion")).isNull();
        assertThat(AvroDeserializer.specific(EndpointEvent.class, readerClient).deserialize(topic, bytes))
                .isEqualTo(SampleRecords.endpointEvent());
    }

    @Test
    void shouldRefuseV2WithRequiredFieldWhenSubjectIsBackward() {
        String topic = TestNames.of(SerdeRegistryIT.class, "shouldRefuseV2WithRequiredField", "events");
        String subject = topic + "-value";
        AvroSerializer<Object> serializer = new AvroSerializer<>(writerClient);
        byte[] v1Bytes = serializer.serialize(topic, SampleRecords.endpointEvent());
        GenericRecord required = withRequiredAgentVersion(
                AvroDeserializer.generic(writerClient, EvolutionSchemas.V2).deserialize(topic, v1Bytes));

        assertThat(writerClient.subjectCompatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(writerClient
                        .testCompatibility(subject, EvolutionSchemas.V2_REQUIRED)
                        .compatible())
                .isFalse();
        assertThat(writerClient.testCompatibility(subject, EvolutionSchemas.V2).compatible())
                .isTrue();
        assertThatThrownBy(() -> writerClient.register(subject, EvolutionSchemas.V2_REQUIRED))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                })
                .hasMessageContaining("schema for subject '" + subject + "' is incompatible with an earlier version")
                .hasMessageContaining("agentVersion");
        assertThatThrownBy(() -> serializer.serialize(topic, required))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("topic '" + topic + "'")
                .hasMessageContaining("subject '" + subject + "'");
        assertThat(readerClient.versions(subject)).containsExactly(1);
    }

    @Test
    void shouldRefuseToWriteWhenAutoRegisterIsOffAndTheSchemaIsNotInTheSubject() {
        String topic = TestNames.of(SerdeRegistryIT.class, "shouldRefuseToWriteWhenAutoRegisterIsOff", "events");
        String subject = topic + "-value";
        writerClient.register(subject, V1);
        AvroSerializer<Object> lookupOnly = new AvroSerializer<>(writerClient);
        lookupOnly.configure(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);
        GenericRecord v2 = AvroDeserializer.generic(writerClient, EvolutionSchemas.V2)
                .deserialize(topic, lookupOnly.serialize(topic, SampleRecords.endpointEvent()));

        assertThatThrownBy(() -> lookupOnly.serialize(topic, v2))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema not registered under subject '" + subject + "'")
                .cause()
                .isInstanceOfSatisfying(
                        SchemaNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThat(readerClient.versions(subject)).containsExactly(1);
    }

    @Test
    void shouldNameTheIdWhenTheRegistryHasNoSchemaWithIt() {
        String topic = TestNames.of(SerdeRegistryIT.class, "shouldNameTheIdWhenTheRegistryHasNoSchemaWithIt", "events");
        int unknownId = 0x7f00_0001;
        byte[] framed = {0, 0x7f, 0, 0, 1, 2, 'x'};

        assertThatThrownBy(() -> AvroDeserializer.specific(EndpointEvent.class, readerClient)
                        .deserialize(topic, framed))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + topic + "'")
                .hasMessageContaining("schema id " + unknownId + " not found")
                .cause()
                .isInstanceOfSatisfying(
                        SchemaNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403));
    }

    @Test
    void shouldForgetSubjectWhenDeletedPermanently() {
        String subject =
                TestNames.of(SerdeRegistryIT.class, "shouldForgetSubjectWhenDeletedPermanently", "events") + "-value";
        writerClient.register(subject, V1);
        writerClient.register(subject, EvolutionSchemas.V2);
        assertThat(readerClient.subjects()).contains(subject);

        assertThat(writerClient.deleteSubject(subject, true)).containsExactly(1, 2);

        assertThat(readerClient.subjects()).doesNotContain(subject);
        assertThatThrownBy(() -> readerClient.versions(subject))
                .isInstanceOfSatisfying(
                        SubjectNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401))
                .hasMessageContaining("subject '" + subject + "' not found");
    }

    /** The same values as a record of the incompatible v2, whose agentVersion is required. */
    private static GenericRecord withRequiredAgentVersion(GenericRecord v2) {
        GenericRecord required = new GenericData.Record(EvolutionSchemas.V2_REQUIRED);
        EvolutionSchemas.V2.getFields().forEach(field -> required.put(field.name(), v2.get(field.name())));
        required.put("agentVersion", "17.2.1");
        return required;
    }
}
