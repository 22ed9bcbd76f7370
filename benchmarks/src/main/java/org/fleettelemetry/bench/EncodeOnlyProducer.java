package org.fleettelemetry.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A producer that does the collector's own share of a send and nothing of Kafka's: it serializes key and
 * value with the collector's real serializers (Avro, registry lookups cached) and acknowledges at once, on
 * the caller's thread, without keeping the record. With it the collector's rate is what its tailing,
 * parsing and encoding alone allow: the most any Kafka client could give it. For {@link CollectorShipChild}.
 */
final class EncodeOnlyProducer extends MockProducer<String, SpecificRecord> {
    private final Serializer<String> keys;
    private final Serializer<SpecificRecord> values;
    private long records;
    private long bytes;

    EncodeOnlyProducer(Serializer<String> keys, Serializer<SpecificRecord> values) {
        super(true, null, keys, values);
        this.keys = keys;
        this.values = values;
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<String, SpecificRecord> record, Callback callback) {
        byte[] key = keys.serialize(record.topic(), record.headers(), record.key());
        byte[] value = values.serialize(record.topic(), record.headers(), record.value());
        int keySize = key == null ? -1 : key.length;
        int valueSize = value == null ? -1 : value.length;
        bytes += Math.max(0, keySize) + Math.max(0, valueSize);
        RecordMetadata metadata = new RecordMetadata(
                new TopicPartition(record.topic(), 0), records++, 0, System.currentTimeMillis(), keySize, valueSize);
        if (callback != null) {
            callback.onCompletion(metadata, null);
        }
        return CompletableFuture.completedFuture(metadata);
    }

    synchronized long records() {
        return records;
    }

    synchronized long bytes() {
        return bytes;
    }
}
