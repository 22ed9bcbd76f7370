package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.Matcher;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.schemas.avro.Severity;
import org.fleettelemetry.schemas.avro.Silence;
import org.junit.jupiter.api.Test;

class ActionRulesTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    private static ConnectivityAlert alert(String site, List<String> sites, OutageScope scope) {
        return ConnectivityAlert.newBuilder()
                .setAlertId("x")
                .setStatus(AlertStatus.OPEN)
                .setRevision(1)
                .setSeverity(Severity.HIGH)
                .setScope(scope == OutageScope.SITE ? AlertScope.SITE : AlertScope.FLEET)
                .setOutageScope(scope)
                .setSite(site)
                .setProxy(scope == OutageScope.FLEET ? null : "proxy.example:3128")
                .setErrorCode("curl:5")
                .setErrorClass("PROXY_DNS")
                .setCause("c")
                .setAffectedEndpoints(5)
                .setActiveEndpoints(10)
                .setRatio(0.5)
                .setSites(sites)
                .setFirstSeen(T)
                .setLastSeen(T)
                .setOpenedAt(T)
                .build();
    }

    private static Silence silence(String id, Instant from, Instant to, Matcher... matchers) {
        return Silence.newBuilder()
                .setSilenceId(id)
                .setMatchers(List.of(matchers))
                .setStartsAt(from)
                .setEndsAt(to)
                .setCreatedBy("alice")
                .setCreatedAt(from)
                .build();
    }

    private static Matcher eq(String name, String value) {
        return new Matcher(name, value, false, true);
    }

    @Test
    void shouldCoverAnAlertOnlyWhileActiveAndWhenEveryMatcherMatches() {
        ConnectivityAlert osaka = alert("osaka", List.of("osaka"), OutageScope.SITE);
        Silence s = silence("s", T, T.plusSeconds(60), eq("site", "osaka"), eq("severity", "HIGH"));
        Silence other = silence("o", T, T.plusSeconds(60), eq("site", "osaka"), eq("severity", "LOW"));

        assertThat(ActionRules.silencedBy(
                        osaka, List.of(s, other), T.minusMillis(1).toEpochMilli()))
                .isEmpty();
        assertThat(ActionRules.silencedBy(osaka, List.of(s, other), T.toEpochMilli()))
                .containsExactly("s");
        assertThat(ActionRules.silencedBy(osaka, List.of(s), T.plusSeconds(60).toEpochMilli()))
                .isEmpty();
        assertThat(ActionRules.state(s, T.minusSeconds(1).toEpochMilli())).isEqualTo("pending");
        assertThat(ActionRules.state(s, T.plusSeconds(60).toEpochMilli())).isEqualTo("expired");
    }

    @Test
    void shouldMatchAnOutageAcrossSitesOnlyWhenTheSiteMatcherMatchesEveryOneOfThem() {
        ConnectivityAlert fleet = alert(null, List.of("osaka", "kyoto"), OutageScope.FLEET);

        assertThat(ActionRules.matches(silence("s", T, T, eq("site", "osaka")), fleet))
                .isFalse();
        assertThat(ActionRules.matches(silence("s", T, T, new Matcher("site", "osaka|kyoto", true, true)), fleet))
                .isTrue();
        assertThat(ActionRules.matches(silence("s", T, T, new Matcher("site", "nara", false, false)), fleet))
                .isTrue();
        assertThat(ActionRules.matches(silence("s", T, T, new Matcher("site", "kyoto", false, false)), fleet))
                .isFalse();
        assertThat(ActionRules.matches(silence("s", T, T, eq("scope", "FLEET"), eq("proxy", "")), fleet))
                .as("a missing label is the empty string")
                .isTrue();
    }

    @Test
    void shouldRefuseSilencesAlertmanagerWouldRefuse() {
        Duration max = Duration.ofDays(7);
        Instant end = T.plusSeconds(3600);
        assertThat(ActionRules.refusal(List.of(), T, end, T, max)).contains("at least one matcher");
        assertThat(ActionRules.refusal(List.of(eq("host", "x")), T, end, T, max))
                .contains("unknown matcher name");
        assertThat(ActionRules.refusal(List.of(new Matcher("site", "[", true, true)), T, end, T, max))
                .contains("bad regular expression");
        assertThat(ActionRules.refusal(List.of(eq("site", "x")), end, T, T, max))
                .contains("after startsAt");
        assertThat(ActionRules.refusal(List.of(eq("site", "x")), T.minusSeconds(90), T.minusSeconds(60), T, max))
                .contains("in the past");
        assertThat(ActionRules.refusal(List.of(eq("site", "x")), T, T.plus(Duration.ofDays(8)), T, max))
                .contains("silence.max.duration");
        assertThat(ActionRules.refusal(List.of(eq("site", "x")), T.plusSeconds(60), end, T, max))
                .as("a maintenance window")
                .isNull();
    }
}
