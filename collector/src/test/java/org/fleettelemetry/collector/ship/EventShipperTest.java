package org.fleettelemetry.collector.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipper's decisions (ack, spool, replay, reject) against Kafka's own {@link MockProducer}; the
 * real broker is exercised by the collector ITs.
 */
class EventShipperTest {
    @TempDir
    Path dir;

    private final List<AckRef> acked = new CopyOnWriteArrayList<>();
    private final Serializer<SpecificRecord> toText =
            (topic, record) -> record.toString().getBytes(StandardCharsets.UTF_8);

    static EndpointEvent event(int n) {
        return EndpointEvent.newBuilder()
                .setEventId("pc-1:f:" + n)
                .setEndpointId("pc-1")
                .setSite("hel")
                .setProxy("DIRECT")
                .setProduct("Elements EPP for Computers")
                .setLogFile(LogFile.FSSCORPLUG)
                .setTimestamp(Instant.parse("2021-11-12T15:40:30.152Z"))
                .setLevel(".W")
                .setSource("CurlQuery::completeWithStatus")
                .setMessage("line " + n)
                .setKind(EventKind.CONNECTION_FAILURE)
                .setErrorCode("curl:5")
                .build();
    }

    private EventShipper shipper(MockProducer<String, SpecificRecord> producer) {
        return new EventShipper(
                producer,
                "events",
                new Spool(dir.resolve("spool"), 64L << 20),
                new RejectedLog(dir),
                acked::add,
                new SimpleMeterRegistry(),
                Duration.ofSeconds(5));
    }

    @Test
    void shouldAckEachEventWhenKafkaAcknowledges() throws Exception {
        var producer = new MockProducer<String, SpecificRecord>(true, null, new StringSerializer(), toText);
        try (EventShipper shipper = shipper(producer)) {
            for (int i = 1; i <= 3; i++) {
                shipper.ship(event(i), new AckRef("f", i * 100L));
            }
            assertThat(acked).extracting(AckRef::endOffset).containsExactly(100L, 200L, 300L);
            assertThat(producer.history()).extracting(r -> r.key()).containsOnly("pc-1");
            assertThat(shipper.isSpooling()).isFalse();
        }
    }

    @Test
    void shouldSpoolWhenKafkaIsUnreachableAndReplayInOrderWhenItIsBack() throws Exception {
        var producer = new MockProducer<String, SpecificRecord>(false, null, new StringSerializer(), toText);
        try (EventShipper shipper = shipper(producer)) {
            shipper.ship(event(1), new AckRef("f", 100));
            producer.errorNext(new TimeoutException("Expiring 1 record(s): 30000 ms has passed"));
            assertThat(shipper.isSpooling()).isTrue();
            shipper.ship(event(2), new AckRef("f", 200));
            shipper.ship(event(3), new AckRef("f", 300));
            // the replayer sends the spool; MockProducer.flush completes them, as a recovered broker would
            await().atMost(Duration.ofSeconds(10)).until(() -> acked.size() == 3);
            assertThat(acked).extracting(AckRef::endOffset).containsExactly(100L, 200L, 300L);
            await().atMost(Duration.ofSeconds(10)).until(() -> !shipper.isSpooling());
            List<String> ids = producer.history().stream()
                    .map(r -> ((EndpointEvent) r.value()).getEventId())
                    .toList();
            assertThat(ids).containsExactly("pc-1:f:1", "pc-1:f:1", "pc-1:f:2", "pc-1:f:3");
        }
    }

    @Test
    void shouldKeepARecordKafkaCanNeverAcceptInTheRejectedFileAndMoveOn() throws Exception {
        var producer = new MockProducer<String, SpecificRecord>(false, null, new StringSerializer(), toText);
        try (EventShipper shipper = shipper(producer)) {
            shipper.ship(event(1), new AckRef("f", 100));
            producer.errorNext(new RecordTooLargeException("too large"));
            assertThat(acked).extracting(AckRef::endOffset).containsExactly(100L);
            assertThat(shipper.isSpooling()).isFalse();
            String rejected = Files.readString(dir.resolve("rejected.jsonl"));
            assertThat(rejected).contains("pc-1:f:1").contains("RecordTooLargeException");
        }
    }

    @Test
    void shouldReplayTheSpoolLeftByAnEarlierRunOnStart() throws Exception {
        try (Spool spool = new Spool(dir.resolve("spool"), 64L << 20)) {
            spool.append(new SpooledEvent(new AckRef("f", 700), event(7)).encode());
        }
        var producer = new MockProducer<String, SpecificRecord>(true, null, new StringSerializer(), toText);
        try (EventShipper shipper = shipper(producer)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> acked.size() == 1);
            assertThat(acked.get(0)).isEqualTo(new AckRef("f", 700));
            assertThat(((EndpointEvent) producer.history().get(0).value()).getEventId())
                    .isEqualTo("pc-1:f:7");
        }
    }
}
