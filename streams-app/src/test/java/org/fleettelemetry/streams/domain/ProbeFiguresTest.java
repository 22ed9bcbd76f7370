package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProbeFiguresTest {

    private static ProbeMark failed(ErrorClass c, String step, int status) {
        return new ProbeMark(1L, c, step, status, null);
    }

    @Test
    void shouldCountTheAffectedEndpointsThatProbedAndThoseThatConfirmWhenTallying() {
        ProbeFigures.Tally tally = new ProbeFigures.Tally();
        tally.add(failed(ErrorClass.PROXY_AUTH, "PROXY_TUNNEL", 407), ErrorClass.PROXY_AUTH);
        tally.add(failed(ErrorClass.PROXY_AUTH, "PROXY_TUNNEL", 407), ErrorClass.PROXY_AUTH);
        tally.add(failed(ErrorClass.PROXY_AUTH, "HTTPS_REQUEST", 0), ErrorClass.PROXY_AUTH);
        tally.add(failed(ErrorClass.TIMEOUT, "PROXY_CONNECT", 0), ErrorClass.PROXY_AUTH);
        tally.add(ProbeMark.passed(2L), ErrorClass.PROXY_AUTH);
        tally.add(null, ErrorClass.PROXY_AUTH);

        assertThat(tally.figures()).isEqualTo(new ProbeFigures(3, 5, "PROXY_TUNNEL", "PROXY_TUNNEL answered 407"));
        assertThat(new ProbeFigures.Tally().figures()).as("nobody probed").isNull();
        ProbeFigures.Tally disagreeing = new ProbeFigures.Tally();
        disagreeing.add(ProbeMark.passed(2L), ErrorClass.TIMEOUT);
        assertThat(disagreeing.figures()).isEqualTo(new ProbeFigures(0, 1, null, null));
    }

    @Test
    void shouldSayConfirmedWithTheStepsFindingOrNotConfirmed() {
        assertThat(new ProbeFigures(5, 6, "PROXY_TUNNEL", "PROXY_TUNNEL answered 407").sentence())
                .isEqualTo("confirmed by active probe at 5 of 6 endpoints (failing step: PROXY_TUNNEL answered 407)");
        assertThat(new ProbeFigures(2, 2, "TLS_HANDSHAKE", null).sentence())
                .isEqualTo("confirmed by active probe at 2 of 2 endpoints (failing step: TLS_HANDSHAKE)");
        assertThat(new ProbeFigures(0, 3, null, null).sentence())
                .isEqualTo("not confirmed by the active probe (0 of 3 endpoints that probed)");
    }

    @Test
    void shouldSumTheSitesAndTakeTheStepMostConfirmedEndpointsFailedAt() {
        ProbeFigures sum = ProbeFigures.sum(Arrays.asList(
                new ProbeFigures(2, 3, "PROXY_CONNECT", null),
                null,
                new ProbeFigures(4, 4, "PROXY_TUNNEL", "PROXY_TUNNEL answered 407"),
                new ProbeFigures(0, 2, null, null)));

        assertThat(sum).isEqualTo(new ProbeFigures(6, 9, "PROXY_TUNNEL", "PROXY_TUNNEL answered 407"));
        assertThat(ProbeFigures.sum(Arrays.asList(null, null))).isNull();
    }
}
