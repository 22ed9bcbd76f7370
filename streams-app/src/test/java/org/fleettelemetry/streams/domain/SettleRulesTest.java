package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.junit.jupiter.api.Test;

/**
 * The settle and the population warm-up of {@link SiteRules#evaluate(SiteState, java.util.Collection, long, Long,
 * DetectionParams)}: a condition opens only once it has held for the settle in arrival (wall-clock) time, at a site
 * heard of for the warm-up, and then as of the time it was first crossed.
 */
class SettleRulesTest {
    private static final long T0 = 1_636_735_230_152L;
    private static final long WALL0 = 1_800_000_000_000L;
    private static final String PROXY = "proxy.example:3128";
    private final DetectionParams params = DetectionParams.defaults();

    /** One site, evaluated with an arrival clock that the test moves apart from event time. */
    private final class Site {
        final SiteDriver driver;
        long wall = WALL0;

        Site(Long firstHeardWall) {
            driver = new SiteDriver("hq", params, T0);
            driver.state.setFirstHeardWall(firstHeardWall);
        }

        List<ConnectivityAlert> evaluate() {
            return SiteRules.evaluate(driver.state, driver.tracks.values(), driver.now, wall, params);
        }

        Site later(Duration eventTime, Duration arrival) {
            driver.advance(eventTime);
            wall += arrival.toMillis();
            return this;
        }
    }

    @Test
    void shouldOpenAsOfTheFirstCrossingOnceTheConditionHeldForTheSettle() {
        Site site = new Site(WALL0 - Duration.ofHours(1).toMillis());
        site.driver.activity(PROXY, 0, 10).fail(PROXY, 0, 4, "curl:5", "proxy.example");
        long crossing = site.driver.now;
        assertThat(site.evaluate()).as("crossed, not settled").isEmpty();
        assertThat(SiteRules.nextDecisionWall(site.driver.state, params))
                .isEqualTo(WALL0 + params.settle().toMillis());
        site.later(Duration.ofMinutes(2), Duration.ofSeconds(9));
        assertThat(site.evaluate())
                .as("9 s of arrival time, however much event time")
                .isEmpty();
        site.later(Duration.ZERO, Duration.ofSeconds(1));
        List<ConnectivityAlert> out = site.evaluate();
        assertThat(out).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.OPEN);
        assertThat(out.get(0).getOpenedAt().toEpochMilli()).isEqualTo(crossing);
        assertThat(out.get(0).getAlertId()).endsWith(":" + crossing);
        assertThat(SiteRules.summary(site.driver.state).holds(ErrorClass.PROXY_DNS))
                .isTrue();
        assertThat(SiteRules.nextDecisionWall(site.driver.state, params)).isNull();
    }

    @Test
    void shouldForgetAConditionThatStopsHoldingBeforeItSettles() {
        Site site = new Site(WALL0 - Duration.ofHours(1).toMillis());
        // the lookups of four endpoints fail: alone, that is a lookup outage of its own
        site.driver.activity(PROXY, 0, 10).fail(PROXY, 0, 4, "orsp:failed", null);
        assertThat(site.evaluate()).isEmpty();
        assertThat(SiteRules.summary(site.driver.state).holds(ErrorClass.CLOUD_LOOKUP))
                .as("a waiting condition is not a site holding it, for the fleet either")
                .isFalse();
        // a moment later the same endpoints' connection failures arrive: the lookups were their symptom
        site.later(Duration.ZERO, Duration.ofSeconds(3));
        site.driver.fail(PROXY, 0, 4, "curl:28", null);
        assertThat(site.evaluate()).isEmpty();
        assertThat(site.driver.state.getOutages().get(PROXY + "|CLOUD_LOOKUP"))
                .as("the lookup condition no longer holds: forgotten")
                .isNull();
        site.later(Duration.ZERO, Duration.ofSeconds(10));
        List<ConnectivityAlert> out = site.evaluate();
        assertThat(out).extracting(ConnectivityAlert::getErrorClass).containsExactly("TIMEOUT");
        site.later(Duration.ofMinutes(1), Duration.ofMinutes(1));
        assertThat(site.evaluate())
                .as("the timeout opened once, the lookups never")
                .isEmpty();
    }

    @Test
    void shouldWaitForThePopulationOfASiteFirstHeardOfLessThanTheWarmUpAgo() {
        Site site = new Site(WALL0);
        // three of twenty fail (15 %): below the ratio. Only the three and four others are known yet: 3 of 7 is 43 %
        site.driver.activity(PROXY, 3, 7).fail(PROXY, 0, 3, "curl:7", null);
        site.later(Duration.ofSeconds(15), Duration.ofSeconds(15));
        assertThat(site.evaluate()).as("settled, but the site is not known yet").isEmpty();
        assertThat(SiteRules.nextDecisionWall(site.driver.state, params))
                .isEqualTo(WALL0 + params.populationWarmup().toMillis());
        // the rest of the site's collectors send their heartbeats within the interval
        site.driver.activity(PROXY, 7, 20);
        site.later(Duration.ofSeconds(15), Duration.ofSeconds(15));
        assertThat(site.evaluate()).as("3 of 20 once all are known").isEmpty();
        assertThat(site.driver.state.getOutages().values())
                .allMatch(t -> t.getPendingSince() == null && t.getAlert() == null);
    }

    @Test
    void shouldOpenARealOutageOfANewSiteAsOfItsCrossingOnceTheWarmUpIsOver() {
        Site site = new Site(WALL0);
        site.driver.activity(PROXY, 0, 10).fail(PROXY, 0, 5, "curl:7", null);
        long crossing = site.driver.now;
        assertThat(site.evaluate()).isEmpty();
        site.later(Duration.ofSeconds(29), Duration.ofSeconds(29));
        assertThat(site.evaluate()).isEmpty();
        site.later(Duration.ofSeconds(1), Duration.ofSeconds(1));
        List<ConnectivityAlert> out = site.evaluate();
        assertThat(out).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.OPEN);
        assertThat(out.get(0).getOpenedAt().toEpochMilli()).isEqualTo(crossing);
        assertThat(out.get(0).getAffectedEndpoints()).isEqualTo(5);
    }

    @Test
    void shouldTrustASiteAnOlderVersionStoredAndOpenWithoutWaitingWhenNoArrivalClockIsGiven() {
        Site older = new Site(null);
        older.driver.activity(PROXY, 0, 10).fail(PROXY, 0, 5, "curl:7", null);
        older.evaluate();
        older.later(Duration.ZERO, params.settle());
        assertThat(older.evaluate())
                .as("no warm-up for a site stored before there was one")
                .hasSize(1);

        SiteDriver ordered = new SiteDriver("hq", params, T0).activity(PROXY, 0, 10);
        ordered.fail(PROXY, 0, 5, "curl:7", null);
        assertThat(ordered.evaluate())
                .as("event-time-ordered input: nothing waits")
                .hasSize(1);
    }
}
