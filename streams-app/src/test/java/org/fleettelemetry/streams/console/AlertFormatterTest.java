package org.fleettelemetry.streams.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.schemas.avro.RemediationStep;
import org.fleettelemetry.schemas.avro.Severity;
import org.fleettelemetry.streams.domain.Diagnosis;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.junit.jupiter.api.Test;

class AlertFormatterTest {
    private static ConnectivityAlert alert(AlertStatus status) {
        return ConnectivityAlert.newBuilder()
                .setAlertId("site:hel:proxy-a:PROXY_DNS:1")
                .setStatus(status)
                .setRevision(status == AlertStatus.OPEN ? 1 : 2)
                .setSeverity(Severity.CRITICAL)
                .setScope(AlertScope.SITE)
                .setSite("hel")
                .setProxy("proxy-a.hel.example:3128")
                .setErrorCode("curl:5")
                .setErrorClass("PROXY_DNS")
                .setCause("Proxy name does not resolve: proxy-a.hel.example:3128")
                .setAffectedEndpoints(16)
                .setActiveEndpoints(25)
                .setRatio(0.64)
                .setSampleEndpoints(List.of("hel-pc-001", "hel-pc-003"))
                .setImpact(List.of("Browsing protection: does not work at all"))
                .setRemediation(List.of(
                        "Fix DNS for the proxy proxy-a.hel.example:3128",
                        "Clear the cache: net stop fsulnethoster; net start fsulnethoster"))
                .setRemediationSteps(List.of(
                        new RemediationStep("Fix DNS for the proxy proxy-a.hel.example:3128", List.of()),
                        new RemediationStep(
                                "Clear the cache:", List.of("net stop fsulnethoster", "net start fsulnethoster"))))
                .setFirstSeen(Instant.parse("2026-11-29T15:00:00Z"))
                .setLastSeen(Instant.parse("2026-11-29T15:03:00Z"))
                .setOpenedAt(Instant.parse("2026-11-29T15:00:30Z"))
                .setResolvedAt(status == AlertStatus.RESOLVED ? Instant.parse("2026-11-29T15:10:00Z") : null)
                .build();
    }

    @Test
    void shouldShowCauseImpactAndNumberedStepsWhenAnAlertOpens() {
        String block = new AlertFormatter(false).format(alert(AlertStatus.OPEN));
        assertThat(block)
                .startsWith("OPEN     CRITICAL SITE  site hel via proxy-a.hel.example:3128  PROXY_DNS (curl:5)");
        assertThat(block)
                .contains("  cause    Proxy name does not resolve")
                .contains("affected 16 of 25 active endpoints (64 %), e.g. hel-pc-001, hel-pc-003")
                .contains("  impact   - Browsing protection: does not work at all")
                .contains("  do       1. Fix DNS for the proxy proxy-a.hel.example:3128\n"
                        + "           2. Clear the cache:\n"
                        + "                  net stop fsulnethoster\n"
                        + "                  net start fsulnethoster\n")
                .doesNotContain("\033[");
    }

    @Test
    void shouldShowAProxyOutageAcrossSitesAsTheProxyWithItsSites() {
        ConnectivityAlert proxy = ConnectivityAlert.newBuilder(alert(AlertStatus.OPEN))
                .setScope(AlertScope.FLEET)
                .setOutageScope(OutageScope.PROXY)
                .setSite(null)
                .setProxy("proxy.hub.example:8080")
                .setSites(List.of("nyc", "sgp"))
                .build();

        assertThat(new AlertFormatter(false).format(proxy))
                .startsWith("OPEN     CRITICAL PROXY  proxy proxy.hub.example:8080 (nyc, sgp)  PROXY_DNS (curl:5)");
    }

    @Test
    void shouldShowTheStepsOfTheCacheCleanUpAsOneStepWithItsCommandsIndented() {
        Diagnosis d = Diagnosis.of(
                ErrorClass.PROXY_DNS,
                AlertScope.SITE,
                "proxy-a.hel.example:3128",
                List.of("Elements EPP for Computers"),
                List.of());
        ConnectivityAlert a = ConnectivityAlert.newBuilder(alert(AlertStatus.OPEN))
                .setRemediation(d.remediation())
                .setRemediationSteps(Diagnosis.Step.toAvro(d.steps()))
                .build();

        List<String> lines = new AlertFormatter(false).format(a).lines().toList();

        int cache = lines.indexOf(lines.stream()
                .filter(l -> l.contains(Diagnosis.CACHE_INTRO))
                .findFirst()
                .orElseThrow());
        assertThat(lines.get(cache)).matches(" {11}\\d\\. .*");
        int textColumn = lines.get(cache).indexOf(Diagnosis.CACHE_INTRO);
        assertThat(lines.subList(cache + 1, cache + 4))
                .containsExactly(
                        " ".repeat(textColumn + 4) + Diagnosis.CACHE_STOP,
                        " ".repeat(textColumn + 4) + Diagnosis.CACHE_DELETE,
                        " ".repeat(textColumn + 4) + Diagnosis.CACHE_START);
        assertThat(lines)
                .filteredOn(l -> l.matches(" {2}(do {7}| {9})\\d+\\. .*"))
                .as("numbered steps")
                .hasSize(d.steps().size());
    }

    @Test
    void shouldNumberTheRemediationLinesWhenAnAlertHasNoSteps() {
        ConnectivityAlert old = ConnectivityAlert.newBuilder(alert(AlertStatus.OPEN))
                .setRemediation(List.of("Allow *.f-secure.com and *.fsapi.com", "net stop fsulnethoster"))
                .setRemediationSteps(List.of())
                .build();

        assertThat(new AlertFormatter(false).format(old))
                .contains("  do       1. Allow *.f-secure.com and *.fsapi.com\n"
                        + "           2. net stop fsulnethoster\n");
    }

    @Test
    void shouldShowWhenItResolvedAndNoStepsWhenResolved() {
        String block = new AlertFormatter(true).format(alert(AlertStatus.RESOLVED));
        assertThat(block)
                .contains("\033[1;32mRESOLVED\033[0m")
                .contains("resolved 2026-11-29 15:10:00Z")
                .doesNotContain("net stop");
    }

    @Test
    void shouldWriteJsonWithTheAvroFieldNamesAndIsoTimes() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ConsoleCommand.toJson(alert(AlertStatus.OPEN)));
        assertThat(json.get("alertId").asText()).isEqualTo("site:hel:proxy-a:PROXY_DNS:1");
        assertThat(json.get("status").asText()).isEqualTo("OPEN");
        assertThat(json.get("firstSeen").asText()).isEqualTo("2026-11-29T15:00:00Z");
        assertThat(json.get("resolvedAt").isNull()).isTrue();
        assertThat(json.get("remediation").get(1).asText())
                .isEqualTo("Clear the cache: net stop fsulnethoster; net start fsulnethoster");
        assertThat(json.get("remediationSteps").get(1).get("text").asText()).isEqualTo("Clear the cache:");
        assertThat(json.get("remediationSteps").get(1).get("commands").get(0).asText())
                .isEqualTo("net stop fsulnethoster");
    }

    @Test
    void shouldShowTheProbeConfirmationWhenTheAlertCarriesIt() {
        ConnectivityAlert confirmed = ConnectivityAlert.newBuilder(alert(AlertStatus.OPEN))
                .setProbeConfirmed(4)
                .setProbeEndpoints(5)
                .setProbeFailedStep("PROXY_TUNNEL")
                .setProbeDetail("PROXY_TUNNEL answered 407")
                .build();
        assertThat(new AlertFormatter(false).format(confirmed))
                .contains("\n  probe    confirmed by probe 4/5 · PROXY_TUNNEL answered 407\n");

        ConnectivityAlert disagreeing = ConnectivityAlert.newBuilder(alert(AlertStatus.OPEN))
                .setProbeConfirmed(0)
                .setProbeEndpoints(3)
                .build();
        assertThat(new AlertFormatter(false).format(disagreeing))
                .contains("\n  probe    not confirmed: 0/3 endpoints that probed\n");
        assertThat(new AlertFormatter(false).format(alert(AlertStatus.OPEN)))
                .as("no probe data: no line")
                .doesNotContain("probe");
    }

    @Test
    void shouldMarkASilencedAndAcknowledgedAlertWhenItCarriesThem() {
        ConnectivityAlert a = ConnectivityAlert.newBuilder(alert(AlertStatus.UPDATE))
                .setSilencedBy(List.of("s-1"))
                .setAcknowledgedBy("alice")
                .setAcknowledgedAt(Instant.parse("2026-12-06T10:00:00Z"))
                .setAcknowledgeComment("on it")
                .build();

        String block = new AlertFormatter(false).format(a);

        assertThat(block).startsWith("[SILENCED by s-1] [ACK alice] UPDATE");
        assertThat(block).contains("  acked    by alice at 2026-12-06 10:00:00Z: on it\n");
        assertThat(new AlertFormatter(true).format(a)).contains("\033[2m[SILENCED by s-1] \033[0m");
        assertThat(new AlertFormatter(false).format(alert(AlertStatus.UPDATE)))
                .doesNotContain("SILENCED")
                .doesNotContain("acked");
    }
}
