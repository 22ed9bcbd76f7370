package org.fleettelemetry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.Severity;
import org.fleettelemetry.streams.domain.AlertSnapshot;
import org.fleettelemetry.streams.domain.Diagnosis;
import org.fleettelemetry.streams.domain.DomainJson;
import org.junit.jupiter.api.Test;

/**
 * One copy of the alert's fields serves two JSON contracts: the fleet state's store (times as epoch millis, as the
 * stores have always held them) and the query API (times as ISO-8601, nulls shown, no resolvedAt on an open outage).
 */
class AlertSnapshotJsonTest {
    private static final Instant OPENED = Instant.parse("2026-11-12T15:00:02.123Z");

    private static AlertSnapshot fleetAlert(Instant resolvedAt) {
        return new AlertSnapshot(
                "fleet:CLOUD_LOOKUP:1",
                AlertStatus.OPEN,
                2,
                Severity.HIGH,
                AlertScope.FLEET,
                null,
                null,
                "orsp:slow",
                "CLOUD_LOOKUP",
                "cause",
                12,
                40,
                0.3,
                List.of("pc-1"),
                List.of(),
                List.of("hel", "ber"),
                List.of("impact"),
                List.of("step one"),
                List.of(new Diagnosis.Step("step one", List.of())),
                false,
                OPENED.minusSeconds(60),
                OPENED.plusSeconds(30),
                OPENED,
                resolvedAt,
                null,
                List.of(),
                null,
                null,
                null);
    }

    @Test
    void shouldStoreTimesAsEpochMillisWhenTheFleetStateWritesIt() throws Exception {
        JsonNode stored = DomainJson.mapper().valueToTree(fleetAlert(OPENED.plusSeconds(600)));
        assertThat(stored.get("openedAt").isIntegralNumber()).isTrue();
        assertThat(stored.get("openedAt").asLong()).isEqualTo(OPENED.toEpochMilli());
        assertThat(stored.get("resolvedAt").asLong())
                .isEqualTo(OPENED.plusSeconds(600).toEpochMilli());
    }

    @Test
    void shouldReadASnapshotAnOlderVersionStoredWhenItsTimesAreMillisAndItHasNoSteps() throws Exception {
        String older = "{\"alertId\":\"a\",\"status\":\"OPEN\",\"revision\":1,\"severity\":\"LOW\",\"scope\":\"SITE\","
                + "\"site\":\"hel\",\"proxy\":\"DIRECT\",\"errorCode\":\"curl:7\",\"errorClass\":\"CONNECT_REFUSED\","
                + "\"cause\":\"c\",\"affectedEndpoints\":3,\"activeEndpoints\":10,\"ratio\":0.3,"
                + "\"remediation\":[\"Check the proxy\"],\"flapping\":false,\"firstSeen\":1636729200000,"
                + "\"lastSeen\":1636729260000,\"openedAt\":" + OPENED.toEpochMilli() + "}";
        AlertSnapshot s = DomainJson.mapper().readValue(older, AlertSnapshot.class);
        assertThat(s.openedAt()).isEqualTo(OPENED);
        assertThat(s.firstSeen()).isEqualTo(Instant.ofEpochMilli(1636729200000L));
        assertThat(s.resolvedAt()).isNull();
        assertThat(s.remediationSteps()).containsExactly(Diagnosis.Step.of("Check the proxy"));
        assertThat(s.sampleEndpoints()).isEmpty();
    }

    @Test
    void shouldShowIsoTimesAndNullsAndNoResolvedAtWhenTheApiAnswersWithAnOpenOutage() throws Exception {
        JsonNode api = QueryJson.mapper().valueToTree(fleetAlert(null));
        assertThat(api.get("openedAt").asText()).isEqualTo("2026-11-12T15:00:02.123Z");
        assertThat(api.has("site")).isTrue();
        assertThat(api.get("site").isNull()).isTrue();
        assertThat(api.has("resolvedAt")).isFalse();
        assertThat(api.get("scope").asText()).isEqualTo("FLEET");
        assertThat(QueryJson.mapper().treeToValue(api, AlertSnapshot.class)).isEqualTo(fleetAlert(null));
    }
}
