package org.fleettelemetry.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.fleettelemetry.schemas.Topics;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.registry.CompatibilityLevel;
import org.fleettelemetry.schemas.registry.FakeSchemaRegistry;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SchemaRegistryClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ConnectivityAlert v5 adds what the collectors' active probe says of an outage (#18): {@code probeConfirmed} (N),
 * {@code probeEndpoints} (M), {@code probeFailedStep} and {@code probeDetail}, all nullable with default null. FULL
 * compatible with v4: consumers on v4 read v5 records without them, and v5 reads what v4 wrote (also the
 * single-object bytes the app stored) as "no probe data".
 */
class ProbeConfirmationEvolutionTest {
    private static final String ALERTS = Topics.ALERTS + "-value";
    private static final Schema V4 = SchemaHistory.connectivityAlert().get(3);
    private static final Schema CURRENT = ConnectivityAlert.getClassSchema();
    private static final List<String> PROBE_FIELDS =
            List.of("probeConfirmed", "probeEndpoints", "probeFailedStep", "probeDetail");

    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start();
    private final SchemaRegistryClient client = SchemaRegistryClient.create(
            Map.of(SchemaRegistryClientConfig.URL, registry.url(), SchemaRegistryClientConfig.RETRY_BACKOFF_MS, 1));

    @AfterEach
    void stop() {
        client.close();
        registry.close();
    }

    static ConnectivityAlert probeConfirmedAlert() {
        return ConnectivityAlert.newBuilder(AlertActionEvolutionTest.silencedAckedAlert())
                .setErrorClass("PROXY_AUTH")
                .setErrorCode("proxy:407")
                .setProbeConfirmed(4)
                .setProbeEndpoints(5)
                .setProbeFailedStep("PROXY_TUNNEL")
                .setProbeDetail("PROXY_TUNNEL answered 407")
                .build();
    }

    @Test
    void shouldKeepTheFourthVersionWithoutTheProbeFieldsInTheHistory() {
        assertThat(V4.getField("acknowledgeComment")).isNotNull();
        for (String field : PROBE_FIELDS) {
            assertThat(V4.getField(field)).as(field).isNull();
            assertThat(CURRENT.getField(field).hasDefaultValue()).as(field).isTrue();
            assertThat(CURRENT.getField(field).defaultVal()).as(field).isEqualTo(JsonProperties.NULL_VALUE);
        }
        assertThat(ConnectivityAlert.newBuilder(AlertActionEvolutionTest.silencedAckedAlert())
                        .build()
                        .getProbeConfirmed())
                .isNull();
    }

    @Test
    void shouldBeAcceptedAsTheNextVersionWhenTheSubjectIsFull() {
        client.setGlobalCompatibility(CompatibilityLevel.FULL);
        client.register(ALERTS, V4);

        assertThat(client.testCompatibility(ALERTS, CURRENT).compatible()).isTrue();
        client.register(ALERTS, CURRENT);
        assertThat(client.versions(ALERTS)).containsExactly(1, 2);
    }

    @Test
    void shouldRefuseAProbeFieldWithoutADefaultWhenTheSubjectIsFull() {
        // the check above can fail: the same field without its default is not FULL compatible with v4
        client.setGlobalCompatibility(CompatibilityLevel.FULL);
        client.register(ALERTS, V4);
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : CURRENT.getFields()) {
            fields.add(
                    f.name().equals("probeConfirmed")
                            ? new Schema.Field(f.name(), Schema.create(Schema.Type.INT), f.doc())
                            : new Schema.Field(f, f.schema()));
        }
        Schema withoutDefault =
                Schema.createRecord(CURRENT.getName(), CURRENT.getDoc(), CURRENT.getNamespace(), false, fields);

        assertThat(withoutDefault.getField("probeConfirmed").hasDefaultValue()).isFalse();
        assertThat(client.testCompatibility(ALERTS, withoutDefault).compatible())
                .isFalse();
    }

    @Test
    void shouldGiveReadersOfTheFourthVersionAProbeConfirmedAlertWithoutTheNewFields() {
        client.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
        client.register(ALERTS, V4);
        byte[] bytes = new AvroSerializer<Object>(client).serialize(Topics.ALERTS, probeConfirmedAlert());

        GenericRecord read = AvroDeserializer.generic(client, V4).deserialize(Topics.ALERTS, bytes);

        assertThat(read.getSchema().getField("probeConfirmed")).isNull();
        assertThat(read.get("errorClass")).hasToString("PROXY_AUTH");
        assertThat(read.get("acknowledgedBy")).hasToString("alice");
    }

    @Test
    void shouldReadWhatTheFourthVersionStoredAsWithoutProbeData() throws IOException {
        ConnectivityAlert alert = AlertActionEvolutionTest.silencedAckedAlert();
        GenericRecord v4 = SchemaRewrite.rewrite(alert, CURRENT, V4);
        ByteBuffer v4Bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V4).encode(v4);

        ConnectivityAlert read = SchemaHistory.decodeAlert(v4Bytes);

        assertThat(read).isEqualTo(alert);
        assertThat(read.getProbeConfirmed()).isNull();
        assertThat(read.getProbeFailedStep()).isNull();
        assertThat(SchemaHistory.decodeAlert(probeConfirmedAlert().toByteBuffer()))
                .isEqualTo(probeConfirmedAlert());
    }
}
