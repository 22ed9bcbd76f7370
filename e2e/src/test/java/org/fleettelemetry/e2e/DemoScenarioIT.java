package org.fleettelemetry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.fleettelemetry.collector.CollectorRuntime;
import org.fleettelemetry.collector.sim.FleetLayout;
import org.fleettelemetry.collector.sim.FleetSimulator;
import org.fleettelemetry.collector.sim.Incident;
import org.fleettelemetry.collector.sim.Scenario;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end, with shorter timings: the fleet simulator writes agent logs in real time, real collectors
 * tail them ({@code replay --follow}), two streams-app instances share the work on the real broker and registry,
 * and the SOC reads the alerts topic read_committed. Each scripted incident must give exactly one alert, OPEN
 * first and RESOLVED last, with the right scope, cause and remediation; the flaky host and the symptoms of the
 * incidents (failed lookups behind a broken proxy) must give none.
 */
@ExtendWith(KafkaStackExtension.class)
class DemoScenarioIT {
    private static final long SEED = Long.getLong("demo.seed", 20211112L);
    private static final int ENDPOINTS = 40;
    private static final int SITES = 4;
    /** Proxy and firewall incidents of 54 s, the cloud slowdown 27 s; the scenario lasts 126 s. */
    private static final double SCALE = 0.3;
    /**
     * Shortened consistently: a failure counts 30 s, an endpoint is active 2 min, calm 30 s resolves. The group wait
     * must outlast the simulated agents' contact cadence (doorman every 10 s, lookups every 8 s): when a proxy
     * breaks, lookups fail before the next doorman contact shows the proxy is down, and only that contact tells a
     * lookup outage from a symptom of the proxy's. The default (30 s) has the same margin over real agents.
     */
    static final Map<String, String> DETECTION = Map.of(
            "detect.group.wait", "15s",
            "detect.evaluation.period", "30s",
            "detect.active.window", "2m",
            "detect.resolve.after", "30s",
            "evaluate.interval", "2s");
    /**
     * A simulated failure line carries the time its agent was due, and the simulator decides at its tick which
     * incidents are in force: on a loaded machine a tick is late, so edges blur by this much.
     */
    private static final Duration EDGE = Duration.ofSeconds(10);

    private static final String DOORMAN = "doorman.sc.fsapi.com";

    @TempDir
    Path dir;

    @Test
    void shouldRaiseExactlyTheScriptedAlertsWhenTheDemoScenarioPlays(KafkaStack stack) throws Exception {
        System.out.println("DemoScenarioIT seed=" + SEED + " (rerun with -Ddemo.seed=" + SEED + ")");
        long t0 = System.nanoTime();
        AppInstances.Topics topics = AppInstances.Topics.named(TestNames.of(DemoScenarioIT.class, "demo", ""));
        topics.create(stack);
        FleetLayout layout = FleetLayout.of(ENDPOINTS, SITES, SEED);
        Scenario scenario = Scenario.demo(layout, SCALE);

        try (AppInstances apps = AppInstances.start(2, stack, topics, dir.resolve("state"), DETECTION);
                AlertLog soc = new AlertLog(stack, topics.alerts())) {
            await().atMost(Duration.ofMinutes(3)).until(apps::allRunning);
            long running = System.nanoTime();
            Instant simStart = Instant.now();
            FleetSimulator simulator =
                    new FleetSimulator(dir.resolve("fleet"), layout, scenario, Clock.systemUTC(), SEED, false);
            try (SimulatorThread ticking = new SimulatorThread(simulator).start();
                    CollectorRuntime collectors = FleetCollectors.start(
                            dir.resolve("fleet"), dir.resolve("collectors"), collectorSettings(stack, topics))) {
                // until the scenario is over and every alert seen is resolved; a deadline, not a pace
                long deadline =
                        System.nanoTime() + scenario.length().plusMinutes(2).toNanos();
                while (System.nanoTime() < deadline && !(ticking.finished() && allResolved(soc.poll(), 3))) {
                    ticking.rethrow();
                }
                // whatever would follow the last RESOLVED (a late symptom alert, a duplicate) has time to show
                soc.pollFor(Duration.ofSeconds(15));
                System.out.printf(
                        "DemoScenarioIT: apps RUNNING after %d s, scenario of %d s, done after %d s;"
                                + " %d lines simulated, %d read by the collectors%n",
                        seconds(t0, running),
                        scenario.length().toSeconds(),
                        seconds(t0, System.nanoTime()),
                        simulator.linesWritten(),
                        collectors.collectors().stream()
                                .mapToLong(c -> c.tailer().linesRead())
                                .sum());
            }
            List<ConnectivityAlert> alerts = soc.alerts();
            System.out.println(describe(alerts, simStart, scenario));
            assertScriptedAlerts(alerts, layout, scenario, simStart);
        }
    }

    static Map<String, String> collectorSettings(KafkaStack stack, AppInstances.Topics topics) {
        return Map.of(
                "kafka.bootstrap.servers", stack.bootstrapServers(),
                "schema.registry.url", stack.registryUrl(),
                "topic.events", topics.events(),
                "topic.heartbeats", topics.heartbeats(),
                "heartbeat.interval", "5s",
                "poll.interval", "500ms",
                "idle.flush", "500ms");
    }

    private static void assertScriptedAlerts(
            List<ConnectivityAlert> alerts, FleetLayout layout, Scenario scenario, Instant simStart) {
        Map<String, List<ConnectivityAlert>> byId = byAlertId(alerts);
        byId.values().forEach(DemoScenarioIT::assertLifecycle);
        assertThat(byId.values())
                .as("one alert per scripted incident, nothing else")
                .extracting(events -> events.get(0).getErrorClass())
                .containsExactlyInAnyOrder("PROXY_DNS", "TIMEOUT", "TLS_INSPECTION", "CLOUD_LOOKUP");

        String proxySite = layout.sites().get(0);
        String proxy = layout.firstProxy(proxySite);
        List<ConnectivityAlert> proxyDns = only(byId, "PROXY_DNS");
        for (ConnectivityAlert a : proxyDns) {
            assertThat(a.getScope()).isEqualTo(AlertScope.SITE);
            assertThat(a.getSite()).isEqualTo(proxySite);
            assertThat(a.getProxy()).isEqualTo(proxy);
            assertThat(a.getCause()).contains(proxy);
            assertThat(a.getRemediation())
                    .anySatisfy(step -> assertThat(step)
                            .contains("HKEY_LOCAL_MACHINE\\SOFTWARE\\F-Secure\\Ultralight\\Settings\\proxy"));
            assertThat(a.getRemediationSteps())
                    .anySatisfy(step -> assertThat(step.getCommands())
                            .containsExactly(
                                    "net stop fsulnethoster",
                                    "del /q \"C:\\Windows\\ServiceProfiles\\NetworkService\\AppData\\Local\\F-Secure\\fsscor\\*\"",
                                    "net start fsulnethoster"));
        }
        assertWithin(proxyDns, incident(scenario, Incident.Kind.PROXY_DNS), simStart);

        String firewallSite = layout.sites().get(1);
        List<ConnectivityAlert> firewall = only(byId, "TIMEOUT");
        for (ConnectivityAlert a : firewall) {
            assertThat(a.getScope()).isEqualTo(AlertScope.SITE);
            assertThat(a.getSite()).isEqualTo(firewallSite);
            assertThat(a.getTargetHosts()).contains(DOORMAN);
            assertThat(a.getCause()).contains(DOORMAN);
            assertThat(a.getRemediation()).anySatisfy(step -> assertThat(step).contains(DOORMAN));
        }
        assertWithin(firewall, incident(scenario, Incident.Kind.FIREWALL), simStart);

        // the hub several sites share inspects TLS: one proxy outage naming it, with its sites, not a FLEET alert
        List<ConnectivityAlert> hub = only(byId, "TLS_INSPECTION");
        for (ConnectivityAlert a : hub) {
            assertThat(a.getOutageScope()).isEqualTo(OutageScope.PROXY);
            assertThat(a.getScope()).as("for readers of the first schema").isEqualTo(AlertScope.FLEET);
            assertThat(a.getProxy()).isEqualTo(FleetLayout.HUB);
            assertThat(a.getSite()).isNull();
            assertThat(a.getSites()).containsExactlyInAnyOrderElementsOf(layout.sitesUsing(FleetLayout.HUB));
            assertThat(a.getCause()).contains(FleetLayout.HUB).doesNotContain("vendor's cloud or the internet path");
            assertThat(a.getRemediationSteps().get(0).getText()).contains(FleetLayout.HUB);
        }
        assertWithin(hub, incident(scenario, Incident.Kind.TLS_INSPECTION), simStart);

        List<ConnectivityAlert> cloud = only(byId, "CLOUD_LOOKUP");
        for (ConnectivityAlert a : cloud) {
            assertThat(a.getScope()).isEqualTo(AlertScope.FLEET);
            assertThat(a.getOutageScope()).isEqualTo(OutageScope.FLEET);
            assertThat(a.getSite()).isNull();
            assertThat(a.getProxy()).isNull();
            assertThat(a.getSites()).hasSizeGreaterThanOrEqualTo(2).isSubsetOf(layout.sites());
            assertThat(a.getCause()).contains("several sites at once");
        }
        assertWithin(cloud, incident(scenario, Incident.Kind.CLOUD_SLOW), simStart);

        Incident flaky = incident(scenario, Incident.Kind.FLAKY_HOST);
        assertThat(alerts)
                .as("nothing about the flaky host or its site")
                .noneMatch(a -> flaky.site().equals(a.getSite()))
                .noneMatch(a -> a.getScope() != AlertScope.FLEET
                        && a.getSampleEndpoints().contains(flaky.endpoint()))
                .noneMatch(a -> "CONNECT_REFUSED".equals(a.getErrorClass()));
    }

    /** OPEN, then UPDATEs, then RESOLVED, revisions 1, 2, 3..., all about the same outage. */
    static void assertLifecycle(List<ConnectivityAlert> events) {
        String id = events.get(0).getAlertId();
        assertThat(events).as("events of %s", id).hasSizeGreaterThanOrEqualTo(2);
        assertThat(events.get(0).getStatus()).as("first event of %s", id).isEqualTo(AlertStatus.OPEN);
        assertThat(events.get(events.size() - 1).getStatus())
                .as("last event of %s", id)
                .isEqualTo(AlertStatus.RESOLVED);
        assertThat(events.subList(1, events.size() - 1))
                .as("events between OPEN and RESOLVED of %s", id)
                .extracting(ConnectivityAlert::getStatus)
                .allMatch(status -> status == AlertStatus.UPDATE);
        for (int i = 0; i < events.size(); i++) {
            ConnectivityAlert e = events.get(i);
            assertThat(e.getRevision()).as("revision of event %d of %s", i, id).isEqualTo(i + 1);
            assertThat(List.of(
                            e.getScope(), String.valueOf(e.getSite()), String.valueOf(e.getProxy()), e.getErrorClass()))
                    .as("what event %d of %s is about", i, id)
                    .isEqualTo(List.of(
                            events.get(0).getScope(),
                            String.valueOf(events.get(0).getSite()),
                            String.valueOf(events.get(0).getProxy()),
                            events.get(0).getErrorClass()));
        }
    }

    /** The alert opened while its incident was on, and resolved once it was over. */
    private static void assertWithin(List<ConnectivityAlert> events, Incident incident, Instant simStart) {
        Instant start = simStart.plus(incident.start());
        Instant end = simStart.plus(incident.end());
        ConnectivityAlert resolved = events.get(events.size() - 1);
        assertThat(events.get(0).getOpenedAt())
                .as("opened during %s", incident.kind())
                .isBetween(start.minus(EDGE), end);
        assertThat(resolved.getResolvedAt())
                .as("resolved after %s", incident.kind())
                .isAfter(end.minus(EDGE));
    }

    private static List<ConnectivityAlert> only(Map<String, List<ConnectivityAlert>> byId, String errorClass) {
        return byId.values().stream()
                .filter(events -> events.get(0).getErrorClass().equals(errorClass))
                .findFirst()
                .orElseThrow();
    }

    private static Incident incident(Scenario scenario, Incident.Kind kind) {
        return scenario.incidents().stream()
                .filter(i -> i.kind() == kind)
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, List<ConnectivityAlert>> byAlertId(List<ConnectivityAlert> alerts) {
        return alerts.stream()
                .collect(Collectors.groupingBy(ConnectivityAlert::getAlertId, LinkedHashMap::new, Collectors.toList()));
    }

    private static boolean allResolved(List<ConnectivityAlert> alerts, int atLeast) {
        Map<String, List<ConnectivityAlert>> byId = byAlertId(alerts);
        return byId.size() >= atLeast
                && byId.values().stream()
                        .allMatch(events -> events.get(events.size() - 1).getStatus() == AlertStatus.RESOLVED);
    }

    private static String describe(List<ConnectivityAlert> alerts, Instant simStart, Scenario scenario) {
        StringBuilder out = new StringBuilder("DemoScenarioIT: the scenario (s after its start):\n");
        for (Incident i : scenario.incidents()) {
            out.append(String.format(
                    "  %-12s %-4s %5.1f .. %5.1f%n",
                    i.kind(),
                    i.site() == null ? "all" : i.site(),
                    i.start().toMillis() / 1000.0,
                    i.end().toMillis() / 1000.0));
        }
        out.append("DemoScenarioIT: the alerts the SOC read (")
                .append(alerts.size())
                .append("):\n");
        for (ConnectivityAlert a : alerts) {
            Instant at = a.getStatus() == AlertStatus.RESOLVED ? a.getResolvedAt() : a.getOpenedAt();
            out.append(String.format(
                    "  %6.1f s %-8s r%d %-5s %-4s %-28s %-12s %-10s %d/%d %s%n",
                    Duration.between(simStart, at).toMillis() / 1000.0,
                    a.getStatus(),
                    a.getRevision(),
                    a.getScope(),
                    a.getSite() == null ? "-" : a.getSite(),
                    a.getProxy() == null ? "-" : a.getProxy(),
                    a.getErrorClass(),
                    a.getErrorCode(),
                    a.getAffectedEndpoints(),
                    a.getActiveEndpoints(),
                    a.getAlertId()));
        }
        return out.toString();
    }

    private static long seconds(long from, long to) {
        return Duration.ofNanos(to - from).toSeconds();
    }
}
