package org.fleettelemetry.streams.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import org.fleettelemetry.schemas.serde.AvroSerializer;
import org.fleettelemetry.stack.junit.KafkaStack;

/**
 * The clients the ITs feed the app and read its alerts with, through our Avro serde and the stack's registry: a
 * producer as a collector writes (acks=all), and a read_committed reader of an alerts topic as the SOC's.
 */
final class ItClients {
    private ItClients() {}

    static KafkaProducer<String, SpecificRecord> producer(KafkaStack stack) {
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                values);
    }

    /** Subscribed to {@code topic} from its start, in group {@code <topic>-reader}. */
    static KafkaConsumer<String, ConnectivityAlert> alertReader(KafkaStack stack, String topic) {
        AvroDeserializer<ConnectivityAlert> values = AvroDeserializer.specific(ConnectivityAlert.class);
        values.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        KafkaConsumer<String, ConnectivityAlert> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        topic + "-reader",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                values);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Adds what arrived within half a second to {@code seen}; returns it. */
    static List<ConnectivityAlert> poll(
            KafkaConsumer<String, ConnectivityAlert> consumer, List<ConnectivityAlert> seen) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
        return seen;
    }
}
