package org.fleettelemetry.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import org.fleettelemetry.schemas.serde.AvroSerializer;
import org.fleettelemetry.schemas.serde.SampleRecords;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Our serde inside real Kafka clients, through a real broker and the real registry. */
@ExtendWith(KafkaStackExtension.class)
class SerdeBrokerIT {

    private static final long SEED = Long.getLong("serde.seed", 0x5eed_2025_1000L);
    private static final int COUNT = 1000;
    private static final Duration CONSUME_DEADLINE = Duration.ofMinutes(2);

    @Test
    void shouldConsumeEveryEventEqualAndInOrderWhenProducedThroughOurSerializer(KafkaStack stack) throws Exception {
        System.out.println("SerdeBrokerIT seed=" + SEED + " (rerun with -Dserde.seed=" + SEED + ")");
        String topic = TestNames.of(SerdeBrokerIT.class, "shouldConsumeEveryEventEqualAndInOrder", "events");
        stack.createTopics(Map.of(topic, 1));
        Random random = new Random(SEED);
        List<EndpointEvent> sent = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            sent.add(SampleRecords.randomEndpointEvent(random));
        }

        produce(stack, topic, sent);
        List<EndpointEvent> received = consume(stack, topic, COUNT);

        assertThat(received).hasSize(COUNT);
        for (int i = 0; i < COUNT; i++) {
            assertThat(received.get(i)).as("record at offset %d", i).isEqualTo(sent.get(i));
        }
    }

    /** Configured by class name, as applications do: Kafka instantiates and configures the serializer. */
    private static void produce(KafkaStack stack, String topic, List<EndpointEvent> events) throws Exception {
        Map<String, Object> config = StackConfigs.producer(stack);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        try (KafkaProducer<String, EndpointEvent> producer = new KafkaProducer<>(config)) {
            for (EndpointEvent event : events) {
                acks.add(producer.send(new ProducerRecord<>(topic, event.getEndpointId(), event)));
            }
            producer.flush();
        }
        for (int i = 0; i < acks.size(); i++) {
            assertThat(acks.get(i).get(30, TimeUnit.SECONDS).offset())
                    .as("offset of record %d", i)
                    .isEqualTo(i);
        }
    }

    private static List<EndpointEvent> consume(KafkaStack stack, String topic, int count) {
        AvroDeserializer<EndpointEvent> values = AvroDeserializer.specific(EndpointEvent.class);
        values.configure(StackConfigs.registry(stack), false);
        List<EndpointEvent> received = new ArrayList<>(count);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, EndpointEvent> consumer =
                new KafkaConsumer<>(StackConfigs.consumer(stack), new StringDeserializer(), values)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + CONSUME_DEADLINE.toNanos();
            while (received.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, EndpointEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(record.key()).isEqualTo(record.value().getEndpointId());
                    received.add(record.value());
                }
            }
        }
        return received;
    }
}
