package org.fleettelemetry.collector.ship;

/** Told, on the producer's I/O thread, that Kafka has every event up to {@code ref}. Must not block. */
@FunctionalInterface
public interface AckSink {
    void acked(AckRef ref);
}
