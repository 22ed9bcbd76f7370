package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointStatusTest {
    private static final long T0 = 1_636_735_230_152L;
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();
    private final DetectionParams params = DetectionParams.defaults();

    @Test
    void shouldBeFailingAfterAFailureAndHealthyAfterAHealthyContact() {
        EndpointStatus s = EndpointStatus.apply(null, activity(T0), T0, params);
        assertThat(s.state()).isEqualTo(EndpointState.HEALTHY);

        s = EndpointStatus.apply(s, failure(T0 + MINUTE, "curl:28"), T0 + MINUTE, params);
        assertThat(s.state()).isEqualTo(EndpointState.FAILING);
        assertThat(s.lastErrorCode()).isEqualTo("curl:28");
        assertThat(s.lastErrorClass()).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(s.lastFailure()).isEqualTo(T0 + MINUTE);

        s = EndpointStatus.apply(s, healthy(T0 + 2 * MINUTE), T0 + 2 * MINUTE, params);
        assertThat(s.state()).isEqualTo(EndpointState.HEALTHY);
        assertThat(s.lastErrorCode()).as("kept for the operator").isEqualTo("curl:28");
    }

    @Test
    void shouldAgeOutAFailureAfterTheEvaluationPeriodAndTurnSilentAfterTheActiveWindow() {
        EndpointStatus s = EndpointStatus.apply(null, failure(T0, "curl:7"), T0, params);
        assertThat(s.at(T0 + 5 * MINUTE, params).state()).isEqualTo(EndpointState.FAILING);
        assertThat(s.at(T0 + 6 * MINUTE, params).state()).isEqualTo(EndpointState.HEALTHY);
        assertThat(s.at(T0 + 11 * MINUTE, params).state()).isEqualTo(EndpointState.SILENT);
    }

    @Test
    void shouldStayFailingWhileOrspFailuresAreSuppressed() {
        EndpointStatus s = EndpointStatus.apply(null, failure(T0, "orsp:suppressed"), T0, params);
        s = EndpointStatus.apply(s, activity(T0 + 9 * MINUTE), T0 + 9 * MINUTE, params);
        s = EndpointStatus.apply(s, failure(T0 + 10 * MINUTE, "curl:28"), T0 + 10 * MINUTE, params);
        assertThat(s.at(T0 + 20 * MINUTE, params).state())
                .as("a timeout says nothing about the suppressed lookups")
                .isEqualTo(EndpointState.FAILING);

        s = EndpointStatus.apply(s, healthy(T0 + 21 * MINUTE), T0 + 21 * MINUTE, params);
        assertThat(s.state())
                .as("a doorman contact does not end suppressed lookup failures")
                .isEqualTo(EndpointState.FAILING);
        s = EndpointStatus.apply(s, lookupOk(T0 + 22 * MINUTE), T0 + 22 * MINUTE, params);
        assertThat(s.state()).isEqualTo(EndpointState.HEALTHY);
        assertThat(s.stickySince()).as("no sticky failure in force").isEqualTo(Times.NEVER);
    }

    @Test
    void shouldKeepTheNewestFailureWhenEventsArriveOutOfOrder() {
        EndpointStatus s = EndpointStatus.apply(null, failure(T0 + MINUTE, "curl:28"), T0 + MINUTE, params);
        s = EndpointStatus.apply(s, failure(T0, "curl:5"), T0 + MINUTE, params);
        assertThat(s.lastErrorCode()).isEqualTo("curl:28");
        assertThat(s.lastEvent()).isEqualTo(T0 + MINUTE);
    }

    @Test
    void shouldKeepADriverFailureUntilItAgesOutEvenAfterACloudContact() {
        EndpointStatus s = EndpointStatus.apply(null, failure(T0, "driver:2222"), T0, params);
        s = EndpointStatus.apply(s, healthy(T0 + MINUTE), T0 + MINUTE, params);
        assertThat(s.state()).isEqualTo(EndpointState.FAILING);
    }

    private Observation failure(long at, String code) {
        return Observation.failure("ep-1", "hq", "DIRECT", "Elements EPP for Computers", at, code, null, params);
    }

    private static Observation healthy(long at) {
        return Observation.healthy("ep-1", "hq", "DIRECT", "Elements EPP for Computers", at);
    }

    private static Observation lookupOk(long at) {
        return Observation.lookupOk("ep-1", "hq", "DIRECT", "Elements EPP for Computers", at);
    }

    private static Observation activity(long at) {
        return Observation.activity("ep-1", "hq", "DIRECT", "Elements EPP for Computers", at);
    }
}
