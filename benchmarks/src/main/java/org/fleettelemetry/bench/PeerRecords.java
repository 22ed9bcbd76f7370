package org.fleettelemetry.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a peer's parsing variant must ship for a line: one JSON object with the line's timestamp, pid, tid, level,
 * source and message (the fields of docs/agent-logs.md's entry line); a line that is not an entry (a URL continuation
 * line, a malformed line) ships whole as the message, the other fields empty or absent. The peers' own parsers
 * (liblognorm's rulebase, syslog-ng's PCRE) are configured to the same grammar as {@link #ENTRY}; this class reads a
 * sample of their records back and fails the measure, naming the record, when one is not what the line holds.
 */
final class PeerRecords {
    /** The entry line, as the peers' parsers are told it (syslog-ng's pattern is this one, in PCRE). */
    static final String ENTRY = "^(?<timestamp>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) "
            + "\\[(?<pid>[0-9a-f]+)\\.(?<tid>[0-9a-f]+)\\] (?<level>[^:]+): (?<source>.+?): (?<message>.*)$";

    static final List<String> FIELDS = List.of("timestamp", "pid", "tid", "level", "source", "message");

    private static final Pattern ENTRY_PATTERN = Pattern.compile(ENTRY);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PeerRecords() {}

    /** The fields a line must give: all six for an entry line, the message alone for any other line. */
    static Map<String, String> expected(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = ENTRY_PATTERN.matcher(line);
        if (m.matches()) {
            FIELDS.forEach(f -> fields.put(f, m.group(f)));
        } else {
            FIELDS.forEach(f -> fields.put(f, ""));
            fields.put("message", line);
        }
        return fields;
    }

    /** Why {@code record} is not the JSON {@code line} must give, or empty when it is. */
    static Optional<String> mismatch(String line, String record) {
        JsonNode json;
        try {
            json = JSON.readTree(record);
        } catch (JsonProcessingException e) {
            return Optional.of("not JSON (" + e.getOriginalMessage() + "): " + record);
        }
        if (json == null || !json.isObject()) {
            return Optional.of("not a JSON object: " + record);
        }
        for (Map.Entry<String, String> field : expected(line).entrySet()) {
            JsonNode value = json.get(field.getKey());
            String got = value == null || value.isNull() ? "" : value.asText();
            if (!got.equals(field.getValue())) {
                return Optional.of(field.getKey() + " is \"" + got + "\", expected \"" + field.getValue() + "\"; line: "
                        + line + "; record: " + record.strip());
            }
        }
        return Optional.empty();
    }

    /**
     * Reads the first {@code count} records of {@code topic} (one partition, the peer's order, which is the file's)
     * and checks each against its line of {@code file}; throws naming the first record that is wrong.
     */
    static void check(String peer, BenchStack stack, String topic, Path file, int count) throws IOException {
        List<String> lines = new ArrayList<>(count);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null && lines.size() < count; line = in.readLine()) {
                lines.add(line);
            }
        }
        List<String> records = read(stack, topic, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Optional<String> wrong = mismatch(lines.get(i), records.get(i));
            if (wrong.isPresent()) {
                throw new IOException(peer + "'s record at offset " + i + " of " + topic + " is wrong: " + wrong.get());
            }
        }
    }

    private static List<String> read(BenchStack stack, String topic, int count) throws IOException {
        List<String> records = new ArrayList<>(count);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrap(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(
                            "read " + records.size() + " of the first " + count + " records of " + topic + " in 30 s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (records.size() < count) {
                        records.add(r.value());
                    }
                }
            }
        }
        return records;
    }
}
