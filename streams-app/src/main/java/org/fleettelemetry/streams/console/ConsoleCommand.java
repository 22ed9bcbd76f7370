package org.fleettelemetry.streams.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streams-app console}: the SOC console. Tails the alert topic through the serde (read_committed)
 * and prints one readable block per alert event, or JSON lines with {@code --json}.
 */
@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        description = "Tail the alert topic: one readable block per alert event.")
public final class ConsoleCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--topic", defaultValue = "fleet.connectivity-alerts.v1")
    String topic;

    @Mixin
    TopicReaderOptions source = new TopicReaderOptions();

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
        try (KafkaConsumer<String, ConnectivityAlert> consumer =
                source.open(topic, "soc-console", AvroDeserializer.specific(ConnectivityAlert.class))) {
            if (!json) {
                out.println("SOC console: alert events on " + topic + " (" + source.bootstrap + ")"
                        + (source.fromBeginning ? ", from the beginning" : ", from now on") + "; Ctrl-C to stop");
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
        return JSON.writeValueAsString(plain(a));
    }

    /** A record as an object of its fields (nested records too, such as the remediation steps), recursively. */
    private static JsonNode plain(Object v) {
        if (v instanceof IndexedRecord r) {
            ObjectNode node = JSON.createObjectNode();
            for (Schema.Field f : r.getSchema().getFields()) {
                node.set(f.name(), plain(r.get(f.pos())));
            }
            return node;
        }
        if (v instanceof List<?> items) {
            ArrayNode array = JSON.createArrayNode();
            items.forEach(item -> array.add(plain(item)));
            return array;
        }
        if (v instanceof java.time.Instant t) {
            return JSON.valueToTree(t.toString());
        }
        return JSON.valueToTree(v instanceof CharSequence || v instanceof Enum<?> ? v.toString() : v);
    }
}
