package org.fleettelemetry.collector.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    @Test
    void shouldWriteEveryFieldInSchemaOrderWithNullsWhenRenderingAnEvent() throws Exception {
        EndpointEvent event = LogText.parse(
                        "2021-11-12 17:40:31.000 [15c0.1d1c] I: fs::xrssdk::DoormanCache::update: doorman cooldown is off,"
                                + " ttl: 15, fserr: 0")
                .get(0)
                .event();

        String json = EventJson.toJson(event);

        assertThat(json).doesNotContain("\n");
        JsonNode node = new ObjectMapper().readTree(json);
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .containsExactlyElementsOf(EndpointEvent.getClassSchema().getFields().stream()
                        .map(Schema.Field::name)
                        .toList());
        assertThat(node.get("timestamp").asText()).isEqualTo("2021-11-12T15:40:31.000Z");
        assertThat(node.get("kind").asText()).isEqualTo("CONNECTION_OK");
        assertThat(node.get("logFile").asText()).isEqualTo("FSSCORPLUG");
        assertThat(node.get("errorCode").isNull()).isTrue();
        assertThat(node.get("fserr").asInt()).isZero();
        assertThat(node.get("urls").isArray()).isTrue();
    }
}
