package org.fleettelemetry.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificDatumWriter;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.registry.CompatibilityLevel;
import org.fleettelemetry.schemas.registry.FakeSchemaRegistry;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SchemaRegistryClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ConnectivityAlert v2 added {@code remediationSteps} (with a default) next to the {@code remediation} strings of v1:
 * the rules of schemas/EVOLUTION.md on the alert topic, against a BACKWARD registry, and the single-object bytes the
 * streams app keeps in its stores.
 */
class ConnectivityAlertEvolutionTest {

    private static final String TOPIC = "fleet.connectivity-alerts.v1";
    private static final String SUBJECT = TOPIC + "-value";
    private static final Schema V1 = SchemaHistory.connectivityAlert().get(0);
    private static final Schema CURRENT = ConnectivityAlert.getClassSchema();

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

    @Test
    void shouldKeepTheFirstVersionWithoutTheStepsInTheHistory() {
        assertThat(V1.getField("remediation")).isNotNull();
        assertThat(V1.getField("remediationSteps")).isNull();
        assertThat(CURRENT.getField("remediationSteps").hasDefaultValue()).isTrue();
        assertThat(CURRENT.getField("remediationSteps")
                        .schema()
                        .getElementType()
                        .getField("commands")
                        .hasDefaultValue())
                .isTrue();
    }

    @Test
    void shouldAcceptTheStepsAsTheNextVersionWhenTheRegistryIsBackward() {
        client.register(SUBJECT, V1);

        assertThat(client.testCompatibility(SUBJECT, CURRENT).compatible()).isTrue();
        serializer.serialize(TOPIC, SampleRecords.alert());
        assertThat(client.versions(SUBJECT)).containsExactly(1, 2);
    }

    @Test
    void shouldReadAnAlertOfTheFirstVersionWithNoStepsAndItsRemediationLines() throws IOException {
        ConnectivityAlert alert = SampleRecords.alert();
        byte[] v1Bytes = serializer.serialize(TOPIC, asV1(alert));

        ConnectivityAlert read =
                AvroDeserializer.specific(ConnectivityAlert.class, client).deserialize(TOPIC, v1Bytes);

        assertThat(read.getRemediationSteps()).isEmpty();
        assertThat(read.getRemediation()).isEqualTo(alert.getRemediation());
        assertThat(ConnectivityAlert.newBuilder(read)
                        .setRemediationSteps(alert.getRemediationSteps())
                        .build())
                .isEqualTo(alert);
    }

    @Test
    void shouldGiveAReaderOfTheFirstVersionTheRemediationLinesOfANewAlert() {
        ConnectivityAlert alert = SampleRecords.alert();
        byte[] bytes = serializer.serialize(TOPIC, alert);

        GenericRecord asV1 = AvroDeserializer.generic(client, V1).deserialize(TOPIC, bytes);

        assertThat(asV1.getSchema().getField("remediationSteps")).isNull();
        assertThat((List<?>) asV1.get("remediation")).map(String::valueOf).isEqualTo(alert.getRemediation());
        assertThat(asV1.get("cause")).hasToString(alert.getCause());
    }

    @Test
    void shouldDecodeSingleObjectBytesOfTheFirstVersionWhenTheDecoderKnowsTheHistory() throws IOException {
        ConnectivityAlert alert = SampleRecords.alert();
        ByteBuffer v1Bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V1).encode(asV1(alert));

        assertThatThrownBy(() -> ConnectivityAlert.fromByteBuffer(v1Bytes.duplicate()))
                .as("the generated decoder knows the current schema only")
                .isInstanceOf(MissingSchemaException.class);
        ConnectivityAlert read = SchemaHistory.decodeAlert(v1Bytes.duplicate());
        assertThat(read.getRemediationSteps()).isEmpty();
        assertThat(ConnectivityAlert.newBuilder(read)
                        .setRemediationSteps(alert.getRemediationSteps())
                        .build())
                .isEqualTo(alert);
        assertThat(SchemaHistory.decodeAlert(alert.toByteBuffer())).isEqualTo(alert);
    }

    /** The alert as a record of the first version: written with the current schema, read with v1. */
    static GenericRecord asV1(ConnectivityAlert alert) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<ConnectivityAlert>(CURRENT).write(alert, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(CURRENT, V1)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
