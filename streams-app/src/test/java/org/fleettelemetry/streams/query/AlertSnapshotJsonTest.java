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
                null,
                null,
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

    @Test
    void shouldKeepTheProbeFiguresInTheStoreAndShowThemOnlyWhenSetWhenTheApiAnswers() throws Exception {
        AlertSnapshot plain = fleetAlert(null);
        AlertSnapshot probed = new AlertSnapshot(
                plain.alertId(),
                plain.status(),
                plain.revision(),
                plain.severity(),
                plain.scope(),
                plain.site(),
                plain.proxy(),
                "proxy:407",
                "PROXY_AUTH",
                plain.cause(),
                plain.affectedEndpoints(),
                plain.activeEndpoints(),
                plain.ratio(),
                plain.sampleEndpoints(),
                plain.targetHosts(),
                plain.sites(),
                plain.impact(),
                plain.remediation(),
                plain.remediationSteps(),
                plain.flapping(),
                plain.firstSeen(),
                plain.lastSeen(),
                plain.openedAt(),
                plain.resolvedAt(),
                plain.outageScope(),
                plain.silencedBy(),
                null,
                null,
                null,
                5,
                6,
                "PROXY_TUNNEL",
                "PROXY_TUNNEL answered 407");

        String stored = DomainJson.mapper().writeValueAsString(probed);
        assertThat(DomainJson.mapper().readValue(stored, AlertSnapshot.class)).isEqualTo(probed);
        JsonNode api = QueryJson.mapper().valueToTree(probed);
        assertThat(api.get("probeConfirmed").asInt()).isEqualTo(5);
        assertThat(api.get("probeEndpoints").asInt()).isEqualTo(6);
        assertThat(api.get("probeFailedStep").asText()).isEqualTo("PROXY_TUNNEL");
        assertThat(api.get("probeDetail").asText()).isEqualTo("PROXY_TUNNEL answered 407");
        assertThat(AlertSnapshot.of(probed.toAvro(AlertStatus.OPEN, 1)).probeConfirmed())
                .as("through the Avro record and back")
                .isEqualTo(5);

        JsonNode none = QueryJson.mapper().valueToTree(plain);
        assertThat(none.has("probeConfirmed")).as("no probe data: no field").isFalse();
        assertThat(DomainJson.mapper().readValue(DomainJson.mapper().writeValueAsString(plain), AlertSnapshot.class))
                .isEqualTo(plain);
    }
}
