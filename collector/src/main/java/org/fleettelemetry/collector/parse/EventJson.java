package org.fleettelemetry.collector.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.avro.Schema;
import org.fleettelemetry.schemas.avro.EndpointEvent;

/**
 * One {@link EndpointEvent} as one line of JSON: the Avro field names in schema order, nulls written,
 * enums by name, the timestamp as ISO-8601 UTC with milliseconds (2021-11-12T15:40:30.152Z). For the
 * {@code parse} command and the golden files, so the order and format are stable.
 */
public final class EventJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EventJson() {}

    public static String toJson(EndpointEvent event) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            for (Schema.Field field : event.getSchema().getFields()) {
                json.writeFieldName(field.name());
                writeValue(json, event.get(field.pos()));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen with a StringWriter", e);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Instant instant) {
            json.writeString(TIMESTAMP.format(instant));
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof Enum<?> symbol) {
            json.writeString(symbol.name());
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                writeValue(json, item);
            }
            json.writeEndArray();
        } else {
            json.writeString(value.toString());
        }
    }
}
