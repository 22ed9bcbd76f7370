package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.junit.jupiter.api.Test;

class ObservationTest {
    private static final Instant AT = Instant.parse("2021-11-12T16:40:30.152Z");
    private final DetectionParams params = DetectionParams.defaults();

    @Test
    void shouldTakeTheProxyTheLineNamedAsTargetWhenTheProxyDoesNotResolve() {
        EndpointEvent event = event(EventKind.CONNECTION_FAILURE, "curl:5")
                .setLineProxy("proxy.example.intern")
                .setMessage("CurlQuery::completeWithStatus: handle 0000023C45E27C50 failed with 5: Couldn't resolve"
                        + " proxy: proxy.example.intern")
                .build();

        Observation o = Observation.of(event, params);

        assertThat(o.type()).isEqualTo(ObservationType.FAILURE);
        assertThat(o.errorClass()).isEqualTo(ErrorClass.PROXY_DNS);
        assertThat(o.targetHost()).isEqualTo("proxy.example.intern");
        assertThat(o.eventTime()).isEqualTo(AT.toEpochMilli());
        assertThat(o.sticky()).isFalse();
    }

    @Test
    void shouldSeeAHealthyContactWhenTheDoormanAnswersWithFserrZero() {
        Observation o = Observation.of(event(EventKind.CONNECTION_OK, "fserr:0").build(), params);
        assertThat(o.type()).isEqualTo(ObservationType.HEALTHY);
        assertThat(o.errorClass()).isNull();
    }

    @Test
    void shouldMarkTheObservationStickyWhenOrspFailuresAreSuppressed() {
        Observation o = Observation.of(
                event(EventKind.CLOUD_QUERY_FAILURE, "orsp:suppressed").build(), params);
        assertThat(o.sticky()).isTrue();
        assertThat(o.errorClass()).isEqualTo(ErrorClass.CLOUD_LOOKUP);
    }

    @Test
    void shouldTellSlowFromFastOrspAnswers() {
        Observation slow = Observation.of(
                event(EventKind.CLOUD_QUERY_LATENCY, null).setDurationMs(3016L).build(), params);
        Observation fast = Observation.of(
                event(EventKind.CLOUD_QUERY_LATENCY, null).setDurationMs(40L).build(), params);
        assertThat(slow.type()).isEqualTo(ObservationType.FAILURE);
        assertThat(slow.errorCode()).isEqualTo("orsp:slow");
        assertThat(fast.type()).isEqualTo(ObservationType.HEALTHY);
    }

    @Test
    void shouldCountAnyOtherEntryAndAHeartbeatAsActivity() {
        Observation other = Observation.of(event(EventKind.OTHER, null).build(), params);
        Observation beat = Observation.of(EndpointHeartbeat.newBuilder()
                .setEndpointId("ep-1")
                .setSite("hq")
                .setProxy("DIRECT")
                .setProduct("Business Suite Client Security")
                .setCollectorVersion("0.1.0")
                .setTimestamp(AT)
                .setLinesSinceLast(10)
                .setFailuresSinceLast(3)
                .setSpoolBytes(0)
                .build());
        assertThat(other.type()).isEqualTo(ObservationType.ACTIVITY);
        assertThat(beat.type()).isEqualTo(ObservationType.ACTIVITY);
        assertThat(beat.proxy()).isEqualTo("DIRECT");
    }

    @Test
    void shouldRefuseAFailureWithoutAClass() {
        assertThatThrownBy(() -> new Observation(
                        "ep-1", "hq", "DIRECT", "", 0L, ObservationType.FAILURE, "x", null, null, null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("errorClass");
    }

    private static EndpointEvent.Builder event(EventKind kind, String code) {
        return EndpointEvent.newBuilder()
                .setEventId("ep-1:fsscorplug.log:0")
                .setEndpointId("ep-1")
                .setSite("hq")
                .setProxy("proxy.example.intern:3128")
                .setProduct("Elements EPP for Computers")
                .setLogFile(LogFile.FSSCORPLUG)
                .setTimestamp(AT)
                .setLevel(".W")
                .setSource("CurlQuery::completeWithStatus")
                .setMessage("m")
                .setKind(kind)
                .setErrorCode(code);
    }
}
