package org.fleettelemetry.collector.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.fleettelemetry.collector.config.HostPort;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.junit.jupiter.api.Test;

class ProbeEventsTest {
    private static final ProbeEvents.Endpoint ENDPOINT =
            new ProbeEvents.Endpoint("pc-hel-001", "hel", "proxy.hel.example:3128", "Elements EPP for Computers");
    private static final HostPort TARGET = new HostPort("doorman.sc.fsapi.com", 443);
    private static final HostPort PROXY = new HostPort("proxy.hel.example", 3128);
    private static final Instant AT = Instant.parse("2026-12-06T17:00:00Z");

    @Test
    void shouldCarryTheContractOfAProbeWhenThePathWorks() throws Exception {
        ProbeOutcome ok = new ProbeOutcome(
                TARGET,
                PROXY,
                AT,
                123_456,
                Verdict.OK,
                null,
                null,
                "CN=Issuing CA",
                200,
                List.of(
                        new StepOutcome(Step.PROXY_RESOLVE, true, 100, "10.0.0.5"),
                        new StepOutcome(Step.PROXY_CONNECT, true, 200, "connected"),
                        new StepOutcome(Step.PROXY_TUNNEL, true, 300, "HTTP/1.1 200 OK"),
                        new StepOutcome(Step.TLS_HANDSHAKE, true, 400, "TLSv1.3"),
                        new StepOutcome(Step.HTTPS_REQUEST, true, 500, "HTTP/1.1 200 OK")));

        EndpointEvent e = roundTrip(ProbeEvents.toEvent(ENDPOINT, 41, ok));

        assertThat(e.getEventId()).isEqualTo("pc-hel-001:probe:41");
        assertThat(e.getEndOffset()).isEqualTo(42L);
        assertThat(e.getLogFile()).isEqualTo(LogFile.PROBE);
        assertThat(e.getKind()).isEqualTo(EventKind.CONNECTION_OK);
        assertThat(e.getLevel()).isEqualTo("I");
        assertThat(e.getSource()).isEqualTo("fleet-telemetry::probe");
        assertThat(e.getErrorCode()).isNull();
        assertThat(e.getCurlCode()).isNull();
        assertThat(e.getTargetHost()).isEqualTo("doorman.sc.fsapi.com");
        assertThat(e.getLineProxy()).isEqualTo("proxy.hel.example:3128");
        assertThat(e.getProxy()).isEqualTo("proxy.hel.example:3128");
        assertThat(e.getSite()).isEqualTo("hel");
        assertThat(e.getDurationMs()).isEqualTo(123L);
        assertThat(e.getTimestamp()).isEqualTo(AT);
        assertThat(e.getProbe().getVerdict()).isEqualTo("OK");
        assertThat(e.getProbe().getTarget()).isEqualTo("doorman.sc.fsapi.com:443");
        assertThat(e.getProbe().getFailedStep()).isNull();
        assertThat(e.getProbe().getHttpStatus()).isEqualTo(200);
        assertThat(e.getProbe().getSteps())
                .extracting(s -> s.getName())
                .containsExactly("PROXY_RESOLVE", "PROXY_CONNECT", "PROXY_TUNNEL", "TLS_HANDSHAKE", "HTTPS_REQUEST");
        assertThat(e.getProbe().getSteps().get(4).getLatencyMicros()).isEqualTo(500L);
        assertThat(e.getMessage()).contains("OK", "doorman.sc.fsapi.com:443", "via proxy proxy.hel.example:3128");
    }

    @Test
    void shouldCarryTheProxysCodeAndCurlsWhenTheProxyWantsAuthentication() throws Exception {
        ProbeOutcome auth = new ProbeOutcome(
                TARGET,
                PROXY,
                AT,
                9_000,
                Verdict.PROXY_AUTH,
                Step.PROXY_TUNNEL,
                56,
                null,
                407,
                List.of(
                        new StepOutcome(Step.PROXY_RESOLVE, true, 100, "10.0.0.5"),
                        new StepOutcome(Step.PROXY_CONNECT, true, 200, "connected"),
                        new StepOutcome(Step.PROXY_TUNNEL, false, 300, "HTTP/1.1 407 Proxy Authentication Required")));

        EndpointEvent e = roundTrip(ProbeEvents.toEvent(ENDPOINT, 7, auth));

        assertThat(e.getKind()).isEqualTo(EventKind.CONNECTION_FAILURE);
        assertThat(e.getLevel()).isEqualTo(".W");
        assertThat(e.getErrorCode()).isEqualTo("proxy:407");
        assertThat(e.getCurlCode()).isEqualTo(56);
        assertThat(e.getProbe().getFailedStep()).isEqualTo("PROXY_TUNNEL");
        assertThat(e.getProbe().getHttpStatus()).isEqualTo(407);
        assertThat(e.getProbe().getSteps().get(2).getOk()).isFalse();
        assertThat(e.getMessage()).contains("PROXY_AUTH", "proxy:407, as curl 56", "PROXY_TUNNEL", "407");
    }

    @Test
    void shouldNameNoProxyWhenTheProbeWentDirect() throws Exception {
        ProbeOutcome dns = new ProbeOutcome(
                TARGET,
                null,
                AT,
                1_000,
                Verdict.BACKEND_DNS,
                Step.RESOLVE,
                6,
                null,
                null,
                List.of(new StepOutcome(Step.RESOLVE, false, 900, "cannot resolve doorman.sc.fsapi.com")));

        EndpointEvent e = roundTrip(ProbeEvents.toEvent(
                new ProbeEvents.Endpoint("pc-ber-001", "ber", "DIRECT", "Elements EPP for Computers"), 3, dns));

        assertThat(e.getLineProxy()).isNull();
        assertThat(e.getProxy()).isEqualTo("DIRECT");
        assertThat(e.getErrorCode()).isEqualTo("curl:6");
        assertThat(e.getCurlCode()).isEqualTo(6);
        assertThat(e.getMessage()).contains("direct", "BACKEND_DNS", "curl:6");
    }

    private static EndpointEvent roundTrip(EndpointEvent e) throws Exception {
        ByteBuffer bytes = e.toByteBuffer();
        return EndpointEvent.fromByteBuffer(bytes);
    }
}
