package org.fleettelemetry.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.registry.FakeSchemaRegistry;
import org.fleettelemetry.schemas.registry.IncompatibleSchemaException;
import org.fleettelemetry.schemas.registry.RegistryUnavailableException;
import org.fleettelemetry.schemas.registry.SchemaNotFoundException;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SchemaRegistryClientConfig;
import org.fleettelemetry.schemas.registry.SubjectNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AvroSerdeTest {

    private static final String TOPIC = "fleet.endpoint-events.v1";

    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start();
    private final SchemaRegistryClient client = SchemaRegistryClient.create(config());

    @AfterEach
    void stop() {
        client.close();
        registry.close();
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaRegistryClientConfig.URL, registry.url());
        config.put(SchemaRegistryClientConfig.RETRY_BACKOFF_MS, 1);
        return config;
    }

    static Stream<SpecificRecord> records() {
        return Stream.of(SampleRecords.endpointEvent(), SampleRecords.heartbeat(), SampleRecords.alert());
    }

    @ParameterizedTest
    @MethodSource("records")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void shouldRoundTripSpecificRecordWhenReadAsItsClass(SpecificRecord record) {
        try (AvroSerde serde = AvroSerde.specific(record.getClass(), client)) {
            byte[] bytes = serde.serializer().serialize(TOPIC, record);

            assertThat(bytes[0]).isZero();
            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(record);
        }
    }

    @Test
    void shouldDecodeWithTheBodyReaderOnlyWhatTheClassesOwnLayoutWrote() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        org.apache.avro.specific.SpecificDatumReader<EndpointEvent> avro =
                new org.apache.avro.specific.SpecificDatumReader<>(EndpointEvent.class);
        AvroDeserializer.BodyReader<EndpointEvent> counting = in -> {
            calls.incrementAndGet();
            return avro.read(null, in);
        };
        Map<String, Object> config = config();
        try (AvroSerde<EndpointEvent> serde = AvroSerde.specific(EndpointEvent.class, counting)) {
            serde.configure(config, false);
            EndpointEvent event = SampleRecords.endpointEvent();
            byte[] bytes = serde.serializer().serialize(TOPIC, event);
            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
            assertThat(calls).hasValue(1);

            // another layout of the same record (the first schema: no endOffset, no probe): Avro's resolving reader
            Schema shorter = SchemaHistory.endpointEvent().get(0);
            GenericRecord older = new GenericData.Record(shorter);
            for (Schema.Field f : shorter.getFields()) {
                older.put(f.name(), new GenericData().deepCopy(f.schema(), genericValue(event, f)));
            }
            byte[] olderBytes = new AvroSerializer<GenericRecord>(client).serialize("older-events", older);
            EndpointEvent read = serde.deserializer().deserialize(TOPIC, olderBytes);
            assertThat(calls)
                    .as("the body reader is for the class's own layout only")
                    .hasValue(1);
            assertThat(read.getEventId()).isEqualTo(event.getEventId());
            assertThat(read.getEndOffset()).isNull();
        }
    }

    private static Object genericValue(EndpointEvent event, Schema.Field f) {
        Object value = event.get(f.name());
        if (value instanceof java.time.Instant t) {
            return t.toEpochMilli();
        }
        if (value instanceof Enum<?> symbol) {
            return new GenericData.EnumSymbol(f.schema(), symbol.name());
        }
        return value;
    }

    @ParameterizedTest
    @MethodSource("records")
    void shouldRoundTripGenericRecordWhenWrittenAsSpecific(SpecificRecord record) {
        AvroSerializer<Object> serializer = new AvroSerializer<>(client);
        AvroSerde<GenericRecord> generic = AvroSerde.generic(client);
        byte[] specificBytes = serializer.serialize(TOPIC, record);

        GenericRecord read = generic.deserializer().deserialize(TOPIC, specificBytes);
        byte[] genericBytes = generic.serializer().serialize(TOPIC, read);

        assertThat(read.getSchema()).isEqualTo(record.getSchema());
        assertThat(read.get(0)).isInstanceOf(String.class).isEqualTo(record.get(0));
        assertThat(genericBytes).isEqualTo(specificBytes);
        assertThat(AvroDeserializer.specific(record.getClass().asSubclass(SpecificRecord.class), client)
                        .deserialize(TOPIC, genericBytes))
                .isEqualTo(record);
    }

    @Test
    void shouldReadWriterClassWhenSpecificAvroReaderIsConfigured() {
        AvroDeserializer<Object> deserializer = new AvroDeserializer<>(client);
        deserializer.configure(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true"), false);
        AvroSerializer<Object> serializer = new AvroSerializer<>(client);

        assertThat(deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, SampleRecords.heartbeat())))
                .isEqualTo(SampleRecords.heartbeat());
        assertThat(deserializer.deserialize("alerts", serializer.serialize("alerts", SampleRecords.alert())))
                .isEqualTo(SampleRecords.alert());
    }

    @Test
    void shouldCreateOneClientWhenConfiguredFromMap() {
        try (AvroSerde<Object> serde = new AvroSerde<>()) {
            Map<String, Object> config = config();
            config.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
            serde.configure(config, false);

            byte[] bytes = serde.serializer().serialize(TOPIC, SampleRecords.endpointEvent());

            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(SampleRecords.endpointEvent());
            assertThat(registry.requestLog()).containsExactly("POST /subjects/" + TOPIC + "-value/versions");
        }
    }

    @Test
    void shouldReturnNullWhenInputIsNull() {
        AvroSerde<EndpointEvent> serde = AvroSerde.specific(EndpointEvent.class, client);

        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(registry.requestCount()).isZero();
    }

    @Test
    void shouldRoundTripPrimitivesWhenUsedAsKeys() {
        AvroSerializer<Object> keys = new AvroSerializer<>(client);
        keys.configure(Map.of(), true);
        AvroDeserializer<Object> reader = new AvroDeserializer<>(client);
        byte[] raw = {1, 2, 3, (byte) 0xff};

        assertThat(reader.deserialize(TOPIC, keys.serialize(TOPIC, "ws-0042 ☃")))
                .isEqualTo("ws-0042 ☃");
        assertThat(reader.deserialize("ints", keys.serialize("ints", 42))).isEqualTo(42);
        assertThat(reader.deserialize("longs", keys.serialize("longs", 42L))).isEqualTo(42L);
        assertThat(reader.deserialize("flags", keys.serialize("flags", true))).isEqualTo(true);
        assertThat(reader.deserialize("doubles", keys.serialize("doubles", 2.5d)))
                .isEqualTo(2.5d);
        byte[] framedRaw = keys.serialize("raw", raw);
        assertThat(Arrays.copyOfRange(framedRaw, 5, framedRaw.length)).isEqualTo(raw);
        assertThat(reader.deserialize("raw", framedRaw)).isEqualTo(raw);
        assertThat(registry.requestLog()).first().isEqualTo("POST /subjects/" + TOPIC + "-key/versions");
    }

    @Test
    void shouldNameTopicWhenValueTypeIsNotAvro() {
        AvroSerializer<Object> serializer = new AvroSerializer<>(client);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, new HashMap<>()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.util.HashMap")
                .hasMessageContaining(TOPIC);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void shouldRefuseRecordWhenClassDoesNotMatchSerde() {
        Serializer raw = AvroSerde.specific(EndpointEvent.class, client).serializer();

        assertThatThrownBy(() -> raw.serialize(TOPIC, SampleRecords.heartbeat()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("serializer for " + EndpointEvent.class.getName() + " was given a "
                        + EndpointHeartbeat.class.getName());
    }

    @Test
    void shouldRefuseRecordWhenWriterCannotBeReadAsReaderClass() {
        byte[] heartbeat = new AvroSerializer<Object>(client).serialize(TOPIC, SampleRecords.heartbeat());

        assertThatThrownBy(() ->
                        AvroDeserializer.specific(EndpointEvent.class, client).deserialize(TOPIC, heartbeat))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining("writer schema id 1 (" + EndpointHeartbeat.class.getName() + ")")
                .hasMessageContaining("cannot be read as " + EndpointEvent.class.getName());
    }

    @Test
    void shouldNameMagicByteWhenPayloadIsNotWireFormat() {
        byte[] json = "{\"endpointId\":\"ws-0042\",\"site\":\"helsinki-hq\",\"x\":12}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> AvroDeserializer.generic(client).deserialize(TOPIC, json))
                .isInstanceOf(SerializationException.class)
                .hasMessage("unknown magic byte 0x7b at offset 0 of a " + json.length + "-byte record from topic '"
                        + TOPIC + "': not Confluent wire format");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void shouldNameLengthWhenPayloadIsShorterThanHeader(int length) {
        byte[] shortPayload = new byte[length];

        assertThatThrownBy(() -> AvroDeserializer.generic(client).deserialize(TOPIC, shortPayload))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("record of " + length + " byte(s) from topic '" + TOPIC + "'")
                .hasMessageContaining("shorter than the 5-byte Confluent wire header");
    }

    @Test
    void shouldNameSchemaIdWhenBodyIsTruncated() {
        byte[] bytes = new AvroSerializer<Object>(client).serialize(TOPIC, SampleRecords.endpointEvent());
        byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);

        assertThatThrownBy(() ->
                        AvroDeserializer.specific(EndpointEvent.class, client).deserialize(TOPIC, cut))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("writer schema id 1")
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void shouldNameLeftoverBytesWhenBodyIsLongerThanRecord() {
        byte[] bytes = new AvroSerializer<Object>(client).serialize(TOPIC, SampleRecords.heartbeat());
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 3);

        assertThatThrownBy(() -> AvroDeserializer.generic(client).deserialize(TOPIC, padded))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("bytes left over");
    }

    @Test
    void shouldNameSchemaIdAndTopicWhenIdIsUnknown() {
        byte[] unknownId = {0, 0, 0, 0x10, 0x00, 2, 'x'};

        assertThatThrownBy(() -> AvroDeserializer.generic(client).deserialize(TOPIC, unknownId))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("schema id 4096 not found")
                .hasCauseInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void shouldExplainIncompatibilityWhenRegistryRefusesSchema() {
        new AvroSerializer<Object>(client).serialize(TOPIC, SampleRecords.heartbeat());
        Schema breaking = SchemaBuilder.record("EndpointHeartbeat")
                .namespace("org.fleettelemetry.schemas.avro")
                .fields()
                .requiredString("endpointId")
                .requiredInt("mandatoryNewThing")
                .endRecord();
        GenericRecord record = new GenericData.Record(breaking);
        record.put("endpointId", "ws-0042");
        record.put("mandatoryNewThing", 1);

        assertThatThrownBy(() -> new AvroSerializer<Object>(client).serialize(TOPIC, record))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("schema for subject '" + TOPIC + "-value' is incompatible with an earlier version"
                        + " (registry error 409)")
                .hasMessageContaining("mandatoryNewThing")
                .hasCauseInstanceOf(IncompatibleSchemaException.class);
    }

    @Test
    void shouldNameSubjectWhenLatestVersionIsWantedButSubjectIsUnknown() {
        AvroSerializer<Object> serializer = new AvroSerializer<>(client);
        serializer.configure(
                Map.of(AvroSerdeConfig.USE_LATEST_VERSION, "true", AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"),
                false);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, SampleRecords.endpointEvent()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject '" + TOPIC + "-value' not found")
                .hasMessageContaining("40401")
                .hasCauseInstanceOf(SubjectNotFoundException.class);
    }

    @Test
    void shouldRefuseConfigWhenLatestVersionAndAutoRegisterAreBothOn() {
        AvroSerializer<Object> serializer = new AvroSerializer<>(client);

        assertThatThrownBy(() -> serializer.configure(Map.of(AvroSerdeConfig.USE_LATEST_VERSION, true), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS);
    }

    @Test
    void shouldLookUpWithoutRegisteringWhenAutoRegisterIsOff() {
        AvroSerializer<Object> lookingUp = new AvroSerializer<>(client);
        lookingUp.configure(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);

        assertThatThrownBy(() -> lookingUp.serialize(TOPIC, SampleRecords.endpointEvent()))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(SubjectNotFoundException.class);
        int id = client.register(TOPIC + "-value", EndpointEvent.getClassSchema());
        assertThat(lookingUp.serialize(TOPIC, SampleRecords.endpointEvent())[4]).isEqualTo((byte) id);
        assertThat(registry.requestLog())
                .containsExactly(
                        "POST /subjects/" + TOPIC + "-value",
                        "POST /subjects/" + TOPIC + "-value/versions",
                        "POST /subjects/" + TOPIC + "-value");
    }

    @Test
    void shouldPassUnavailableThroughUnwrappedWhenRegistryIsDown() {
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaRegistryClientConfig.URL, FakeSchemaRegistry.deadUrl());
        config.put(SchemaRegistryClientConfig.RETRY_BACKOFF_MS, 1);
        config.put(SchemaRegistryClientConfig.REQUEST_TIMEOUT_MS, 1000);
        byte[] framed = new AvroSerializer<Object>(client).serialize(TOPIC, SampleRecords.endpointEvent());
        try (AvroSerde<EndpointEvent> serde = AvroSerde.specific(EndpointEvent.class)) {
            serde.configure(config, false);

            assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, SampleRecords.endpointEvent()))
                    .isExactlyInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("register schema for subject '" + TOPIC + "-value'");
            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, framed))
                    .isExactlyInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("get schema id 1");
        }
    }

    static Stream<String[]> strategies() {
        String events = EndpointEvent.class.getName();
        return Stream.of(
                new String[] {"io.confluent.kafka.serializers.subject.TopicNameStrategy", TOPIC + "-value"},
                new String[] {"TopicNameStrategy", TOPIC + "-value"},
                new String[] {"io.confluent.kafka.serializers.subject.RecordNameStrategy", events},
                new String[] {RecordNameStrategy.class.getName(), events},
                new String[] {"io.confluent.kafka.serializers.subject.TopicRecordNameStrategy", TOPIC + "-" + events},
                new String[] {"TopicRecordNameStrategy", TOPIC + "-" + events});
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void shouldRegisterUnderStrategySubjectWhenStrategyIsConfigured(String strategy, String subject) {
        AvroSerializer<Object> serializer = new AvroSerializer<>(client);
        serializer.configure(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, strategy), false);

        serializer.serialize(TOPIC, SampleRecords.endpointEvent());

        assertThat(client.subjects()).containsExactly(subject);
    }

    @Test
    void shouldUseKeyStrategyWhenSerializerIsForKeys() {
        AvroSerializer<Object> serializer = new AvroSerializer<>(client);
        serializer.configure(
                Map.of(
                        AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY,
                        "RecordNameStrategy",
                        AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                        "TopicRecordNameStrategy"),
                true);

        serializer.serialize(TOPIC, SampleRecords.heartbeat());

        assertThat(client.subjects()).containsExactly(EndpointHeartbeat.class.getName());
    }

    @Test
    void shouldNameKeyWhenStrategyIsUnknown() {
        AvroSerializer<Object> serializer = new AvroSerializer<>(client);

        assertThatThrownBy(
                        () -> serializer.configure(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "Nope"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY);
    }

    @Test
    void shouldNotCallRegistryWhenSchemaAndIdAreCached() {
        AvroSerde<ConnectivityAlert> serde = AvroSerde.specific(ConnectivityAlert.class, client);
        byte[] first = serde.serializer().serialize(TOPIC, SampleRecords.alert());
        int afterFirst = registry.requestCount();

        serde.serializer().serialize(TOPIC, SampleRecords.alert());
        serde.deserializer().deserialize(TOPIC, first);
        AvroDeserializer.generic(client).deserialize(TOPIC, first);

        assertThat(afterFirst).isEqualTo(1);
        assertThat(registry.requestCount()).isEqualTo(1);
        try (SchemaRegistryClient other = SchemaRegistryClient.create(config())) {
            AvroDeserializer<EndpointEvent> fresh = AvroDeserializer.specific(EndpointEvent.class, other);
            AvroDeserializer<ConnectivityAlert> alerts = AvroDeserializer.specific(ConnectivityAlert.class, other);
            alerts.deserialize(TOPIC, first);
            alerts.deserialize(TOPIC, first);
            assertThatThrownBy(() -> fresh.deserialize(TOPIC, first)).isInstanceOf(SerializationException.class);
        }
        assertThat(registry.requestLog())
                .containsExactly("POST /subjects/" + TOPIC + "-value/versions", "GET /schemas/ids/1");
    }
}
