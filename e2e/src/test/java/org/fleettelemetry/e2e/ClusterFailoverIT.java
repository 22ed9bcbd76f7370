package org.fleettelemetry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.fleettelemetry.collector.CollectorRuntime;
import org.fleettelemetry.collector.metrics.CollectorMeters;
import org.fleettelemetry.collector.sim.FleetLayout;
import org.fleettelemetry.collector.sim.FleetSimulator;
import org.fleettelemetry.collector.sim.Incident;
import org.fleettelemetry.collector.sim.Scenario;
import org.fleettelemetry.collector.sim.SimEndpoint;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.stack.junit.LocalKafkaStack;
import org.fleettelemetry.stack.junit.TestNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on three local brokers (replication 3, min.insync.replicas 2) with two streams-app instances as child
 * JVMs: real collectors ship a simulated fleet's logs with one scripted proxy DNS outage, and while the outage is open
 * the broker leading the alerts partition and the instance owning the outage's site are both killed (SIGKILL). The
 * outage must still give exactly one alert, OPEN then RESOLVED, read_committed; the remaining instance must answer the
 * query API for the site and for endpoints the killed one owned (503 only while it takes over, never 500); and every
 * event the collectors shipped, also while the broker was down, must be on the events topic.
 */
class ClusterFailoverIT {
    private static final long SEED = Long.getLong("cluster.seed", 20211112L);
    private static final int ENDPOINTS = 40;
    private static final int SITES = 4;
    private static final int BROKERS = 3;
    private static final Duration OUTAGE_START = Duration.ofSeconds(15);
    private static final Duration OUTAGE_END = Duration.ofSeconds(75);
    private static final Duration SCENARIO = Duration.ofSeconds(90);
    /** Deadlines, not paces: on two busy cores a takeover (session timeout, transaction timeout, restore) is slow. */
    private static final Duration RECOVERY_DEADLINE = Duration.ofMinutes(2);

    private static final int ENDPOINT_KEYS_CHECKED = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldPublishEachAlertOnceAndKeepAnsweringWhenABrokerAndAnInstanceAreKilled() throws Exception {
        System.out.println("ClusterFailoverIT seed=" + SEED + " (rerun with -Dcluster.seed=" + SEED + ")");
        long t0 = System.nanoTime();
        try (LocalKafkaStack cluster = LocalKafkaStack.start(dir.resolve("cluster"), BROKERS)) {
            long clusterUp = System.nanoTime();
            AppInstances.Topics topics =
                    AppInstances.Topics.named(TestNames.of(ClusterFailoverIT.class, "failover", ""));
            topics.create(cluster);
            assertReplicatedThreeTimes(cluster, topics);

            FleetLayout layout = FleetLayout.of(ENDPOINTS, SITES, SEED);
            String site = layout.sites().get(0);
            String proxy = layout.firstProxy(site);
            Scenario scenario = new Scenario(
                    List.of(new Incident(Incident.Kind.PROXY_DNS, site, proxy, null, OUTAGE_START, OUTAGE_END)),
                    SCENARIO);
            Map<String, String> settings = new HashMap<>(DemoScenarioIT.DETECTION);
            settings.put("kafka.streams.num.standby.replicas", "1");

            // the apps' logs outlive the test, for a look after a failure
            Path appsDir = Files.createDirectories(Path.of("target"))
                    .resolve("cluster-failover-it-" + System.currentTimeMillis());
            System.out.println("ClusterFailoverIT: streams-app logs and state in " + appsDir.toAbsolutePath());
            try (AppProcesses apps = AppProcesses.start(List.of("a", "b"), cluster, topics, appsDir, settings);
                    AlertLog soc = new AlertLog(cluster, topics.alerts())) {
                await().atMost(Duration.ofMinutes(4))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(apps::allReady);
                long appsUp = System.nanoTime();
                FleetSimulator simulator =
                        new FleetSimulator(dir.resolve("fleet"), layout, scenario, Clock.systemUTC(), SEED, false);
                try (SimulatorThread ticking = new SimulatorThread(simulator).start();
                        CollectorRuntime collectors = FleetCollectors.start(
                                dir.resolve("fleet"),
                                dir.resolve("collectors"),
                                DemoScenarioIT.collectorSettings(cluster, topics))) {
                    long deadline = System.nanoTime() + SCENARIO.plusMinutes(4).toNanos();
                    while (soc.poll().stream().noneMatch(a -> a.getStatus() == AlertStatus.OPEN)) {
                        ticking.rethrow();
                        assertThat(System.nanoTime())
                                .as(() -> "the outage opened in time; " + progress(collectors, apps, site))
                                .isLessThan(deadline);
                    }

                    // the broker every alert write goes through, and the instance deciding the outage's site
                    int broker = leaderOf(cluster, topics.alerts());
                    AppProcesses.Instance victim = apps.at(servedBy(apps, apps.instance("a"), "/api/v1/sites/" + site));
                    AppProcesses.Instance survivor = apps.all().stream()
                            .filter(i -> i != victim)
                            .findFirst()
                            .orElseThrow();
                    List<String> victimsKeys = endpointsServedBy(apps, survivor, victim, layout);
                    assertThat(victimsKeys)
                            .as("endpoints whose status %s owns", victim.name())
                            .isNotEmpty();

                    Instant brokerDown = Instant.now();
                    cluster.killBroker(broker);
                    apps.kill(victim.name());
                    long killed = System.nanoTime();
                    Map<Integer, Integer> statuses = new TreeMap<>();
                    List<String> paths = new ArrayList<>(List.of("/api/v1/outages", "/api/v1/sites/" + site));
                    victimsKeys.stream().limit(ENDPOINT_KEYS_CHECKED).forEach(k -> paths.add("/api/v1/endpoints/" + k));
                    awaitAnswers(apps, survivor, victim, paths, statuses, soc, ticking);
                    long recovered = System.nanoTime();

                    cluster.startBroker(broker);
                    Instant brokerUp = Instant.now();

                    while (!(ticking.finished() && resolved(soc.poll()) && collectors.isCaughtUp())) {
                        assertThat(System.nanoTime())
                                .as(() -> "the outage resolved and the collectors caught up in" + " time; "
                                        + progress(collectors, apps, site))
                                .isLessThan(deadline);
                    }
                    // whatever would follow the RESOLVED (a duplicate from the takeover) has time to show
                    soc.pollFor(Duration.ofSeconds(10));

                    Map<String, Instant> events = EventLog.read(cluster, topics.events(), Duration.ofMinutes(1));
                    long shipped = count(collectors, CollectorMeters.EVENTS_PARSED)
                            + count(collectors, CollectorMeters.EVENTS_UNPARSED);
                    long whileDown = events.values().stream()
                            .filter(at -> !at.isBefore(brokerDown) && at.isBefore(brokerUp))
                            .count();
                    List<ConnectivityAlert> alerts = soc.alerts();
                    System.out.printf(
                            "ClusterFailoverIT: %d brokers up in %d s, 2 instances RUNNING after %d s more;"
                                    + " killed broker %d and instance %s (owner of %s and %d endpoints); query API"
                                    + " of %s answered again %.1f s later (statuses while it took over: %s); events"
                                    + " in: %d shipped, %d on the topic, %d taken while broker %d was down (%d s),"
                                    + " %d spooled; alerts out: %d (%s); total %d s%n",
                            BROKERS,
                            seconds(t0, clusterUp),
                            seconds(clusterUp, appsUp),
                            broker,
                            victim.name(),
                            site,
                            victimsKeys.size(),
                            survivor.name(),
                            (recovered - killed) / 1e9,
                            statuses,
                            shipped,
                            events.size(),
                            whileDown,
                            broker,
                            Duration.between(brokerDown, brokerUp).toSeconds(),
                            count(collectors, CollectorMeters.EVENTS_SPOOLED),
                            alerts.size(),
                            alerts.stream()
                                    .map(a -> a.getStatus() + " r" + a.getRevision())
                                    .toList(),
                            seconds(t0, System.nanoTime()));

                    assertExactlyOneOutageAlert(alerts, site, proxy);
                    assertThat(count(collectors, CollectorMeters.EVENTS_REJECTED))
                            .as("events Kafka refused")
                            .isZero();
                    assertThat(events)
                            .as("every event the collectors shipped is on the topic")
                            .hasSize((int) shipped);
                    assertThat(whileDown)
                            .as("events acknowledged by two of three brokers while one was down")
                            .isPositive();
                }
            }
        }
    }

    private static void assertReplicatedThreeTimes(LocalKafkaStack cluster, AppInstances.Topics topics)
            throws Exception {
        List<String> names = List.of(topics.events(), topics.heartbeats(), topics.alerts(), topics.deadLetter());
        try (Admin admin = Admin.create(cluster.adminConfig())) {
            // the broker asked may not have the new topics in its metadata yet (UnknownTopicOrPartition): ask again
            Map<String, TopicDescription> described = await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS), d -> d != null);
            assertThat(described.values())
                    .allSatisfy(d -> assertThat(d.partitions())
                            .allSatisfy(p -> assertThat(p.replicas())
                                    .as("replicas of %s-%d", d.name(), p.partition())
                                    .hasSize(3)));
        }
        assertThat(cluster.minInsyncReplicas()).isEqualTo(2);
    }

    private static int leaderOf(LocalKafkaStack cluster, String topic) throws Exception {
        try (Admin admin = Admin.create(cluster.adminConfig())) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .get(0)
                    .leader()
                    .id();
        }
    }

    /** The instance that answered a key lookup (the key's active owner), as {@code host:port}. */
    private static String servedBy(AppProcesses apps, AppProcesses.Instance at, String path) {
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> answer.updateAndGet(ignored -> apps.get(at, path)).statusCode() == 200);
        return answer.get().headers().firstValue("X-Fleet-Served-By").orElseThrow();
    }

    private static List<String> endpointsServedBy(
            AppProcesses apps, AppProcesses.Instance asking, AppProcesses.Instance owner, FleetLayout layout) {
        List<String> owned = new ArrayList<>();
        for (SimEndpoint e : layout.endpoints()) {
            HttpResponse<String> r = apps.get(asking, "/api/v1/endpoints/" + e.id());
            if (r.statusCode() == 200
                    && r.headers().firstValue("X-Fleet-Served-By").orElse("").equals(owner.address())) {
                owned.add(e.id());
            }
        }
        return owned;
    }

    /**
     * Asks the remaining instance every path until each is answered 200 by itself (a collection no longer partial);
     * meanwhile only 503 (with Retry-After) is acceptable. The SOC keeps reading in between.
     */
    private static void awaitAnswers(
            AppProcesses apps,
            AppProcesses.Instance survivor,
            AppProcesses.Instance victim,
            List<String> paths,
            Map<Integer, Integer> statuses,
            AlertLog soc,
            SimulatorThread ticking) {
        long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
        while (true) {
            boolean allAnswered = true;
            for (String path : paths) {
                HttpResponse<String> r = apps.get(survivor, path);
                statuses.merge(r.statusCode(), 1, Integer::sum);
                assertThat(r.statusCode())
                        .as("%s at %s: %s", path, survivor.name(), r.body())
                        .isIn(200, 503);
                if (r.statusCode() == 503) {
                    assertThat(r.headers().firstValue("Retry-After"))
                            .as("Retry-After of %s", path)
                            .isPresent();
                    allAnswered = false;
                } else {
                    allAnswered &= answeredAlone(r, path, survivor, victim);
                }
            }
            if (allAnswered) {
                return;
            }
            assertThat(System.nanoTime())
                    .as("%s answered %s within %s", survivor.name(), paths, RECOVERY_DEADLINE)
                    .isLessThan(deadline);
            ticking.rethrow();
            soc.poll();
        }
    }

    private static boolean answeredAlone(
            HttpResponse<String> r, String path, AppProcesses.Instance survivor, AppProcesses.Instance victim) {
        JsonNode body = json(r);
        if (path.equals("/api/v1/outages")) {
            return !body.path("partial").asBoolean(true);
        }
        String servedBy = r.headers().firstValue("X-Fleet-Served-By").orElse("");
        assertThat(servedBy).as("who answered %s", path).isNotEqualTo(victim.address());
        if (path.startsWith("/api/v1/endpoints/")) {
            assertThat(body.path("endpointId").asText()).isEqualTo(path.substring(path.lastIndexOf('/') + 1));
        } else {
            assertThat(body.path("site").asText()).isEqualTo(path.substring(path.lastIndexOf('/') + 1));
        }
        // a standby's answer within maxLag is marked: wait for the promoted active copy's own answer
        return servedBy.equals(survivor.address())
                && r.headers().firstValue("X-Fleet-Stale-Lag").isEmpty();
    }

    private static void assertExactlyOneOutageAlert(List<ConnectivityAlert> alerts, String site, String proxy) {
        assertThat(alerts).as("alerts on the topic").isNotEmpty();
        assertThat(alerts)
                .extracting(ConnectivityAlert::getAlertId)
                .as("one outage, nothing else")
                .containsOnly(alerts.get(0).getAlertId());
        DemoScenarioIT.assertLifecycle(alerts);
        assertThat(alerts)
                .filteredOn(a -> a.getStatus() == AlertStatus.OPEN)
                .as("OPEN events")
                .hasSize(1);
        assertThat(alerts)
                .filteredOn(a -> a.getStatus() == AlertStatus.RESOLVED)
                .as("RESOLVED events")
                .hasSize(1);
        ConnectivityAlert open = alerts.get(0);
        assertThat(open.getScope()).isEqualTo(AlertScope.SITE);
        assertThat(open.getSite()).isEqualTo(site);
        assertThat(open.getProxy()).isEqualTo(proxy);
        assertThat(open.getErrorClass()).isEqualTo("PROXY_DNS");
    }

    /** Where the pipeline stands, for a failure message: what the collectors read and shipped, what the apps see. */
    private static String progress(CollectorRuntime collectors, AppProcesses apps, String site) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "collectors: %d lines read, %d events shipped, %d spooled, %d spooling now, caught up %s",
                collectors.collectors().stream()
                        .mapToLong(c -> c.tailer().linesRead())
                        .sum(),
                count(collectors, CollectorMeters.EVENTS_PARSED) + count(collectors, CollectorMeters.EVENTS_UNPARSED),
                count(collectors, CollectorMeters.EVENTS_SPOOLED),
                collectors.collectors().stream()
                        .filter(c -> c.shipper().isSpooling())
                        .count(),
                collectors.isCaughtUp()));
        for (AppProcesses.Instance i : apps.all()) {
            out.append("; ").append(i.name()).append(": ");
            try {
                HttpResponse<String> r = apps.get(i, "/api/v1/sites/" + site + "?maxLag=1000000");
                out.append(r.statusCode()).append(' ').append(r.body());
            } catch (UncheckedIOException e) {
                out.append(e.getMessage());
            }
        }
        return out.toString();
    }

    private static boolean resolved(List<ConnectivityAlert> alerts) {
        return alerts.stream().anyMatch(a -> a.getStatus() == AlertStatus.RESOLVED);
    }

    private static long count(CollectorRuntime collectors, String counter) {
        return (long) collectors.meters().counter(counter).count();
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + r.body(), e);
        }
    }

    private static long seconds(long from, long to) {
        return Duration.ofNanos(to - from).toSeconds();
    }
}
