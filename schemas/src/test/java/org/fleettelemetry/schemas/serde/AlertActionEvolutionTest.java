package org.fleettelemetry.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.fleettelemetry.schemas.Topics;
import org.fleettelemetry.schemas.avro.ActionKind;
import org.fleettelemetry.schemas.avro.AlertAction;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.Matcher;
import org.fleettelemetry.schemas.avro.Silence;
import org.fleettelemetry.schemas.registry.CompatibilityLevel;
import org.fleettelemetry.schemas.registry.FakeSchemaRegistry;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SchemaRegistryClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ConnectivityAlert v4 adds what operators did to an outage: {@code silencedBy} (the silences covering it, default
 * empty) and the acknowledgement (who, when, comment; nullable, default null). FULL compatible with v3: the app reads
 * what v3 wrote (also the single-object bytes in its stores), and consumers still on v3 read v4 records. The actions
 * themselves are a new contract, AlertAction, on their own topic.
 */
class AlertActionEvolutionTest {

    private static final String ALERTS = Topics.ALERTS + "-value";
    private static final String ACTIONS = Topics.ACTIONS + "-value";
    private static final Schema V3 = SchemaHistory.connectivityAlert().get(2);
    private static final Schema CURRENT = ConnectivityAlert.getClassSchema();
    private static final Instant AT = Instant.parse("2025-03-14T10:00:00Z");

    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start();
    private final SchemaRegistryClient client = SchemaRegistryClient.create(
            Map.of(SchemaRegistryClientConfig.URL, registry.url(), SchemaRegistryClientConfig.RETRY_BACKOFF_MS, 1));

    @AfterEach
    void stop() {
        client.close();
        registry.close();
    }

    static ConnectivityAlert silencedAckedAlert() {
        return ConnectivityAlert.newBuilder(SampleRecords.alert())
                .setSilencedBy(List.of("5b0a7a8e-silence"))
                .setAcknowledgedBy("alice")
                .setAcknowledgedAt(AT)
                .setAcknowledgeComment("on it, proxy team called")
                .build();
    }

    static AlertAction silenceCreated() {
        Silence silence = Silence.newBuilder()
                .setSilenceId("5b0a7a8e-silence")
                .setMatchers(List.of(new Matcher("site", "helsinki-hq", false, true)))
                .setStartsAt(AT)
                .setEndsAt(AT.plusSeconds(3600))
                .setCreatedBy("alice")
                .setCreatedAt(AT)
                .setComment("proxy maintenance")
                .build();
        return AlertAction.newBuilder()
                .setActionId("a1")
                .setSubject("silence/5b0a7a8e-silence")
                .setKind(ActionKind.SILENCE_CREATED)
                .setActor("alice")
                .setActorRole("OPERATOR")
                .setAt(AT)
                .setComment("proxy maintenance")
                .setSilence(silence)
                .build();
    }

    @Test
    void shouldKeepTheThirdVersionWithoutTheActionFieldsInTheHistory() {
        assertThat(V3.getField("outageScope")).isNotNull();
        for (String field : List.of("silencedBy", "acknowledgedBy", "acknowledgedAt", "acknowledgeComment")) {
            assertThat(V3.getField(field)).as(field).isNull();
            assertThat(CURRENT.getField(field).hasDefaultValue()).as(field).isTrue();
        }
        ConnectivityAlert plain =
                ConnectivityAlert.newBuilder(SampleRecords.alert()).build();
        assertThat(plain.getSilencedBy()).isEmpty();
        assertThat(plain.getAcknowledgedBy()).isNull();
    }

    @Test
    void shouldBeAcceptedAsTheNextVersionWhenTheSubjectIsFull() {
        client.setGlobalCompatibility(CompatibilityLevel.FULL);
        for (Schema earlier : SchemaHistory.connectivityAlert()) {
            client.register(ALERTS, earlier);
        }

        assertThat(client.testCompatibility(ALERTS, CURRENT).compatible()).isTrue();
        client.register(ALERTS, CURRENT);
        assertThat(client.versions(ALERTS)).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void shouldGiveReadersOfTheThirdVersionASilencedAlertWithoutTheNewFields() {
        client.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
        client.register(ALERTS, V3);
        byte[] bytes = new AvroSerializer<Object>(client).serialize(Topics.ALERTS, silencedAckedAlert());

        GenericRecord read = AvroDeserializer.generic(client, V3).deserialize(Topics.ALERTS, bytes);

        assertThat(read.getSchema().getField("silencedBy")).isNull();
        assertThat(read.get("alertId")).hasToString(SampleRecords.alert().getAlertId());
        assertThat(read.get("cause")).hasToString(SampleRecords.alert().getCause());
    }

    @Test
    void shouldReadWhatTheThirdVersionStoredAsNotSilencedAndNotAcknowledged() throws IOException {
        ConnectivityAlert alert = SampleRecords.alert();
        GenericRecord v3 = SchemaRewrite.rewrite(alert, CURRENT, V3);
        ByteBuffer v3Bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V3).encode(v3);

        ConnectivityAlert read = SchemaHistory.decodeAlert(v3Bytes);

        assertThat(read).isEqualTo(alert);
        assertThat(read.getSilencedBy()).isEmpty();
        assertThat(read.getAcknowledgedAt()).isNull();
        assertThat(SchemaHistory.decodeAlert(silencedAckedAlert().toByteBuffer()))
                .isEqualTo(silencedAckedAlert());
    }

    @Test
    void shouldRegisterTheActionContractAndRoundTripASilence() {
        client.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
        byte[] bytes = new AvroSerializer<Object>(client).serialize(Topics.ACTIONS, silenceCreated());

        AlertAction read = AvroDeserializer.specific(AlertAction.class, client).deserialize(Topics.ACTIONS, bytes);

        assertThat(read).isEqualTo(silenceCreated());
        assertThat(client.versions(ACTIONS)).containsExactly(1);
    }

    @Test
    void shouldReadAnActionKindItDoesNotKnowAsOther() throws IOException {
        // a later version may add a kind: the enum's default turns it into OTHER for this reader, not an error
        Schema current = AlertAction.getClassSchema();
        Schema later = new Schema.Parser()
                .parse(current.toString().replace("\"UNACKNOWLEDGED\"", "\"UNACKNOWLEDGED\",\"ESCALATED\""));
        GenericRecord record = SchemaRewrite.rewrite(silenceCreated(), current, later);
        record.put("kind", new GenericData.EnumSymbol(later.getField("kind").schema(), "ESCALATED"));

        GenericRecord read = SchemaRewrite.rewrite(record, later, current);

        assertThat(read.get("kind")).hasToString("OTHER");
    }
}
