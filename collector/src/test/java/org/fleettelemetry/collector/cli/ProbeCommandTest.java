package org.fleettelemetry.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.collector.config.HostPort;
import org.fleettelemetry.collector.probe.LoopbackServers;
import org.fleettelemetry.collector.probe.TestCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collector probe}: what a person at the endpoint sees, the --json shape, the exit status. */
class ProbeCommandTest {
    @TempDir
    static Path dir;

    static TestCa ca;
    static LoopbackServers.Https healthy;
    static HostPort refusing;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.named("Probe Test Trusted CA");
        healthy = new LoopbackServers.Https(ca.serverContext("ip:127.0.0.1"), 200);
        refusing = LoopbackServers.refusingPort();
    }

    @AfterAll
    static void stop() throws Exception {
        healthy.close();
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = CollectorMain.execute(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static List<String> args(String targets, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "probe",
                "--set",
                "proxy=DIRECT",
                "--set",
                "probe.targets=" + targets,
                "--set",
                "probe.truststore=" + ca.pem(),
                "--set",
                "probe.timeout=3s"));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void shouldPrintOneJsonObjectPerTargetWithItsVerdictAndStepsWhenAskedForJson() throws Exception {
        Run r = run(args(healthy.address() + "," + refusing, "--json").toArray(String[]::new));

        assertThat(r.exit()).as(r.err()).isEqualTo(ProbeCommand.EXIT_FAILED);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode ok = json.readTree(lines.get(0));
        JsonNode refused = json.readTree(lines.get(1));
        assertThat(ok.get("target").asText()).isEqualTo(healthy.address().toString());
        assertThat(ok.get("verdict").asText()).isEqualTo("OK");
        assertThat(ok.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(ok.get("steps")).hasSize(4);
        List<String> names = new ArrayList<>();
        ok.get("steps").forEach(s -> {
            names.add(s.get("name").asText());
            assertThat(s.get("ok").asBoolean()).isTrue();
            assertThat(s.get("latencyMicros").asLong()).isNotNegative();
        });
        assertThat(names).containsExactly("RESOLVE", "CONNECT", "TLS_HANDSHAKE", "HTTPS_REQUEST");
        assertThat(refused.get("target").asText()).isEqualTo(refusing.toString());
        assertThat(refused.get("verdict").asText()).isEqualTo("CONNECT_REFUSED");
        assertThat(refused.get("failedStep").asText()).isEqualTo("CONNECT");
        assertThat(refused.get("errorCode").asText()).isEqualTo("curl:7");
        assertThat(refused.get("steps").get(1).get("ok").asBoolean()).isFalse();
    }

    @Test
    void shouldShowEachStepAndTheVerdictToAPersonAndExitZeroWhenAllIsWell() {
        Run r = run(args(healthy.address().toString()).toArray(String[]::new));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("directly (no proxy)", "trusting 1 CA certificate(s) of " + ca.pem())
                .containsPattern("RESOLVE +ok +[0-9.]+ ms +127.0.0.1")
                .containsPattern("TLS_HANDSHAKE +ok +[0-9.]+ ms +TLS")
                .containsPattern("HTTPS_REQUEST +ok +[0-9.]+ ms +HTTP/1.1 200")
                .contains("verdict: OK", "All targets OK.");
    }

    @Test
    void shouldReadTheProbesKeysFromACollectorsFileAndIgnoreTheRest() throws Exception {
        Path config = Files.writeString(
                dir.resolve("collector.properties"),
                String.join(
                        "\n",
                        "site=hel",
                        "logs=C:/ProgramData/F-Secure/Log/*.log",
                        "kafka.bootstrap.servers=kafka.invalid:9092",
                        "proxy=proxy.example.invalid:3128",
                        "probe.targets=" + healthy.address(),
                        "probe.timeout=3s",
                        ""));

        Run r = run("probe", "--config", config.toString(), "--set", "probe.truststore=" + ca.pem());

        assertThat(r.exit()).isEqualTo(ProbeCommand.EXIT_FAILED);
        assertThat(r.out())
                .contains("through proxy proxy.example.invalid:3128")
                .containsPattern("PROXY_RESOLVE +FAILED")
                .contains("verdict: PROXY_DNS at PROXY_RESOLVE (curl:5)", "1 of 1 target(s) failed.");
    }

    @Test
    void shouldExitTwoNamingTheKeyWhenTheConfigurationIsBad() {
        Run r = run("probe", "--set", "probe.targets=no-port.invalid", "--set", "probe.timout=1s");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'no-port.invalid' has no port", "unknown key probe.timout");
        assertThat(r.out()).isEmpty();
    }
}
