package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.test.TestRecord;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.junit.jupiter.api.Test;

/** An unreadable record goes, untouched, to the dead-letter topic; the app keeps detecting outages. */
class PoisonRecordTest {
    private static final String SITE = "prg";
    private static final String PROXY = "proxy.prg.example:3128";

    @Test
    void shouldDeadLetterTheOriginalBytesAndKeepAlertingWhenARecordIsNotConfluentWireFormat() {
        try (TopologyFixture f = poisonFixture()) {
            List<String> pcs = f.fleet(SITE, PROXY, 10);
            byte[] key = pcs.get(0).getBytes(StandardCharsets.UTF_8);
            byte[] poison = "2021-11-12 17:40:30.152 [15c0.1d1c] .W: not Avro".getBytes(StandardCharsets.UTF_8);
            RecordHeaders headers = new RecordHeaders();
            headers.add("origin", "collector-test".getBytes(StandardCharsets.UTF_8));
            f.rawEvents.pipeInput(new TestRecord<>(key, poison, headers, f.wall()));

            TestRecord<byte[], byte[]> dead = f.deadLetters.readRecord();
            assertThat(dead.key()).isEqualTo(key);
            assertThat(dead.value()).isEqualTo(poison);
            assertThat(header(dead, DeadLetterHandler.HEADER_REASON)).isNotBlank();
            assertThat(header(dead, DeadLetterHandler.HEADER_EXCEPTION)).endsWith("SerializationException");
            assertThat(header(dead, DeadLetterHandler.HEADER_TOPIC))
                    .isEqualTo(f.params().eventsTopic());
            assertThat(header(dead, DeadLetterHandler.HEADER_PARTITION)).isEqualTo("0");
            assertThat(header(dead, "origin"))
                    .as("the record's own headers are kept")
                    .isEqualTo("collector-test");
            assertThat(f.deadLetters.isEmpty()).isTrue();

            f.advance(Duration.ofSeconds(5));
            pcs.subList(0, 5).forEach(pc -> f.proxyDnsFailure(SITE, PROXY, pc));
            f.advance(Duration.ofSeconds(40));

            List<ConnectivityAlert> alerts = f.readAlerts();
            assertThat(alerts).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.OPEN);
            assertThat(alerts.get(0).getAffectedEndpoints()).isEqualTo(5);
            assertThat(f.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldDeadLetterTheRecordWhenItsSchemaIdIsUnknownToTheRegistry() {
        try (TopologyFixture f = poisonFixture()) {
            byte[] unknownSchema = ByteBuffer.allocate(8)
                    .put((byte) 0)
                    .putInt(987_654)
                    .put(new byte[] {2, 'x', 0})
                    .array();
            f.rawEvents.pipeInput("pc-x".getBytes(StandardCharsets.UTF_8), unknownSchema);

            TestRecord<byte[], byte[]> dead = f.deadLetters.readRecord();
            assertThat(dead.value()).isEqualTo(unknownSchema);
            assertThat(header(dead, DeadLetterHandler.HEADER_REASON)).contains("987654");
            assertThat(f.endpointStatus().get("pc-x")).isNull();

            f.heartbeat(SITE, PROXY, "pc-y");
            assertThat(f.endpointStatus().get("pc-y"))
                    .as("the next good record is processed")
                    .isNotNull();
        }
    }

    /** At least once: under exactly-once the driver drops dead-letter records (see the fixture's constructor). */
    private static TopologyFixture poisonFixture() {
        return new TopologyFixture(TopologyParams.defaults(), StreamsConfig.AT_LEAST_ONCE);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
