package org.fleettelemetry.streams.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;

/** Event time = when the agent wrote the line (or the collector beat), not when Kafka got it. */
public final class EventTimeExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value();
        if (value instanceof EndpointEvent event) {
            return event.getTimestamp().toEpochMilli();
        }
        if (value instanceof EndpointHeartbeat beat) {
            return beat.getTimestamp().toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    }
}
