package org.fleettelemetry.streams.console;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streams-app tail --topic T}: prints the records of any Avro topic (Confluent wire format) as
 * JSON lines, decoded with the writer's schema from the registry. For smoke checks and support.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, description = "Print an Avro topic's records as JSON lines.")
public final class TailCommand implements Callable<Integer> {
    @Option(names = "--topic", required = true)
    String topic;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}")
    String bootstrap;

    @Option(names = "--registry-url", defaultValue = "${env:SCHEMA_REGISTRY_URL:-http://127.0.0.1:8081/apis/ccompat/v7}")
    String registryUrl;

    @Option(names = "--from-beginning", description = "Start at the oldest record (default: only new ones)")
    boolean fromBeginning;

    @Option(names = "--max", description = "Stop after this many records (default: run until stopped)")
    long max = Long.MAX_VALUE;

    @Option(names = "--timeout", description = "Stop when nothing arrived for this many seconds (default: never)")
    long idleSeconds = 0;

    @Override
    public Integer call() {
        AvroDeserializer<GenericRecord> values = AvroDeserializer.generic();
        values.configure(Map.of("schema.registry.url", registryUrl), false);
        try (KafkaConsumer<String, GenericRecord> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "tail-" + topic + "-" + ProcessHandle.current().pid(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
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
