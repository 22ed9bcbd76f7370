package org.fleettelemetry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fleettelemetry.collector.CollectorRuntime;
import org.fleettelemetry.collector.probe.LoopbackServers;
import org.fleettelemetry.collector.probe.TestCa;
import org.fleettelemetry.collector.probe.Tinyproxy;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18 end to end, every part real: collectors whose agents log nothing (their cache answers), each probing a
 * stand-in of the cloud (an HTTPS server on loopback with a certificate of a test CA the probe trusts) through a
 * real proxy (Debian's tinyproxy) that starts asking for authentication; the probe events go through the
 * collectors' shippers, the real broker and registry, to the streams app. The outage exists only in the probe
 * results: a SITE alert of class PROXY_AUTH opens, naming the failing step and the probe's confirmation. The proxy
 * is then restarted on the same port without authentication: the next probes pass and the alert resolves, with
 * no success in any agent log.
 */
@ExtendWith(KafkaStackExtension.class)
class ProbeOutageIT {
    private static final int ENDPOINTS = 5;

    @TempDir
    Path dir;

    @Test
    void shouldOpenAnAlertFromTheCollectorsProbesAloneAndResolveItWhenTheProxyIsFixed(KafkaStack stack)
            throws Exception {
        AppInstances.Topics topics = AppInstances.Topics.named(TestNames.of(ProbeOutageIT.class, "probe", ""));
        topics.create(stack);
        TestCa ca = TestCa.named("probe-outage-it cloud CA");
        Path proxyDir = Files.createDirectories(dir.resolve("proxy"));
        Map<String, String> detection = Map.of("detect.group.wait", "3s", "detect.population.warmup", "5s");

        try (LoopbackServers.Https cloud = new LoopbackServers.Https(ca.serverContext("ip:127.0.0.1"), 200);
                AppInstances app = AppInstances.start(1, stack, topics, dir.resolve("state"), detection);
                AlertLog soc = new AlertLog(stack, topics.alerts())) {
            Tinyproxy proxy = Tinyproxy.start(proxyDir, "fleet", "not-what-the-agent-sends");
            int proxyPort = proxy.address().port();
            await().atMost(Duration.ofMinutes(2)).until(app::allRunning);
            Path fleetDir = fleet(proxy, cloud, ca);

            try (CollectorRuntime collectors =
                    FleetCollectors.start(fleetDir, dir.resolve("collectors"), collectorSettings(stack, topics))) {
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ZERO)
                        .until(() -> soc.poll().stream().anyMatch(a -> a.getStatus() == AlertStatus.OPEN));
                ConnectivityAlert open = soc.alerts().get(0);
                assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
                assertThat(open.getScope()).isEqualTo(AlertScope.SITE);
                assertThat(open.getSite()).isEqualTo("hel");
                assertThat(open.getErrorClass()).isEqualTo("PROXY_AUTH");
                assertThat(open.getErrorCode()).isEqualTo("proxy:407");
                assertThat(open.getProbeFailedStep()).isEqualTo("PROXY_TUNNEL");
                assertThat(open.getProbeConfirmed())
                        .as("every affected endpoint's probe confirms it")
                        .isEqualTo(open.getProbeEndpoints())
                        .isEqualTo(open.getAffectedEndpoints());
                assertThat(open.getAffectedEndpoints()).isGreaterThanOrEqualTo(3);
                assertThat(open.getCause())
                        .contains("confirmed by active probe at " + open.getProbeConfirmed() + " of "
                                + open.getProbeEndpoints() + " endpoints (failing step: PROXY_TUNNEL");
                assertThat(open.getProbeDetail()).isEqualTo("PROXY_TUNNEL answered 407");

                // the proxy's authentication is dropped: the next probes pass; the agents still log nothing
                proxy.close();
                proxy = Tinyproxy.start(proxyDir, proxyPort, null, null);
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ZERO)
                        .until(() -> soc.poll().stream().anyMatch(a -> a.getStatus() == AlertStatus.RESOLVED));
                List<ConnectivityAlert> seen = soc.pollFor(Duration.ofSeconds(5));
                assertThat(seen).extracting(ConnectivityAlert::getAlertId).containsOnly(open.getAlertId());
                assertThat(seen.get(seen.size() - 1).getStatus()).isEqualTo(AlertStatus.RESOLVED);
                assertThat(cloud.answered())
                        .as("probes reached the cloud's stand-in")
                        .isPositive();
            } finally {
                proxy.close();
            }
        }
    }

    /** Endpoint folders of site hel: an empty agent log each (the cache answers) and the probe on, every 2 s. */
    private Path fleet(Tinyproxy proxy, LoopbackServers.Https cloud, TestCa ca) throws Exception {
        Path fleet = dir.resolve("fleet");
        for (int i = 1; i <= ENDPOINTS; i++) {
            Path endpoint = Files.createDirectories(fleet.resolve("hel-pc-" + i));
            Files.writeString(endpoint.resolve("fsscorplug.log"), "");
            Files.writeString(
                    endpoint.resolve("endpoint.properties"),
                    String.join(
                            "\n",
                            "site=hel",
                            "proxy=" + proxy.address(),
                            "zone=UTC",
                            "probe.enabled=true",
                            "probe.targets=" + cloud.address(),
                            "probe.truststore=" + ca.pem(),
                            "probe.interval=2s",
                            "probe.jitter=500ms",
                            "probe.timeout=1500ms",
                            ""));
        }
        return fleet;
    }

    private static Map<String, String> collectorSettings(KafkaStack stack, AppInstances.Topics topics) {
        Map<String, String> settings = new HashMap<>(DemoScenarioIT.collectorSettings(stack, topics));
        settings.put("heartbeat.interval", "2s");
        return settings;
    }
}
