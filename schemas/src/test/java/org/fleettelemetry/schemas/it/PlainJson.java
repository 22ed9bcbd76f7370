package org.fleettelemetry.schemas.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * A record as plain JSON in the shape the Python scripts print (timestamps as epoch milliseconds,
 * enums as symbols), so values decoded by the outside client compare with the ones we wrote.
 */
final class PlainJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlainJson() {}

    /** Parsed back from text, so its number nodes have the types Jackson gives the script's output. */
    static JsonNode of(IndexedRecord record) {
        try {
            return JSON.readTree(JSON.writeValueAsString(plain(record)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + record.getSchema().getFullName() + " as JSON", e);
        }
    }

    private static Object plain(Object value) {
        if (value instanceof IndexedRecord record) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Schema.Field field : record.getSchema().getFields()) {
                fields.put(field.name(), plain(record.get(field.pos())));
            }
            return fields;
        }
        if (value instanceof List<?> items) {
            List<Object> plainItems = new ArrayList<>(items.size());
            items.forEach(item -> plainItems.add(plain(item)));
            return plainItems;
        }
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof Enum<?> symbol) {
            return symbol.name();
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        return value;
    }
}
