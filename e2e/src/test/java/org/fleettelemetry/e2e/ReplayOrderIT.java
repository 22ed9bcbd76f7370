package org.fleettelemetry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.fleettelemetry.collector.CollectorRuntime;
import org.fleettelemetry.collector.sim.FleetLayout;
import org.fleettelemetry.collector.sim.FleetSimulator;
import org.fleettelemetry.collector.sim.Incident;
import org.fleettelemetry.collector.sim.Scenario;
import org.fleettelemetry.config.ConfigSource;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One fleet's logs replayed through real collectors into a fresh app, three times (at once, each into its own app and
 * topics), in three arrival orders: as the
 * collectors read them (every file of every endpoint at once), every endpoint's deepguard.log first and the other
 * files after it (the order that once turned the lookup failures of a firewalled site into an alert of their own),
 * and half the endpoints after the other half. The app runs with the default detection settings. Each replay must
 * raise the same alerts: the proxy whose name does not resolve and the firewall dropping the doorman, each a SITE
 * alert of its site; nothing about the lookups that fail behind them, nothing about the flaky host.
 */
@ExtendWith(KafkaStackExtension.class)
class ReplayOrderIT {
    private static final long SEED = Long.getLong("replay.seed", 20261206L);
    private static final int ENDPOINTS = 30;
    private static final int SITES = 3;
    /** The logs cover this much time before the replay; the incidents start a minute in and go on past its end. */
    private static final Duration LENGTH = Duration.ofMinutes(4);

    private static final Duration ALERTS_DEADLINE = Duration.ofSeconds(120);
    /**
     * Detection settings over the defaults, as {@code key=value,key=value}: {@code
     * -Dreplay.detection=detect.settle=0s,detect.population.warmup=0s} shows what the test catches without them.
     */
    private static final Map<String, String> DETECTION = ConfigSource.parsePairs(
            List.of(System.getProperty("replay.detection", "").split(",")).stream()
                    .filter(p -> !p.isBlank())
                    .toList());
    /** After the expected alerts: what would follow them (a false alert beside them) has the time to show. */
    private static final Duration QUIET = Duration.ofSeconds(20);

    enum Order {
        AS_READ,
        LOOKUPS_FIRST,
        HALF_LATE
    }

    @TempDir
    Path dir;

    @Test
    void shouldRaiseTheSameAlertsWhateverOrderTheReplayArrivesIn(KafkaStack stack) throws Exception {
        FleetLayout layout = FleetLayout.of(ENDPOINTS, SITES, SEED);
        String proxySite = layout.sites().get(0);
        String firewallSite = layout.sites().get(1);
        String flakySite = layout.sites().get(2);
        Duration start = Duration.ofMinutes(1);
        Duration end = LENGTH.plusHours(1);
        Scenario scenario = new Scenario(
                List.of(
                        new Incident(
                                Incident.Kind.PROXY_DNS, proxySite, layout.firstProxy(proxySite), null, start, end),
                        new Incident(Incident.Kind.FIREWALL, firewallSite, null, null, start, end),
                        new Incident(
                                Incident.Kind.FLAKY_HOST,
                                flakySite,
                                null,
                                layout.someEndpoint(flakySite, 2),
                                Duration.ZERO,
                                end)),
                LENGTH);
        Path fleetDir = dir.resolve("fleet");
        writeLogs(fleetDir, layout, scenario);

        // the three replays run at once, each into its own app and topics: each takes about a minute of waiting
        // (the sites' warm-up and settle, then the quiet period), and one replay's order does not touch another's
        Map<Order, Future<Set<String>>> running = new LinkedHashMap<>();
        ExecutorService replays = Executors.newFixedThreadPool(Order.values().length);
        try {
            for (Order order : Order.values()) {
                running.put(order, replays.submit(() -> replay(stack, fleetDir, order, layout)));
            }
        } finally {
            replays.shutdown();
        }
        Map<Order, Set<String>> results = new LinkedHashMap<>();
        for (Map.Entry<Order, Future<Set<String>>> e : running.entrySet()) {
            results.put(e.getKey(), e.getValue().get(6, TimeUnit.MINUTES));
            System.out.println("ReplayOrderIT " + e.getKey() + ": " + results.get(e.getKey()));
        }
        assertThat(results.get(Order.AS_READ))
                .as("the incidents of the logs, each a SITE alert of its site, and nothing else")
                .hasSize(2)
                .anyMatch(k -> k.startsWith("SITE " + proxySite + " ") && k.endsWith(" PROXY_DNS"))
                .anyMatch(k -> k.startsWith("SITE " + firewallSite + " ") && k.endsWith(" TIMEOUT"));
        assertThat(results.values()).as("every arrival order").allMatch(results.get(Order.AS_READ)::equals);
    }

    /** The simulator writes the whole scenario at once, with a clock that runs through it. */
    private static void writeLogs(Path fleetDir, FleetLayout layout, Scenario scenario) {
        Instant from = Instant.now().minus(scenario.length());
        Instant[] now = {from};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        try (FleetSimulator simulator = new FleetSimulator(fleetDir, layout, scenario, clock, SEED, false)) {
            while (!simulator.finished()) {
                simulator.tick();
                now[0] = now[0].plusSeconds(1);
            }
            simulator.tick();
            System.out.println("ReplayOrderIT: " + simulator.linesWritten() + " lines written");
        }
    }

    private Set<String> replay(KafkaStack stack, Path fleetDir, Order order, FleetLayout layout) throws Exception {
        AppInstances.Topics topics = AppInstances.Topics.named(
                TestNames.of(ReplayOrderIT.class, "replay", order.name().toLowerCase(java.util.Locale.ROOT)));
        topics.create(stack);
        Path collectors = dir.resolve("collectors-" + order);
        Map<String, String> settings = DemoScenarioIT.collectorSettings(stack, topics);
        try (AppInstances app = AppInstances.start(1, stack, topics, dir.resolve("state-" + order), DETECTION);
                AlertLog soc = new AlertLog(stack, topics.alerts())) {
            await().atMost(Duration.ofMinutes(2)).until(app::allRunning);
            long t0 = System.nanoTime();
            switch (order) {
                case AS_READ -> ship(fleetDir, collectors, settings, id -> true, "*.log");
                case LOOKUPS_FIRST -> {
                    ship(fleetDir, collectors, settings, id -> true, "deepguard.log");
                    ship(fleetDir, collectors, settings, id -> true, "*.log");
                }
                case HALF_LATE -> {
                    Set<String> first = new TreeSet<>();
                    for (int i = 0; i < layout.endpoints().size(); i += 2) {
                        first.add(layout.endpoints().get(i).id());
                    }
                    ship(fleetDir, collectors, settings, first::contains, "*.log");
                    ship(fleetDir, collectors, settings, Predicate.not(first::contains), "*.log");
                }
            }
            System.out.printf("ReplayOrderIT %s: shipped in %.1f s%n", order, (System.nanoTime() - t0) / 1e9);
            long deadline = System.nanoTime() + ALERTS_DEADLINE.toNanos();
            while (System.nanoTime() < deadline && keys(soc.poll()).size() < 2) {
                // polls for half a second each time
            }
            return keys(soc.pollFor(QUIET));
        }
    }

    /** Real collectors for the chosen endpoints and files, until every line they read is acknowledged. */
    private static void ship(
            Path fleetDir, Path stateRoot, Map<String, String> settings, Predicate<String> endpoints, String files) {
        try (CollectorRuntime runtime = FleetCollectors.start(fleetDir, stateRoot, settings, endpoints, files)) {
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(100))
                    .until(runtime::isCaughtUp);
        }
    }

    /** The alerts that opened, by scope, site (or sites), proxy and class. */
    private static Set<String> keys(List<ConnectivityAlert> alerts) {
        Set<String> keys = new TreeSet<>();
        for (ConnectivityAlert a : alerts) {
            if (a.getStatus() == AlertStatus.OPEN) {
                keys.add(a.getScope() + " " + (a.getSite() == null ? a.getSites() : a.getSite()) + " " + a.getProxy()
                        + " " + a.getErrorClass());
            }
        }
        return keys;
    }
}
