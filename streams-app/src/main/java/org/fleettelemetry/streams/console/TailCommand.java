package org.fleettelemetry.streams.console;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streams-app tail --topic T}: prints the records of any Avro topic (Confluent wire format) as
 * JSON lines, decoded with the writer's schema from the registry. For smoke checks and support.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, description = "Print an Avro topic's records as JSON lines.")
public final class TailCommand implements Callable<Integer> {
    @Option(names = "--topic", required = true)
    String topic;

    @Mixin
    TopicReaderOptions source = new TopicReaderOptions();

    @Option(names = "--max", description = "Stop after this many records (default: run until stopped)")
    long max = Long.MAX_VALUE;

    @Option(names = "--timeout", description = "Stop when nothing arrived for this many seconds (default: never)")
    long idleSeconds = 0;

    @Override
    public Integer call() {
        try (KafkaConsumer<String, GenericRecord> consumer =
                source.open(topic, "tail-" + topic, AvroDeserializer.generic())) {
            long printed = 0;
            long lastRecord = System.nanoTime();
            while (printed < max) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, GenericRecord> record : records) {
                    System.out.println(record.value());
                    lastRecord = System.nanoTime();
                    if (++printed >= max) {
                        break;
                    }
                }
                if (idleSeconds > 0 && System.nanoTime() - lastRecord > idleSeconds * 1_000_000_000L) {
                    break;
                }
            }
            System.err.println("tail: " + printed + " records from " + topic);
        }
        return 0;
    }
}
