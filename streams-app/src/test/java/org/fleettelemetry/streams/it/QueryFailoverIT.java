package org.fleettelemetry.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.fleettelemetry.streams.query.QueryTestCluster.json;
import static org.fleettelemetry.streams.query.QueryTestCluster.name;
import static org.fleettelemetry.streams.query.QueryTestCluster.owner;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.fleettelemetry.streams.StreamsApp;
import org.fleettelemetry.streams.query.QueryTestCluster;
import org.fleettelemetry.streams.topology.StoreNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API while instances come and go, on the real broker: during the rebalance a third instance causes, every
 * answer is a 200 or a 503 with Retry-After, never a 500 (and the JVM survives: see ReadGate); with one instance's API
 * down, a fan-out says it is partial and names it, and a key that instance owns is answered from a standby copy.
 */
@ExtendWith(KafkaStackExtension.class)
class QueryFailoverIT {
    private static final String PROXY = "proxy.hel.example:3128";

    @Test
    void shouldAnswerFromStandbysOr503DuringARebalanceAndSayPartialWhenAnInstanceIsDown(
            KafkaStack stack, @TempDir Path dir) {
        try (QueryTestCluster cluster =
                new QueryTestCluster(stack, dir, TestNames.of(QueryFailoverIT.class, "failover", ""))) {
            StreamsApp a = cluster.start("a");
            StreamsApp b = cluster.start("b");
            cluster.awaitRunning(a, b);
            List<String> pcs = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                pcs.add("hel-pc-" + i);
                cluster.beat("hel", PROXY, "hel-pc-" + i);
            }
            for (int i = 1; i <= 28; i++) {
                pcs.add("ber-pc-" + i);
                cluster.beat("ber", "DIRECT", "ber-pc-" + i);
            }
            for (int i = 1; i <= 6; i++) {
                cluster.proxyDnsFailure("hel", PROXY, "hel-pc-" + i);
            }
            cluster.flush();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        HttpResponse<String> r = cluster.get(a, "/api/v1/outages");
                        return r.statusCode() == 200 && json(r).get("items").size() == 1;
                    });

            // a third instance joins: ask all three all the time until the group settles
            Map<String, Integer> statuses = new TreeMap<>();
            int stale = 0;
            int answered = 0;
            List<String> paths = List.of(
                    "/api/v1/endpoints/hel-pc-1?maxLag=100000",
                    "/api/v1/endpoints/hel-pc-2",
                    "/api/v1/endpoints/hel-pc-3?maxLag=100000",
                    "/api/v1/sites/hel?maxLag=100000",
                    "/api/v1/outages",
                    "/api/v1/sites?maxLag=100000");
            StreamsApp c = cluster.start("c");
            long settledRounds = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (settledRounds < 5 && System.nanoTime() < deadline) {
                boolean settled = true;
                for (StreamsApp at : List.of(a, b, c)) {
                    settled &= at.streams().state() == KafkaStreams.State.RUNNING;
                    for (String path : paths) {
                        HttpResponse<String> r = cluster.get(at, path);
                        statuses.merge(Integer.toString(r.statusCode()), 1, Integer::sum);
                        assertThat(r.statusCode())
                                .as("%s at %s: %s", path, name(at), r.body())
                                .isIn(200, 503);
                        if (r.statusCode() == 503) {
                            assertThat(r.headers().firstValue("Retry-After"))
                                    .as(path)
                                    .isPresent();
                            assertThat(json(r).get("code").asText()).isEqualTo("unavailable");
                        } else {
                            answered++;
                            if (r.headers().firstValue("X-Fleet-Stale-Lag").isPresent()) {
                                stale++;
                            }
                        }
                    }
                }
                settledRounds = settled ? settledRounds + 1 : 0;
            }
            System.out.printf(
                    "during the rebalance: statuses %s, %d answers, %d from standby copies%n",
                    statuses, answered, stale);
            assertThat(settledRounds).as("the group settled within 90 s").isEqualTo(5);
            assertThat(answered).isPositive();

            // c's API goes down while its streams keep running: its share and its keys are missing
            String ownedByC = null;
            for (String pc : pcs) {
                if (owner(a, StoreNames.ENDPOINT_STATE, pc).equals(name(c))) {
                    ownedByC = pc;
                    break;
                }
            }
            c.http().stop();

            JsonNode page = json(cluster.get(a, "/api/v1/sites"));
            assertThat(page.get("partial").asBoolean()).as("%s", page).isTrue();
            assertThat(page.get("instances").asInt()).isEqualTo(3);
            List<String> failed = new ArrayList<>();
            page.get("failures").forEach(f -> failed.add(f.get("instance").asText()));
            assertThat(failed).contains(name(c)).doesNotContain(name(a), name(b));
            JsonNode outages = json(cluster.get(b, "/api/v1/outages"));
            assertThat(outages.get("partial").asBoolean()).isTrue();

            assertThat(ownedByC)
                    .as("one of %d endpoints owned by c", pcs.size())
                    .isNotNull();
            {
                String key = ownedByC;
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> {
                            HttpResponse<String> r = cluster.get(a, "/api/v1/endpoints/" + key + "?maxLag=100000");
                            assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(200);
                            assertThat(r.headers().firstValue("X-Fleet-Stale-Lag"))
                                    .isPresent();
                            assertThat(r.headers()
                                            .firstValue("X-Fleet-Served-By")
                                            .orElseThrow())
                                    .isNotEqualTo(name(c));
                            assertThat(json(r).get("endpointId").asText()).isEqualTo(key);
                        });
                HttpResponse<String> strict = cluster.get(a, "/api/v1/endpoints/" + key);
                assertThat(strict.statusCode()).as("%s", strict.body()).isIn(200, 503);
                if (strict.statusCode() == 503) {
                    assertThat(json(strict).get("message").asText()).contains("maxLag");
                }
            }
        }
    }
}
