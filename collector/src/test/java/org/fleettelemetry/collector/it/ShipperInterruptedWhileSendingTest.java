package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleettelemetry.collector.ship.AckRef;
import org.fleettelemetry.collector.ship.EventShipper;
import org.fleettelemetry.collector.ship.RejectedLog;
import org.fleettelemetry.collector.ship.Spool;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ReplayIT found: closing the collector interrupts the tailer; inside {@code producer.send} that
 * surfaced as Kafka's InterruptException, which the shipper took for an unreachable Kafka and spooled with
 * the thread's interrupt flag set: the spool's channel closed for good (ClosedByInterruptException), its
 * close threw, and replay exited 1 with the runtime half closed. An interrupt is the shutdown, not Kafka.
 */
class ShipperInterruptedWhileSendingTest {
    @TempDir
    Path dir;

    @Test
    void shouldStopWithoutSpoolingWhenTheSendingThreadIsInterrupted() throws Exception {
        MockProducer<String, SpecificRecord> producer = new MockProducer<>(
                true,
                null,
                new StringSerializer(),
                (topic, record) -> record.toString().getBytes(StandardCharsets.UTF_8));
        producer.sendException = new InterruptException(new InterruptedException("shutdown"));
        List<AckRef> acked = new ArrayList<>();
        Spool spool = new Spool(dir.resolve("spool"), 1L << 20);
        try (EventShipper shipper = new EventShipper(
                producer,
                "events",
                spool,
                new RejectedLog(dir),
                acked::add,
                new SimpleMeterRegistry(),
                Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> shipper.ship(event(), new AckRef("f", 100)))
                    .isInstanceOf(InterruptedException.class);
            Thread.interrupted(); // Kafka's exception set the flag when the test built it
            assertThat(shipper.isSpooling()).isFalse();
            assertThat(shipper.inFlight()).isZero();
            assertThat(spool.isEmpty()).isTrue();
            assertThat(acked).as("not acknowledged: read again after a restart").isEmpty();
        }
        spool.close();
    }

    private static EndpointEvent event() {
        return EndpointEvent.newBuilder()
                .setEventId("pc-1:f:0")
                .setEndpointId("pc-1")
                .setSite("hel")
                .setProxy("DIRECT")
                .setProduct("Elements EPP for Computers")
                .setLogFile(LogFile.FSSCORPLUG)
                .setTimestamp(Instant.parse("2024-05-02T05:00:00Z"))
                .setLevel("I")
                .setSource("a::b")
                .setMessage("line")
                .setKind(EventKind.OTHER)
                .build();
    }
}
