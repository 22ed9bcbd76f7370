package org.fleettelemetry.collector.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.fleettelemetry.collector.config.HostPort;
import org.fleettelemetry.collector.config.ProbeSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe against real parts on loopback: Debian's tinyproxy (with and without Basic auth) started by the test,
 * HTTPS servers with certificates of a CA the probe trusts (healthy) and of another (inspection), a proxy name under
 * {@code .invalid}, a refusing port and one that accepts and never answers. Nothing leaves 127.0.0.1.
 */
class ProbeEngineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** What closing a socket and waking a thread may add to the deadline, generously on 2 busy cores. */
    private static final Duration MARGIN = Duration.ofMillis(700);

    @TempDir
    static Path dir;

    static TestCa trusted;
    static TestCa inspector;
    static LoopbackServers.Https healthy;
    static LoopbackServers.Https inspecting;
    static LoopbackServers.Https wrongName;
    static LoopbackServers.Silent silent;
    static Tinyproxy open;
    static Tinyproxy guarded;

    @BeforeAll
    static void startParts() throws Exception {
        trusted = TestCa.named("Probe Test Trusted CA");
        inspector = TestCa.named("Probe Test Inspecting Proxy CA");
        healthy = new LoopbackServers.Https(trusted.serverContext("ip:127.0.0.1"), 204);
        inspecting = new LoopbackServers.Https(inspector.serverContext("ip:127.0.0.1"), 204);
        wrongName = new LoopbackServers.Https(trusted.serverContext("dns:doorman.sc.fsapi.invalid"), 204);
        silent = new LoopbackServers.Silent();
        open = Tinyproxy.start(dir, null, null);
        guarded = Tinyproxy.start(dir, "probe", "s3cret");
    }

    @AfterAll
    static void stopParts() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {healthy, inspecting, wrongName, silent, open, guarded}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static ProbeOutcome probe(HostPort proxy, String user, String password, HostPort target) {
        ProbeSettings settings = new ProbeSettings(
                true,
                Duration.ofMinutes(5),
                Duration.ZERO,
                TIMEOUT,
                List.of(target),
                Optional.ofNullable(proxy),
                user,
                password,
                trusted.pem());
        try (ConnectivityProbe probe =
                new ConnectivityProbe(settings, ConnectivityProbe.trustOf(settings), Clock.systemUTC())) {
            ProbeOutcome outcome = probe.probe(target);
            System.out.print(ProbeReport.text(outcome));
            return outcome;
        }
    }

    private static List<Step> stepNames(ProbeOutcome outcome) {
        return outcome.steps().stream().map(StepOutcome::step).toList();
    }

    @Test
    void shouldWalkEveryDirectStepWhenTheTargetIsHealthy() {
        ProbeOutcome o = probe(null, null, null, healthy.address());

        assertThat(o.verdict()).isEqualTo(Verdict.OK);
        assertThat(stepNames(o)).containsExactly(Step.RESOLVE, Step.CONNECT, Step.TLS_HANDSHAKE, Step.HTTPS_REQUEST);
        assertThat(o.steps()).allMatch(StepOutcome::ok);
        assertThat(o.httpStatus()).isEqualTo(204);
        assertThat(o.tlsIssuer()).isEqualTo(trusted.subject());
        assertThat(o.errorCode()).isNull();
        assertThat(o.failedStep()).isNull();
    }

    @Test
    void shouldWalkThroughTheProxyWhenTheEndpointHasOne() {
        ProbeOutcome o = probe(open.address(), null, null, healthy.address());

        assertThat(o.verdict()).isEqualTo(Verdict.OK);
        assertThat(stepNames(o))
                .containsExactly(
                        Step.PROXY_RESOLVE,
                        Step.PROXY_CONNECT,
                        Step.PROXY_TUNNEL,
                        Step.TLS_HANDSHAKE,
                        Step.HTTPS_REQUEST);
        assertThat(o.steps().get(2).detail()).contains(" 200 ");
        assertThat(o.proxy()).isEqualTo(open.address());
    }

    @Test
    void shouldReportProxyAuthWhenTheProxyAnswers407() {
        ProbeOutcome o = probe(guarded.address(), null, null, healthy.address());

        assertThat(o.verdict()).isEqualTo(Verdict.PROXY_AUTH);
        assertThat(o.failedStep()).isEqualTo(Step.PROXY_TUNNEL);
        assertThat(o.httpStatus()).isEqualTo(407);
        assertThat(o.errorCode()).isEqualTo("proxy:407");
        assertThat(o.curlCode()).isEqualTo(56);
        assertThat(o.failureDetail()).contains("407", "no credentials configured");
    }

    @Test
    void shouldPassTheProxyWhenItsCredentialsAreConfigured() {
        ProbeOutcome o = probe(guarded.address(), "probe", "s3cret", healthy.address());

        assertThat(o.verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void shouldReportProxyAuthWhenTheProxyRefusesTheCredentials() {
        // tinyproxy answers wrong credentials with 401 (and none with 407): both are the proxy refusing us
        ProbeOutcome o = probe(guarded.address(), "probe", "wrong", healthy.address());

        assertThat(o.verdict()).isEqualTo(Verdict.PROXY_AUTH);
        assertThat(o.httpStatus()).isIn(401, 407);
        assertThat(o.failureDetail()).contains("refused");
    }

    @Test
    void shouldReportProxyDnsWhenTheProxyNameDoesNotResolve() {
        long t0 = System.nanoTime();
        ProbeOutcome o = probe(new HostPort("proxy.example.invalid", 3128), null, null, healthy.address());

        assertThat(o.verdict()).isEqualTo(Verdict.PROXY_DNS);
        assertThat(o.failedStep()).isEqualTo(Step.PROXY_RESOLVE);
        assertThat(o.errorCode()).isEqualTo("curl:5");
        assertThat(o.curlCode()).isEqualTo(5);
        assertThat(o.steps()).hasSize(1);
        assertThat(o.failureDetail()).contains("proxy.example.invalid");
        System.out.printf("a .invalid name failed to resolve in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void shouldReportBackendDnsWhenTheTargetNameDoesNotResolveGoingDirect() {
        ProbeOutcome o = probe(null, null, null, new HostPort("doorman.sc.fsapi.invalid", 443));

        assertThat(o.verdict()).isEqualTo(Verdict.BACKEND_DNS);
        assertThat(o.failedStep()).isEqualTo(Step.RESOLVE);
        assertThat(o.errorCode()).isEqualTo("curl:6");
    }

    @Test
    void shouldReportTheProxysAnswerWhenItCannotResolveTheTarget() {
        // the proxy resolves the target: its error status is what curl (56) and so the agent's log show
        ProbeOutcome o = probe(open.address(), null, null, new HostPort("doorman.sc.fsapi.invalid", 443));

        assertThat(o.verdict()).isEqualTo(Verdict.RECV_ERROR);
        assertThat(o.failedStep()).isEqualTo(Step.PROXY_TUNNEL);
        assertThat(o.errorCode()).isEqualTo("curl:56");
        assertThat(o.httpStatus()).isBetween(500, 599);
    }

    @Test
    void shouldReportConnectRefusedWhenNothingListensOnTheTargetPort() throws Exception {
        ProbeOutcome o = probe(null, null, null, LoopbackServers.refusingPort());

        assertThat(o.verdict()).isEqualTo(Verdict.CONNECT_REFUSED);
        assertThat(o.failedStep()).isEqualTo(Step.CONNECT);
        assertThat(o.errorCode()).isEqualTo("curl:7");
    }

    @Test
    void shouldReportConnectRefusedWhenNothingListensOnTheProxyPort() throws Exception {
        ProbeOutcome o = probe(LoopbackServers.refusingPort(), null, null, healthy.address());

        assertThat(o.verdict()).isEqualTo(Verdict.CONNECT_REFUSED);
        assertThat(o.failedStep()).isEqualTo(Step.PROXY_CONNECT);
    }

    @Test
    void shouldReportRecvErrorWhenTheProxyCannotReachTheTarget() throws Exception {
        ProbeOutcome o = probe(open.address(), null, null, LoopbackServers.refusingPort());

        assertThat(o.verdict()).isEqualTo(Verdict.RECV_ERROR);
        assertThat(o.failedStep()).isEqualTo(Step.PROXY_TUNNEL);
        assertThat(o.httpStatus()).isEqualTo(500);
    }

    @Test
    void shouldStopWithinTheTimeoutWhenTheTargetNeverAnswersDirect() {
        long t0 = System.nanoTime();
        ProbeOutcome o = probe(null, null, null, silent.address());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(o.verdict()).isEqualTo(Verdict.TIMEOUT);
        assertThat(o.failedStep()).isEqualTo(Step.TLS_HANDSHAKE);
        assertThat(o.errorCode()).isEqualTo("curl:28");
        assertThat(took).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50)).isLessThan(TIMEOUT.plus(MARGIN));
        assertThat(o.durationMicros()).isLessThan(TIMEOUT.plus(MARGIN).toNanos() / 1000);
    }

    @Test
    void shouldStopWithinTheTimeoutWhenTheTargetNeverAnswersThroughTheProxy() {
        long t0 = System.nanoTime();
        ProbeOutcome o = probe(open.address(), null, null, silent.address());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(o.verdict()).isEqualTo(Verdict.TIMEOUT);
        assertThat(o.failedStep()).isEqualTo(Step.TLS_HANDSHAKE);
        assertThat(took).isLessThan(TIMEOUT.plus(MARGIN));
    }

    @Test
    void shouldStopWithinTheTimeoutWhenTheProxyNeverAnswers() {
        long t0 = System.nanoTime();
        ProbeOutcome o = probe(silent.address(), null, null, healthy.address());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(o.verdict()).isEqualTo(Verdict.TIMEOUT);
        assertThat(o.failedStep()).isEqualTo(Step.PROXY_TUNNEL);
        assertThat(took).isLessThan(TIMEOUT.plus(MARGIN));
    }

    @Test
    void shouldReportTlsInspectionWithTheIssuerWhenTheChainIsNotTrusted() {
        ProbeOutcome o = probe(null, null, null, inspecting.address());

        assertThat(o.verdict()).isEqualTo(Verdict.TLS_INSPECTION);
        assertThat(o.failedStep()).isEqualTo(Step.TLS_HANDSHAKE);
        assertThat(o.errorCode()).isEqualTo("curl:60");
        assertThat(o.curlCode()).isEqualTo(60);
        assertThat(o.tlsIssuer()).isEqualTo(inspector.subject());
        assertThat(o.failureDetail()).contains(inspector.subject());
    }

    @Test
    void shouldReportTlsInspectionThroughTheProxyWhenTheChainIsNotTrusted() {
        ProbeOutcome o = probe(open.address(), null, null, inspecting.address());

        assertThat(o.verdict()).isEqualTo(Verdict.TLS_INSPECTION);
        assertThat(o.tlsIssuer()).isEqualTo(inspector.subject());
    }

    @Test
    void shouldFailVerificationWhenTheCertificateNamesAnotherHost() {
        ProbeOutcome o = probe(null, null, null, wrongName.address());

        assertThat(o.verdict()).isEqualTo(Verdict.TLS_INSPECTION);
        assertThat(o.curlCode()).isEqualTo(60);
        assertThat(o.tlsIssuer())
                .as("a trusted issuer: the name is what failed")
                .isEqualTo(trusted.subject());
    }

    @Test
    void shouldReportAHandshakeErrorWhenTheTargetSpeaksNoTls() throws Exception {
        // a plain HTTP server answers the ClientHello with an HTTP error: not a chain problem, curl's 35
        ProbeOutcome o;
        try (LoopbackServers.PlainHttp plain = new LoopbackServers.PlainHttp()) {
            o = probe(null, null, null, plain.address());
        }

        assertThat(o.verdict()).isEqualTo(Verdict.TLS_INSPECTION);
        assertThat(o.failedStep()).isEqualTo(Step.TLS_HANDSHAKE);
        assertThat(o.errorCode()).isEqualTo("curl:35");
        assertThat(o.curlCode()).isEqualTo(35);
    }
}
