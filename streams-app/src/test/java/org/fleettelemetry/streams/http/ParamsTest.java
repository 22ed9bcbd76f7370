package org.fleettelemetry.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.streams.domain.EndpointState;
import org.fleettelemetry.streams.query.BadParameterException;
import org.fleettelemetry.streams.query.TimeRange;
import org.junit.jupiter.api.Test;

class ParamsTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Duration MAX = Duration.ofHours(24);

    @Test
    void shouldDefaultToTheLastHourWhenNoRangeIsGiven() {
        TimeRange r = Params.range(null, null, NOW, MAX);

        assertThat(r.from()).isEqualTo(Instant.parse("2025-03-01T11:00:00Z"));
        assertThat(r.to()).isEqualTo(NOW);
    }

    @Test
    void shouldAcceptInstantsAndOffsetDateTimesWhenBothEndsAreGiven() {
        TimeRange r = Params.range("2025-03-01T10:00:00+02:00", "2025-03-01T09:30:00Z", NOW, MAX);

        assertThat(r.from()).isEqualTo(Instant.parse("2025-03-01T08:00:00Z"));
        assertThat(r.to()).isEqualTo(Instant.parse("2025-03-01T09:30:00Z"));
    }

    @Test
    void shouldNameTheParameterWhenADateIsMalformed() {
        assertThatThrownBy(() -> Params.range("yesterday", null, NOW, MAX))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("'from'")
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() -> Params.range(null, "2025-03-01T10:00:00", NOW, MAX))
                .isInstanceOf(BadParameterException.class)
                .extracting(e -> ((BadParameterException) e).parameter())
                .isEqualTo("to");
    }

    @Test
    void shouldRefuseARangeWhenFromIsNotBeforeTo() {
        assertThatThrownBy(() -> Params.range("2025-03-01T11:00:00Z", "2025-03-01T10:00:00Z", NOW, MAX))
                .isInstanceOf(BadParameterException.class)
                .extracting(e -> ((BadParameterException) e).parameter())
                .isEqualTo("from");
        assertThatThrownBy(() -> Params.range("2025-03-01T10:00:00Z", "2025-03-01T10:00:00Z", NOW, MAX))
                .isInstanceOf(BadParameterException.class);
    }

    @Test
    void shouldRefuseARangeWhenLongerThanTheRetention() {
        assertThatThrownBy(() -> Params.range("2025-01-01T00:00:00Z", "2025-03-01T00:00:00Z", NOW, MAX))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("PT24H");
        assertThat(Params.range("2025-02-28T12:00:00Z", "2025-03-01T12:00:00Z", NOW, MAX)
                        .from())
                .isEqualTo(Instant.parse("2025-02-28T12:00:00Z"));
    }

    @Test
    void shouldDefaultToTheRetentionWhenItIsShorterThanAnHour() {
        TimeRange r = Params.range(null, null, NOW, Duration.ofMinutes(20));

        assertThat(Duration.between(r.from(), r.to())).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void shouldParseMaxLagWhenAWholeNumberAndRefuseOtherwise() {
        assertThat(Params.maxLag(null)).isZero();
        assertThat(Params.maxLag("250")).isEqualTo(250);
        assertThatThrownBy(() -> Params.maxLag("-1")).hasMessageContaining("'maxLag'");
        assertThatThrownBy(() -> Params.maxLag("lots")).hasMessageContaining("'maxLag'");
    }

    @Test
    void shouldBoundTheLimitWhenGiven() {
        assertThat(Params.limit(null)).isEqualTo(Params.DEFAULT_LIMIT);
        assertThat(Params.limit("5")).isEqualTo(5);
        assertThatThrownBy(() -> Params.limit("0")).hasMessageContaining("'limit'");
        assertThatThrownBy(() -> Params.limit("100001")).hasMessageContaining("'limit'");
        assertThatThrownBy(() -> Params.limit("ten")).hasMessageContaining("'limit'");
    }

    @Test
    void shouldParseEnumsCaseInsensitivelyAndListTheChoicesWhenUnknown() {
        assertThat(Params.enumValue("state", "failing", EndpointState.class)).isEqualTo(EndpointState.FAILING);
        assertThat(Params.enumValue("scope", null, AlertScope.class)).isNull();
        assertThatThrownBy(() -> Params.enumValue("scope", "galaxy", AlertScope.class))
                .hasMessageContaining("'scope'")
                .hasMessageContaining("[HOST, SITE, FLEET]");
    }

    @Test
    void shouldRefuseAnIdWhenBlankTooLongOrWithControlCharacters() {
        assertThat(Params.id("site", "hel")).isEqualTo("hel");
        assertThatThrownBy(() -> Params.id("site", " ")).hasMessageContaining("'site'");
        assertThatThrownBy(() -> Params.id("site", "x".repeat(513))).hasMessageContaining("at most 512");
        assertThatThrownBy(() -> Params.id("endpointId", "pc\u001f1")).hasMessageContaining("control");
    }

    @Test
    void shouldTakeTheExactScopesAndRefuseUnknownWhenFilteringOutages() {
        assertThat(Params.scope("proxy")).isEqualTo(org.fleettelemetry.schemas.avro.OutageScope.PROXY);
        assertThat(Params.scope(null)).isNull();
        assertThatThrownBy(() -> Params.scope("UNKNOWN"))
                .isInstanceOf(org.fleettelemetry.streams.query.BadParameterException.class)
                .hasMessageContaining("scope")
                .hasMessageContaining("PROXY");
        assertThatThrownBy(() -> Params.scope("region"))
                .isInstanceOf(org.fleettelemetry.streams.query.BadParameterException.class)
                .hasMessageContaining("scope");
    }
}
