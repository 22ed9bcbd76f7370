package org.fleettelemetry.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleettelemetry.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeSettingsTest {
    @TempDir
    Path dir;

    private static Map<String, String> collector() {
        Map<String, String> m = new HashMap<>();
        m.put("site", "hel");
        m.put("logs", "/logs/*.log");
        m.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        m.put("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7");
        return m;
    }

    @Test
    void shouldProbeTheDoormanEveryFiveMinutesWhenNothingIsSaid() {
        ProbeSettings p = CollectorConfig.from(collector()).probe();

        assertThat(p.enabled()).isTrue();
        assertThat(p.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.jitter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.targets()).containsExactly(new HostPort("doorman.sc.fsapi.com", 443));
        assertThat(p.truststore()).isNull();
        assertThat(p.proxyUser()).isNull();
    }

    @Test
    void shouldWalkThroughTheEndpointsProxyWhenItHasOne() {
        Map<String, String> m = collector();
        m.put("proxy", "proxy.example.intern:3128");

        assertThat(CollectorConfig.from(m).probe().proxy()).contains(new HostPort("proxy.example.intern", 3128));
    }

    @Test
    void shouldReadTheProxyAsTheRegistrysValueIsWritten() {
        Map<String, String> m = collector();
        m.put("proxy", "http://Proxy.Example.Intern:3128/");

        assertThat(CollectorConfig.from(m).probe().proxy()).contains(new HostPort("proxy.example.intern", 3128));
    }

    @Test
    void shouldGoDirectWhenTheProxyIsDirect() {
        Map<String, String> m = collector();
        m.put("proxy", "DIRECT");

        assertThat(CollectorConfig.from(m).probe().proxy()).isEqualTo(Optional.empty());
    }

    @Test
    void shouldTakeThePortTheAgentAssumesWhenTheProxyNamesNone() {
        Map<String, String> m = collector();
        m.put("proxy", "proxy.example.intern");

        assertThat(CollectorConfig.from(m).probe().proxy()).contains(new HostPort("proxy.example.intern", 8080));
    }

    @Test
    void shouldNameEveryBadProbeKeyWhenSeveralAreWrong() {
        Map<String, String> m = collector();
        m.put("probe.interval", "soon");
        m.put("probe.timeout", "0s");
        m.put("probe.targets", "doorman.sc.fsapi.com, https://x.invalid/");
        m.put("probe.truststore", dir.resolve("missing.pem").toString());
        m.put("probe.enabeld", "true");

        assertThatThrownBy(() -> CollectorConfig.from(m))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("probe.interval='soon' is invalid")
                .hasMessageContaining("probe.timeout must be positive")
                .hasMessageContaining("'doorman.sc.fsapi.com' has no port")
                .hasMessageContaining("'https://x.invalid/' is not host:port")
                .hasMessageContaining("missing.pem: no such file")
                .hasMessageContaining("unknown key probe.enabeld");
    }

    @Test
    void shouldRefuseAnIntervalShorterThanTheTimeoutAndAJitterAsLongAsTheInterval() {
        Map<String, String> m = collector();
        m.put("probe.interval", "5s");
        m.put("probe.timeout", "10s");
        m.put("probe.jitter", "5s");

        assertThatThrownBy(() -> CollectorConfig.from(m))
                .hasMessageContaining("probe.interval (PT5S) must be at least probe.timeout (PT10S)")
                .hasMessageContaining("probe.jitter (PT5S) must be less than probe.interval (PT5S)");
    }

    @Test
    void shouldRefuseMoreTargetsThanTheSequenceHasSlotsFor() {
        Map<String, String> m = collector();
        StringBuilder targets = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            targets.append(i == 0 ? "" : ",").append("h").append(i).append(".invalid:443");
        }
        m.put("probe.targets", targets.toString());

        assertThatThrownBy(() -> CollectorConfig.from(m)).hasMessageContaining("lists 17 targets; at most 16");
    }

    @Test
    void shouldRefuseATruststoreThatHoldsNoCertificate() throws Exception {
        Path pem = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        Map<String, String> m = collector();
        m.put("probe.truststore", pem.toString());

        assertThatThrownBy(() -> CollectorConfig.from(m)).hasMessageContaining("probe.truststore=" + pem);
    }

    @Test
    void shouldRefuseAPasswordWithoutAUserAndMaskIt() {
        Map<String, String> m = collector();
        m.put("probe.proxy.password", "s3cret");

        assertThatThrownBy(() -> CollectorConfig.from(m))
                .hasMessageContaining("probe.proxy.password is set but probe.proxy.user is not");

        m.put("probe.proxy.user", "svc-probe");
        CollectorConfig c = CollectorConfig.from(m);
        assertThat(c.probe().proxyPassword()).isEqualTo("s3cret");
        assertThat(c.toString())
                .contains("probe.proxy.user=svc-probe", "probe.proxy.password=****")
                .doesNotContain("s3cret");
    }

    @Test
    void shouldKeepAnOddProxyValueWhenTheProbeIsOff() {
        Map<String, String> m = collector();
        m.put("proxy", "two words");
        m.put("probe.enabled", "false");

        assertThat(CollectorConfig.from(m).proxy()).isEqualTo("two words");

        m.put("probe.enabled", "true");
        assertThatThrownBy(() -> CollectorConfig.from(m)).hasMessageContaining("proxy='two words' cannot be probed");
    }

    @Test
    void shouldReadOnlyTheProbesKeysWhenTheCommandLineProbeReadsACollectorsFile() {
        Map<String, String> m = collector();
        m.put("proxy", "127.0.0.1:3128");
        m.put("probe.targets", "127.0.0.1:8443, [::1]:443");
        m.put("some.other.key", "left alone");

        ProbeSettings p = ProbeSettings.from(m);

        assertThat(p.targets()).containsExactly(new HostPort("127.0.0.1", 8443), new HostPort("::1", 443));
        assertThat(p.targets().get(1)).hasToString("[::1]:443");
        assertThat(p.proxyName()).isEqualTo("127.0.0.1:3128");

        m.put("probe.tragets", "x.invalid:443");
        assertThatThrownBy(() -> ProbeSettings.from(m)).hasMessageContaining("unknown key probe.tragets");
    }

    @Test
    void shouldParseHostAndPortStrictly() {
        assertThat(HostPort.parse("Doorman.SC.fsapi.com:443", -1)).isEqualTo(new HostPort("doorman.sc.fsapi.com", 443));
        assertThatThrownBy(() -> HostPort.parse("h.invalid:0", -1)).hasMessageContaining("not between 1 and 65535");
        assertThatThrownBy(() -> HostPort.parse("h.invalid:http", -1)).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> HostPort.parse("::1:443", -1)).hasMessageContaining("[address]:port");
        assertThatThrownBy(() -> HostPort.parse(":443", -1)).hasMessageContaining("host is empty");
        assertThat(List.of(HostPort.parse("[::1]", 8080))).containsExactly(new HostPort("::1", 8080));
    }
}
