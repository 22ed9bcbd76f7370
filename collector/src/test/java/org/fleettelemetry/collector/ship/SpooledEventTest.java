package org.fleettelemetry.collector.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.serde.SchemaHistory;
import org.junit.jupiter.api.Test;

class SpooledEventTest {

    @Test
    void shouldReadBackTheEventAndItsAckWhenSpooledByThisVersion() {
        EndpointEvent event = event().setEndOffset(240L).build();
        SpooledEvent back = SpooledEvent.decode(new SpooledEvent(new AckRef("file-1", 240), event).encode());
        assertThat(back.event()).isEqualTo(event);
        assertThat(back.ack()).isEqualTo(new AckRef("file-1", 240));
    }

    /** A collector upgraded with events in its spool: they were written with the schema before endOffset. */
    @Test
    void shouldReadAnEventSpooledByTheVersionBeforeEndOffset() throws Exception {
        Schema v1 = SchemaHistory.endpointEvent().get(0);
        assertThat(v1.getField("endOffset")).isNull();
        GenericRecord old = new GenericData.Record(v1);
        EndpointEvent expected = event().build();
        for (Schema.Field f : v1.getFields()) {
            Object value = expected.get(f.name());
            if (value instanceof Instant instant) {
                value = instant.toEpochMilli();
            } else if (value instanceof Enum<?> symbol) {
                value = new GenericData.EnumSymbol(f.schema(), symbol.name());
            }
            old.put(f.name(), value);
        }
        ByteBuffer body = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] key = "file-1".getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(4 + key.length + 8 + body.remaining());
        payload.putInt(key.length).put(key).putLong(120L).put(body);

        SpooledEvent back = SpooledEvent.decode(payload.array());

        assertThat(back.event()).isEqualTo(expected);
        assertThat(back.event().getEndOffset()).isNull();
        assertThat(back.ack()).isEqualTo(new AckRef("file-1", 120));
    }

    private static EndpointEvent.Builder event() {
        return EndpointEvent.newBuilder()
                .setEventId("pc-1:f1:0")
                .setEndpointId("pc-1")
                .setSite("hel")
                .setProxy("DIRECT")
                .setProduct("Elements EPP for Computers")
                .setLogFile(LogFile.FSSCORPLUG)
                .setTimestamp(Instant.ofEpochMilli(1_636_735_230_152L))
                .setLevel(".W")
                .setSource("CurlQuery")
                .setMessage("failed with 28")
                .setKind(EventKind.CONNECTION_FAILURE)
                .setErrorCode("curl:28")
                .setCurlCode(28)
                .setUrls(List.of())
                .setRawLines(List.of("a", "b"));
    }
}
