package org.fleettelemetry.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.collector.parse.LogFiles;
import org.fleettelemetry.config.ConfigException;
import org.fleettelemetry.config.ConfigSource;
import org.fleettelemetry.schemas.avro.LogFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged collector.properties is a configuration the collector accepts once the admin fills in three keys. */
class ConfigTemplateTest {
    private static final Map<String, String> ADMIN_SETS = Map.of(
            "site", "hel",
            "kafka.bootstrap.servers", "kafka1.example.com:9093",
            "schema.registry.url", "https://registry.example.com");

    @TempDir
    static Path dir;

    static Map<String, String> template;
    static String templateText;

    @BeforeAll
    static void read() throws Exception {
        try (WindowsPackage pkg = WindowsPackage.built()) {
            template = ConfigSource.readProperties(pkg.extract("collector.properties", dir));
            templateText = pkg.text("collector.properties");
        }
    }

    @Test
    void shouldBeAcceptedByTheCollectorWhenTheAdminSetsSiteKafkaAndRegistry() {
        CollectorConfig config = CollectorConfig.from(withAdminSettings(template));

        assertThat(config.site()).isEqualTo("hel");
        assertThat(config.product()).isEqualTo("Elements EPP for Computers");
        assertThat(config.stateDir()).isEqualTo(Path.of("C:/ProgramData/fleet-telemetry/collector/state"));
        assertThat(config.metricsPort()).isZero();
    }

    @Test
    void shouldLeaveExactlySiteKafkaAndRegistryToTheAdminWhenInstalled() {
        assertThatThrownBy(() -> CollectorConfig.from(template))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .containsExactlyInAnyOrder(
                                        "site is required",
                                        "kafka.bootstrap.servers is required",
                                        "schema.registry.url is required"));
    }

    @Test
    void shouldTailTheFourWorkstationLogsWhenUnchanged() {
        List<String> logs = CollectorConfig.from(withAdminSettings(template)).logs();

        assertThat(logs)
                .map(LogFiles::fromFileName)
                .doesNotContain(LogFile.OTHER)
                .containsOnly(LogFile.FSSCORPLUG, LogFile.SPPLUG, LogFile.CCF_PLUGIN_STATE, LogFile.DEEPGUARD);
        assertThat(logs).allMatch(p -> p.startsWith("C:/ProgramData/F-Secure/Log/"));
    }

    @Test
    void shouldAlsoTailTransportAgentWhenTheServerLineIsChosen() {
        Map<String, String> server = withAdminSettings(template);
        server.put("logs", commentedValue("logs"));

        List<String> logs = CollectorConfig.from(server).logs();

        assertThat(logs)
                .map(LogFiles::fromFileName)
                .doesNotContain(LogFile.OTHER)
                .containsOnly(
                        LogFile.FSSCORPLUG,
                        LogFile.SPPLUG,
                        LogFile.CCF_PLUGIN_STATE,
                        LogFile.DEEPGUARD,
                        LogFile.TRANSPORT_AGENT);
    }

    @Test
    void shouldOfferOnlyKeysTheCollectorAcceptsWhenACommentedExampleIsEnabled() {
        Map<String, String> all = withAdminSettings(template);
        for (String key : List.of(
                "endpoint.id",
                "proxy",
                "zone",
                "kafka.producer.security.protocol",
                "kafka.producer.sasl.mechanism",
                "kafka.producer.sasl.jaas.config",
                "basic.auth.credentials.source",
                "basic.auth.user.info",
                "probe.enabled",
                "probe.interval",
                "probe.jitter",
                "probe.timeout",
                "probe.targets")) {
            all.put(key, commentedValue(key));
        }
        all.put("endpoint.id", "pc-0001");
        all.put("proxy", "http://proxy.example.intern:3128");

        CollectorConfig config = CollectorConfig.from(all);

        assertThat(config.producer()).containsKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config");
        assertThat(config.registry()).containsEntry("basic.auth.credentials.source", "USER_INFO");
        assertThat(config.zone().getId()).isEqualTo("Europe/Helsinki");
        assertThat(config.probe().targets()).hasToString("[doorman.sc.fsapi.com:443]");
        assertThat(config.probe().proxyName()).isEqualTo("proxy.example.intern:3128");
    }

    private static Map<String, String> withAdminSettings(Map<String, String> values) {
        Map<String, String> all = new TreeMap<>(values);
        all.putAll(ADMIN_SETS);
        return all;
    }

    /** The value of a commented-out example line {@code #key=value} in the template. */
    private static String commentedValue(String key) {
        return Arrays.stream(templateText.split("\r?\n"))
                .filter(line -> line.startsWith("#" + key + "="))
                .map(line -> line.substring(key.length() + 2))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no commented example for " + key + " in the template"));
    }
}
