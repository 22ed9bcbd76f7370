package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.Severity;
import org.fleettelemetry.schemas.serde.SchemaHistory;
import org.fleettelemetry.streams.domain.Diagnosis;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.junit.jupiter.api.Test;

class FleetSignalTest {
    private static final Schema V1 = SchemaHistory.connectivityAlert().get(0);

    @Test
    void shouldCarryAnAlertCandidateWithItsSteps() {
        ConnectivityAlert alert = alert();
        assertThat(FleetSignal.of(alert).alert()).isEqualTo(alert);
    }

    /** During a rolling upgrade an instance of the previous version writes candidates with the first alert schema. */
    @Test
    void shouldReadACandidateWrittenWithTheFirstAlertSchema() throws IOException {
        ConnectivityAlert alert = alert();
        ByteBuffer v1 = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V1).encode(asV1(alert));
        byte[] bytes = new byte[v1.remaining()];
        v1.get(bytes);

        ConnectivityAlert read = new FleetSignal(null, bytes).alert();

        assertThat(read.getRemediationSteps()).isEmpty();
        assertThat(read.getRemediation()).isEqualTo(alert.getRemediation());
        assertThat(Diagnosis.Step.of(read)).as("its lines as steps").hasSameSizeAs(alert.getRemediationSteps());
        assertThat(ConnectivityAlert.newBuilder(read)
                        .setRemediationSteps(alert.getRemediationSteps())
                        .build())
                .isEqualTo(alert);
    }

    private static ConnectivityAlert alert() {
        Diagnosis d = Diagnosis.of(
                ErrorClass.PROXY_DNS,
                AlertScope.SITE,
                "proxy.hel.example:3128",
                List.of("Elements EPP for Computers"),
                List.of("proxy.hel.example"));
        Instant t = Instant.parse("2026-11-29T15:00:00Z");
        return ConnectivityAlert.newBuilder()
                .setAlertId("site:hel:proxy.hel.example:3128:PROXY_DNS:1")
                .setStatus(AlertStatus.OPEN)
                .setRevision(1)
                .setSeverity(Severity.HIGH)
                .setScope(AlertScope.SITE)
                .setSite("hel")
                .setProxy("proxy.hel.example:3128")
                .setErrorCode("curl:5")
                .setErrorClass("PROXY_DNS")
                .setCause(d.cause())
                .setAffectedEndpoints(5)
                .setActiveEndpoints(10)
                .setRatio(0.5)
                .setImpact(d.impact())
                .setRemediation(d.remediation())
                .setRemediationSteps(Diagnosis.Step.toAvro(d.steps()))
                .setFirstSeen(t)
                .setLastSeen(t)
                .setOpenedAt(t)
                .build();
    }

    private static GenericRecord asV1(ConnectivityAlert alert) throws IOException {
        Schema current = ConnectivityAlert.getClassSchema();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<ConnectivityAlert>(current).write(alert, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(current, V1)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
