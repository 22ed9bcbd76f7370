package org.fleettelemetry.collector.ship;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.fleettelemetry.collector.metrics.CollectorMeters;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's sign of life, sent every heartbeat interval also while the logs are quiet: it is how
 * the streams app counts a site's active endpoints. A beat Kafka cannot take is not spooled (a stale
 * beat says nothing); it is counted, and the next beat carries the lines and failures since the last
 * one that made it.
 */
public final class HeartbeatSender {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatSender.class);

    /** What a heartbeat says about this endpoint, fixed for the collector's life. */
    public record Identity(String endpointId, String site, String proxy, String product, String collectorVersion) {}

    private final Producer<String, SpecificRecord> producer;
    private final String topic;
    private final Identity identity;
    private final Clock clock;
    private final LongSupplier linesRead;
    private final LongSupplier failures;
    private final LongSupplier spoolBytes;
    private final AtomicLong linesAtLastBeat = new AtomicLong();
    private final AtomicLong failuresAtLastBeat = new AtomicLong();
    private final Counter sent;
    private final Counter failed;

    public HeartbeatSender(
            Producer<String, SpecificRecord> producer,
            String topic,
            Identity identity,
            Clock clock,
            LongSupplier linesRead,
            LongSupplier failures,
            LongSupplier spoolBytes,
            MeterRegistry meters) {
        this.producer = producer;
        this.topic = topic;
        this.identity = identity;
        this.clock = clock;
        this.linesRead = linesRead;
        this.failures = failures;
        this.spoolBytes = spoolBytes;
        this.sent = meters.counter(CollectorMeters.HEARTBEATS_SENT);
        this.failed = meters.counter(CollectorMeters.HEARTBEATS_FAILED);
    }

    /** Sends one beat now (asynchronously); safe to call from a scheduler thread. */
    public void beat() {
        long lines = linesRead.getAsLong();
        long fails = failures.getAsLong();
        long lastLines = linesAtLastBeat.get();
        long lastFails = failuresAtLastBeat.get();
        EndpointHeartbeat beat = EndpointHeartbeat.newBuilder()
                .setEndpointId(identity.endpointId())
                .setSite(identity.site())
                .setProxy(identity.proxy())
                .setProduct(identity.product())
                .setCollectorVersion(identity.collectorVersion())
                .setTimestamp(clock.instant())
                .setLinesSinceLast(lines - lastLines)
                .setFailuresSinceLast(fails - lastFails)
                .setSpoolBytes(spoolBytes.getAsLong())
                .build();
        try {
            producer.send(new ProducerRecord<>(topic, identity.endpointId(), beat), (metadata, error) -> {
                if (error == null) {
                    linesAtLastBeat.accumulateAndGet(lines, Math::max);
                    failuresAtLastBeat.accumulateAndGet(fails, Math::max);
                    sent.increment();
                } else {
                    failed.increment();
                    log.debug("heartbeat not sent: {}", error.getMessage());
                }
            });
        } catch (RuntimeException e) {
            failed.increment();
            log.debug("heartbeat not sent: {}", e.getMessage());
        }
    }
}
