package org.fleettelemetry.streams.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streams-app console}: the SOC console. Tails the alert topic through the serde (read_committed)
 * and prints one readable block per alert event, or JSON lines with {@code --json}.
 */
@Command(name = "console", mixinStandardHelpOptions = true, description = "Tail the alert topic: one readable block per alert event.")
public final class ConsoleCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--topic", defaultValue = "fleet.connectivity-alerts.v1")
    String topic;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}")
    String bootstrap;

    @Option(names = "--registry-url", defaultValue = "${env:SCHEMA_REGISTRY_URL:-http://127.0.0.1:8081/apis/ccompat/v7}")
    String registryUrl;

    @Option(names = "--from-beginning", description = "Show every alert event kept on the topic (default: from now on)")
    boolean fromBeginning;

    @Option(names = "--json", description = "One JSON object per alert event instead of blocks")
    boolean json;

    @Option(names = "--color", description = "auto (default), always or never")
    String color = "auto";

    @Option(names = "--max", description = "Stop after this many alert events")
    long max = Long.MAX_VALUE;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        boolean colour = switch (color) {
            case "always" -> true;
            case "never" -> false;
            default -> System.console() != null && System.getenv("NO_COLOR") == null;
        };
        AlertFormatter formatter = new AlertFormatter(colour);
        AvroDeserializer<ConnectivityAlert> values = AvroDeserializer.specific(ConnectivityAlert.class);
        values.configure(Map.of("schema.registry.url", registryUrl), false);
        try (KafkaConsumer<String, ConnectivityAlert> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "soc-console-" + ProcessHandle.current().pid(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            if (!json) {
                out.println("SOC console: alert events on " + topic + " (" + bootstrap + ")"
                        + (fromBeginning ? ", from the beginning" : ", from now on") + "; Ctrl-C to stop");
            }
            long shown = 0;
            while (shown < max) {
                for (ConsumerRecord<String, ConnectivityAlert> r : consumer.poll(Duration.ofMillis(500))) {
                    out.println(json ? toJson(r.value()) : formatter.format(r.value()));
                    if (++shown >= max) {
                        break;
                    }
                }
            }
        }
        return 0;
    }

    /** Field names = the Avro field names; timestamps ISO-8601 UTC. */
    static String toJson(ConnectivityAlert a) throws Exception {
        ObjectNode node = JSON.createObjectNode();
        for (Schema.Field f : a.getSchema().getFields()) {
            Object v = a.get(f.pos());
            if (v instanceof java.time.Instant t) {
                node.put(f.name(), t.toString());
            } else {
                node.set(f.name(), JSON.valueToTree(v instanceof CharSequence || v instanceof Enum<?> ? v.toString() : v));
            }
        }
        return JSON.writeValueAsString(node);
    }
}
