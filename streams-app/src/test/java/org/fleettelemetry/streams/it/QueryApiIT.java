package org.fleettelemetry.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.fleettelemetry.streams.query.QueryTestCluster.json;
import static org.fleettelemetry.streams.query.QueryTestCluster.name;
import static org.fleettelemetry.streams.query.QueryTestCluster.owner;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.fleettelemetry.streams.StreamsApp;
import org.fleettelemetry.streams.query.QueryTestCluster;
import org.fleettelemetry.streams.topology.StoreNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint of the query API on two instances over the real broker and registry: one site with a proxy DNS
 * outage (10 endpoints, 5 failing) and a few small sites spread over the partitions, asked at both instances.
 */
@ExtendWith(KafkaStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiIT {
    private static final String PROXY = "proxy.hel.example:3128";
    private static final List<String> SMALL_SITES = List.of("ber", "osl", "sto", "cph", "tll", "rix");
    /** One FLEET outage (connections refused, each site direct) at these: two in acme-viewer's scope, one not. */
    private static final List<String> FLEET_SITES = List.of("acme-north", "acme-south", "zeta");

    private QueryTestCluster cluster;
    private StreamsApp a;
    private StreamsApp b;
    private String alertId;
    private String fleetId;

    @BeforeAll
    void startTwoInstancesWithAnOutage(KafkaStack stack, @TempDir Path dir) {
        cluster = new QueryTestCluster(stack, dir, TestNames.of(QueryApiIT.class, "api", ""));
        a = cluster.start("a");
        b = cluster.start("b");
        cluster.awaitRunning(a, b);
        for (int i = 1; i <= 10; i++) {
            cluster.beat("hel", PROXY, "hel-pc-" + i);
        }
        for (String site : SMALL_SITES) {
            for (int i = 1; i <= 2; i++) {
                cluster.beat(site, "DIRECT", site + "-pc-" + i);
            }
        }
        for (String site : FLEET_SITES) {
            for (int i = 1; i <= 4; i++) {
                cluster.beat(site, "DIRECT", site + "-pc-" + i);
            }
        }
        for (int i = 1; i <= 5; i++) {
            cluster.proxyDnsFailure("hel", PROXY, "hel-pc-" + i);
        }
        for (String site : FLEET_SITES) {
            for (int i = 1; i <= 3; i++) {
                cluster.connectRefused(site, "DIRECT", site + "-pc-" + i);
            }
        }
        cluster.flush();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HttpResponse<String> r = cluster.get(a, "/api/v1/outages");
                    if (r.statusCode() != 200 || json(r).get("items").size() != 2) {
                        return false;
                    }
                    List<String> scopes = new ArrayList<>();
                    json(r).get("items")
                            .forEach(o -> scopes.add(o.get("outageScope").asText()));
                    return scopes.containsAll(List.of("SITE", "FLEET"));
                });
        JsonNode open = json(cluster.get(a, "/api/v1/outages")).get("items");
        alertId = find(open, "outageScope", "SITE").get("alertId").asText();
        fleetId = find(open, "outageScope", "FLEET").get("alertId").asText();
        // the site counts are evaluated on the site's own clock: wait until every site is known
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HttpResponse<String> r = cluster.get(b, "/api/v1/sites");
                    return r.statusCode() == 200
                            && json(r).get("items").size() == 1 + SMALL_SITES.size() + FLEET_SITES.size();
                });
        // failure sums reach the site stage every few seconds (EndpointStage.FLUSH), from each input task apart
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HttpResponse<String> r = cluster.get(b, "/api/v1/sites/hel/failures");
                    JsonNode totals = r.statusCode() == 200 ? json(r).get("totals") : null;
                    return totals != null
                            && totals.size() == 1
                            && totals.get(0).get("count").asLong() == 5;
                });
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldListTheSameOpenOutagesWhenAskedAtEitherInstance() {
        for (StreamsApp at : List.of(a, b)) {
            JsonNode page = json(ok(cluster.get(at, "/api/v1/outages")));

            assertThat(page.get("partial").asBoolean()).as("%s", page).isFalse();
            assertThat(page.get("instances").asInt()).isEqualTo(2);
            assertThat(page.get("failures")).isEmpty();
            JsonNode outage = find(page.get("items"), "alertId", alertId);
            assertThat(outage.get("scope").asText()).isEqualTo("SITE");
            assertThat(outage.get("site").asText()).isEqualTo("hel");
            assertThat(outage.get("proxy").asText()).isEqualTo(PROXY);
            assertThat(outage.get("errorClass").asText()).isEqualTo("PROXY_DNS");
            // the count the alert was published with: the OPEN is decided once minAffected (3) fail; a failure
            // arriving after publication is below the update step, so it does not re-publish (no UPDATE flood)
            assertThat(outage.get("affectedEndpoints").asInt()).isBetween(3, 5);
            assertThat(Instant.parse(outage.get("openedAt").asText()))
                    .isBefore(Instant.now().plusSeconds(1));
        }
    }

    @Test
    void shouldFilterOutagesBySiteScopeAndSeverityWhenAsked() {
        String severity = json(ok(cluster.get(a, "/api/v1/outages/" + alertId)))
                .get("severity")
                .asText();

        assertThat(items(cluster.get(a, "/api/v1/outages?site=hel"))).hasSize(1);
        assertThat(items(cluster.get(a, "/api/v1/outages?site=ber"))).isEmpty();
        assertThat(items(cluster.get(b, "/api/v1/outages?scope=site"))).hasSize(1);
        assertThat(items(cluster.get(b, "/api/v1/outages?scope=FLEET")))
                .extracting(o -> o.get("alertId").asText())
                .containsExactly(fleetId);
        assertThat(items(cluster.get(a, "/api/v1/outages?scope=PROXY"))).isEmpty();
        assertThat(items(cluster.get(a, "/api/v1/outages?scope=SITE&severity=" + severity)))
                .hasSize(1);
        String other = severity.equals("LOW") ? "CRITICAL" : "LOW";
        assertThat(items(cluster.get(a, "/api/v1/outages?scope=SITE&severity=" + other)))
                .isEmpty();
    }

    @Test
    void shouldForwardAnOutageLookupToItsOwnerWhenAskedAtTheOther() {
        String ownerName = owner(a, StoreNames.OPEN_ALERTS, alertId);
        StreamsApp notOwner = ownerName.equals(name(a)) ? b : a;

        HttpResponse<String> r = ok(cluster.get(notOwner, "/api/v1/outages/" + enc(alertId)));

        assertThat(r.headers().firstValue("X-Fleet-Served-By")).hasValue(ownerName);
        assertThat(r.headers().firstValue("X-Fleet-Stale-Lag")).isEmpty();
        assertThat(json(r).get("alertId").asText()).isEqualTo(alertId);
        assertThat(json(r).get("remediation")).isNotEmpty();
    }

    @Test
    void shouldAnswerAKeyOwnedByBWhenAskedAtA() {
        String ownedByB = null;
        String ownedByA = null;
        for (int i = 1; i <= 10; i++) {
            String pc = "hel-pc-" + i;
            String o = owner(a, StoreNames.ENDPOINT_STATE, pc);
            if (o.equals(name(b)) && ownedByB == null) {
                ownedByB = pc;
            } else if (o.equals(name(a)) && ownedByA == null) {
                ownedByA = pc;
            }
        }
        assertThat(ownedByB).as("an endpoint owned by b among 10").isNotNull();
        assertThat(ownedByA).as("an endpoint owned by a among 10").isNotNull();

        HttpResponse<String> remote = ok(cluster.get(a, "/api/v1/endpoints/" + ownedByB));
        HttpResponse<String> local = ok(cluster.get(a, "/api/v1/endpoints/" + ownedByA));

        assertThat(remote.headers().firstValue("X-Fleet-Served-By")).hasValue(name(b));
        assertThat(local.headers().firstValue("X-Fleet-Served-By")).hasValue(name(a));
        JsonNode e = json(remote);
        assertThat(e.get("endpointId").asText()).isEqualTo(ownedByB);
        assertThat(e.get("site").asText()).isEqualTo("hel");
        assertThat(e.get("proxy").asText()).isEqualTo(PROXY);
        int n = Integer.parseInt(ownedByB.substring("hel-pc-".length()));
        assertThat(e.get("state").asText()).isEqualTo(n <= 5 ? "FAILING" : "HEALTHY");
        if (n <= 5) {
            assertThat(e.get("lastErrorCode").asText()).isEqualTo("curl:5");
        }
    }

    @Test
    void shouldListEverySiteWithCountsAndOutagesWhenAskedAtEitherInstance() {
        for (StreamsApp at : List.of(a, b)) {
            JsonNode page = json(ok(cluster.get(at, "/api/v1/sites")));

            assertThat(page.get("partial").asBoolean()).as("%s", page).isFalse();
            List<String> names = new ArrayList<>();
            page.get("items").forEach(s -> names.add(s.get("site").asText()));
            assertThat(names)
                    .containsExactlyInAnyOrder(
                            "hel", "ber", "osl", "sto", "cph", "tll", "rix", "acme-north", "acme-south", "zeta");
            JsonNode hel = find(page.get("items"), "site", "hel");
            assertThat(hel.get("endpoints").asInt()).isEqualTo(10);
            assertThat(hel.get("active").asInt()).isEqualTo(10);
            assertThat(hel.get("failing").asInt()).isEqualTo(5);
            assertThat(hel.get("silent").asInt()).isZero();
            assertThat(hel.get("openOutages")).hasSize(1);
            JsonNode ber = find(page.get("items"), "site", "ber");
            assertThat(ber.get("active").asInt()).isEqualTo(2);
            assertThat(ber.get("openOutages")).isEmpty();
        }
    }

    @Test
    void shouldListEveryProxyWithItsSitesEndpointsAndOutagesWhenAskedAtEitherInstance() {
        for (StreamsApp at : List.of(a, b)) {
            JsonNode page = json(ok(cluster.get(at, "/api/v1/proxies")));

            assertThat(page.get("partial").asBoolean()).as("%s", page).isFalse();
            assertThat(page.get("items")).hasSize(2);
            JsonNode hel = find(page.get("items"), "proxy", PROXY);
            assertThat(hel.get("sites")).extracting(JsonNode::asText).containsExactly("hel");
            assertThat(hel.get("endpoints").asInt()).isEqualTo(10);
            assertThat(hel.get("active").asInt()).isEqualTo(10);
            assertThat(hel.get("failing").asInt()).isEqualTo(5);
            assertThat(hel.get("openOutages")).hasSize(1);
            assertThat(hel.get("openOutages").get(0).get("alertId").asText()).isEqualTo(alertId);
            assertThat(hel.get("openOutages").get(0).get("outageScope").asText())
                    .isEqualTo("SITE");
            // the small sites connect directly: DIRECT gathers them, kept by both instances (partitions spread)
            JsonNode direct = find(page.get("items"), "proxy", "DIRECT");
            List<String> directSites = new ArrayList<>(SMALL_SITES);
            directSites.addAll(FLEET_SITES);
            assertThat(direct.get("sites"))
                    .extracting(JsonNode::asText)
                    .containsExactlyElementsOf(directSites.stream().sorted().toList());
            assertThat(direct.get("endpoints").asInt()).isEqualTo(2 * SMALL_SITES.size() + 4 * FLEET_SITES.size());
            assertThat(direct.get("failing").asInt()).isEqualTo(3 * FLEET_SITES.size());
            assertThat(direct.get("openOutages")).isEmpty();

            JsonNode one = json(ok(cluster.get(at, "/api/v1/proxies/" + enc(PROXY))));
            assertThat(one.get("proxy").asText()).isEqualTo(PROXY);
            assertThat(one.get("failing").asInt()).isEqualTo(5);
            assertThat(one.get("openOutages").get(0).get("alertId").asText()).isEqualTo(alertId);
            assertNotFound(cluster.get(at, "/api/v1/proxies/" + enc("proxy.atlantis.example:3128")));
        }
    }

    @Test
    void shouldShowOneSiteWhenAskedAtTheInstanceThatDoesNotOwnIt() {
        String ownerName = owner(a, StoreNames.SITE_STATE, "hel");
        StreamsApp notOwner = ownerName.equals(name(a)) ? b : a;

        HttpResponse<String> r = ok(cluster.get(notOwner, "/api/v1/sites/hel"));

        assertThat(r.headers().firstValue("X-Fleet-Served-By")).hasValue(ownerName);
        JsonNode site = json(r);
        assertThat(site.get("failing").asInt()).isEqualTo(5);
        assertThat(site.get("openOutages").get(0).get("alertId").asText()).isEqualTo(alertId);
        assertThat(site.get("outagesPartial").asBoolean()).as("%s", site).isFalse();
    }

    @Test
    void shouldListASitesEndpointsByStateWhenAsked() {
        JsonNode failing = json(ok(cluster.get(a, "/api/v1/sites/hel/endpoints?state=failing")));
        JsonNode healthy = json(ok(cluster.get(b, "/api/v1/sites/hel/endpoints?state=HEALTHY")));
        JsonNode firstTwo = json(ok(cluster.get(b, "/api/v1/sites/hel/endpoints?limit=2")));

        assertThat(failing.get("matched").asInt()).isEqualTo(5);
        List<String> ids = new ArrayList<>();
        failing.get("items").forEach(e -> ids.add(e.get("endpointId").asText()));
        assertThat(ids).containsExactlyInAnyOrder("hel-pc-1", "hel-pc-2", "hel-pc-3", "hel-pc-4", "hel-pc-5");
        assertThat(failing.get("items").get(0).get("failingClasses").get(0).asText())
                .isEqualTo("PROXY_DNS");
        assertThat(healthy.get("matched").asInt()).isEqualTo(5);
        assertThat(firstTwo.get("items")).hasSize(2);
        assertThat(firstTwo.get("matched").asInt()).isEqualTo(10);
        assertThat(firstTwo.get("truncated").asBoolean()).isTrue();
    }

    @Test
    void shouldCountFailuresByProxyAndCodeWhenAskedForARange() {
        Instant to = Instant.now().plus(1, ChronoUnit.MINUTES);
        String range = "?from=" + to.minus(2, ChronoUnit.HOURS) + "&to=" + to;

        for (StreamsApp at : List.of(a, b)) {
            JsonNode report = json(ok(cluster.get(at, "/api/v1/sites/hel/failures" + range)));
            JsonNode defaults = json(ok(cluster.get(at, "/api/v1/sites/hel/failures")));

            JsonNode total = report.get("totals").get(0);
            assertThat(total.get("proxy").asText()).isEqualTo(PROXY);
            assertThat(total.get("errorCode").asText()).isEqualTo("curl:5");
            assertThat(total.get("count").asLong()).isEqualTo(5);
            long inWindows = 0;
            for (JsonNode w : report.get("windows")) {
                inWindows += w.get("count").asLong();
                assertThat(w.get("distinctEndpoints").asInt()).isPositive();
            }
            assertThat(inWindows).isEqualTo(5);
            assertThat(defaults.get("totals").get(0).get("count").asLong()).isEqualTo(5);
            assertThat(json(ok(cluster.get(at, "/api/v1/sites/ber/failures"))).get("totals"))
                    .isEmpty();
        }
    }

    /**
     * What each role may do with actions, through the real principals: a viewer may not silence (403); an operator
     * scoped to acme-* silences an acme site, but not another site or every site (403), cannot find another site's
     * outage to acknowledge (404, as if it did not exist) nor acknowledge the FLEET outage that also reaches zeta
     * (403); and only the silences within its sites are listed to it.
     */
    @Test
    void shouldLetEachRoleAndScopeActOnlyAsAllowed() {
        String viewer = "Bearer " + QueryTestCluster.ACME_TOKEN;
        String ops = "Bearer " + QueryTestCluster.ACME_OPS_TOKEN;
        Instant now = Instant.now();
        String acmeNorth = silenceBody("\"site\"", "acme-north", now);
        assertForbidden(cluster.send(a, "POST", "/api/v1/silences", acmeNorth, viewer));
        assertForbidden(cluster.send(b, "POST", "/api/v1/silences", silenceBody("\"site\"", "zeta", now), ops));
        assertForbidden(
                cluster.send(a, "POST", "/api/v1/silences", silenceBody("\"errorClass\"", "PROXY_DNS", now), ops));
        assertNotFound(cluster.send(a, "POST", "/api/v1/outages/" + enc(alertId) + "/ack", "{\"comment\":\"x\"}", ops));
        // the FLEET outage's sites grow as its sites' summaries arrive: ack it once it reaches zeta too
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(json(ok(cluster.get(a, "/api/v1/outages/" + enc(fleetId))))
                                .get("sites"))
                        .extracting(JsonNode::asText)
                        .contains("zeta"));
        assertForbidden(
                cluster.send(b, "POST", "/api/v1/outages/" + enc(fleetId) + "/ack", "{\"comment\":\"x\"}", ops));

        HttpResponse<String> created = cluster.send(a, "POST", "/api/v1/silences", acmeNorth, ops);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("silenceID").asText();
        HttpResponse<String> other = cluster.send(
                a, "POST", "/api/v1/silences", silenceBody("\"site\"", "hel", now), "Bearer " + QueryTestCluster.TOKEN);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(201);
        String otherId = json(other).get("silenceID").asText();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode listed = json(ok(cluster.get(b, "/api/v1/silences", viewer)));
                List<String> ids = new ArrayList<>();
                listed.forEach(n -> ids.add(n.get("id").asText()));
                assertThat(ids)
                        .as("acme-viewer lists its sites' silences only")
                        .contains(id)
                        .doesNotContain(otherId);
            });
            assertForbidden(cluster.send(b, "DELETE", "/api/v1/silences/" + id, null, viewer));
        } finally {
            assertThat(cluster.send(b, "DELETE", "/api/v1/silences/" + id, null, ops)
                            .statusCode())
                    .as("the operator expires its own silence")
                    .isEqualTo(200);
            cluster.send(a, "DELETE", "/api/v1/silences/" + otherId, null, "Bearer " + QueryTestCluster.TOKEN);
        }
    }

    private static String silenceBody(String name, String value, Instant now) {
        return "{\"matchers\":[{\"name\":" + name + ",\"value\":\"" + value + "\",\"isRegex\":false,\"isEqual\":true}],"
                + "\"startsAt\":\"" + now + "\",\"endsAt\":\"" + now.plus(Duration.ofHours(1))
                + "\",\"comment\":\"QueryApiIT\"}";
    }

    private static void assertForbidden(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(json(r).get("code").asText()).isEqualTo("forbidden");
    }

    /**
     * acme-viewer sees the sites acme-*: what it may not see is absent, or the very 404 of what does not exist, at
     * either instance: every key lookup below is owned by one of them, so each is forwarded once, and each fan-out
     * gathers both instances' shares.
     */
    @Test
    void shouldShowAScopedPrincipalOnlyItsSitesWhenAskedAtEitherInstance() {
        String acme = "Bearer " + QueryTestCluster.ACME_TOKEN;
        JsonNode fleetForAdmin = json(ok(cluster.get(a, "/api/v1/outages/" + enc(fleetId))));
        assertThat(fleetForAdmin.get("sites")).extracting(JsonNode::asText).containsExactlyElementsOf(FLEET_SITES);
        assertThat(fleetForAdmin.get("activeEndpoints").asInt()).isEqualTo(12);

        for (StreamsApp at : List.of(a, b)) {
            JsonNode me = json(ok(cluster.get(at, "/api/v1/me", acme)));
            assertThat(me.get("name").asText()).isEqualTo("acme-viewer");
            assertThat(me.get("role").asText()).isEqualTo("viewer");
            assertThat(me.get("sites")).extracting(JsonNode::asText).containsExactly("acme-*");

            JsonNode sites = json(ok(cluster.get(at, "/api/v1/sites", acme)));
            assertThat(sites.get("partial").asBoolean()).as("%s", sites).isFalse();
            assertThat(sites.get("items"))
                    .extracting(s -> s.get("site").asText())
                    .containsExactlyInAnyOrder("acme-north", "acme-south");
            JsonNode north = find(sites.get("items"), "site", "acme-north");
            assertThat(north.get("endpoints").asInt()).isEqualTo(4);
            assertThat(north.get("openOutages")).hasSize(1);
            assertScopedFleet(north.get("openOutages").get(0));

            // the FLEET outage with only the sites in scope, in the list and by id; nothing of hel's or zeta's
            JsonNode outages =
                    json(ok(cluster.get(at, "/api/v1/outages", acme))).get("items");
            assertThat(outages).hasSize(1);
            assertScopedFleet(outages.get(0));
            assertScopedFleet(json(ok(cluster.get(at, "/api/v1/outages/" + enc(fleetId), acme))));
            assertThat(items(cluster.get(at, "/api/v1/outages?site=zeta", acme)))
                    .isEmpty();
            assertThat(items(cluster.get(at, "/api/v1/outages?site=acme-south", acme)))
                    .hasSize(1);

            // out of scope: the same 404 as what does not exist
            assertHiddenLike(
                    cluster.get(at, "/api/v1/sites/hel", acme),
                    cluster.get(at, "/api/v1/sites/atlantis"),
                    "atlantis",
                    "hel");
            assertHiddenLike(
                    cluster.get(at, "/api/v1/sites/zeta/endpoints", acme),
                    cluster.get(at, "/api/v1/sites/atlantis/endpoints"),
                    "atlantis",
                    "zeta");
            assertHiddenLike(
                    cluster.get(at, "/api/v1/sites/zeta/failures", acme),
                    cluster.get(at, "/api/v1/sites/atlantis/failures"),
                    "atlantis",
                    "zeta");
            assertHiddenLike(
                    cluster.get(at, "/api/v1/outages/" + enc(alertId), acme),
                    cluster.get(at, "/api/v1/outages/no-such-alert"),
                    "no-such-alert",
                    alertId);
            for (int i = 1; i <= 10; i++) {
                assertHiddenLike(
                        cluster.get(at, "/api/v1/endpoints/hel-pc-" + i, acme),
                        cluster.get(at, "/api/v1/endpoints/no-such-pc"),
                        "no-such-pc",
                        "hel-pc-" + i);
            }
            assertHiddenLike(
                    cluster.get(at, "/api/v1/endpoints/zeta-pc-1", acme),
                    cluster.get(at, "/api/v1/endpoints/no-such-pc"),
                    "no-such-pc",
                    "zeta-pc-1");
            assertNotFound(cluster.get(at, "/api/v1/proxies/" + enc(PROXY), acme));

            // in scope: answered as for anyone
            for (int i = 1; i <= 4; i++) {
                JsonNode e = json(ok(cluster.get(at, "/api/v1/endpoints/acme-south-pc-" + i, acme)));
                assertThat(e.get("site").asText()).isEqualTo("acme-south");
            }
            assertThat(json(ok(cluster.get(at, "/api/v1/sites/acme-north/endpoints?state=FAILING", acme)))
                            .get("matched")
                            .asInt())
                    .isEqualTo(3);
            JsonNode proxies =
                    json(ok(cluster.get(at, "/api/v1/proxies", acme))).get("items");
            assertThat(proxies).hasSize(1);
            JsonNode direct = proxies.get(0);
            assertThat(direct.get("proxy").asText()).isEqualTo("DIRECT");
            assertThat(direct.get("sites")).extracting(JsonNode::asText).containsExactly("acme-north", "acme-south");
            assertThat(direct.get("endpoints").asInt()).isEqualTo(8);
            assertThat(direct.get("failing").asInt()).isEqualTo(6);

            // the internal routes scope by the token they are given too: a scoped token gains nothing by them
            JsonNode share =
                    json(ok(cluster.get(at, "/internal/v1/share/sites", acme, java.util.Map.of("X-Fleet-Hop", "it"))));
            assertThat(share.get("items"))
                    .extracting(s -> s.get("site").asText())
                    .allSatisfy(s -> assertThat(s).startsWith("acme-"));
        }
    }

    private void assertScopedFleet(JsonNode outage) {
        assertThat(outage.get("alertId").asText()).isEqualTo(fleetId);
        assertThat(outage.get("outageScope").asText()).isEqualTo("FLEET");
        assertThat(outage.get("sites")).extracting(JsonNode::asText).containsExactly("acme-north", "acme-south");
        // its figures made again over acme-north and acme-south alone: 3 of 4 failing at each
        assertThat(outage.get("affectedEndpoints").asInt()).as("%s", outage).isEqualTo(6);
        assertThat(outage.get("activeEndpoints").asInt()).isEqualTo(8);
        assertThat(outage.get("ratio").asDouble()).isEqualTo(0.75);
        assertThat(outage.get("sampleEndpoints"))
                .isNotEmpty()
                .extracting(JsonNode::asText)
                .allSatisfy(e -> assertThat(e).startsWith("acme-"));
        assertThat(outage.toString()).doesNotContain("zeta");
    }

    /** A 404 with the very body the nonexistent {@code missingName} got, with {@code hiddenName} in its place. */
    private static void assertHiddenLike(
            HttpResponse<String> hidden, HttpResponse<String> missing, String missingName, String hiddenName) {
        assertNotFound(hidden);
        assertNotFound(missing);
        assertThat(hidden.body()).isEqualTo(missing.body().replace(missingName, hiddenName));
    }

    @Test
    void shouldAnswer400NamingTheParameterWhenInputIsBad() {
        assertBad(cluster.get(a, "/api/v1/sites/hel/failures?from=last-tuesday"), "from");
        assertBad(cluster.get(a, "/api/v1/sites/hel/failures?to=2025-13-01T00:00:00Z"), "to");
        assertBad(
                cluster.get(b, "/api/v1/sites/hel/failures?from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z"), "from");
        assertBad(cluster.get(b, "/api/v1/sites/hel/failures?from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z"), "to");
        assertBad(cluster.get(a, "/api/v1/sites/hel/endpoints?state=SLEEPY"), "state");
        assertBad(cluster.get(a, "/api/v1/sites/hel/endpoints?limit=0"), "limit");
        assertBad(cluster.get(a, "/api/v1/outages?scope=PLANET"), "scope");
        assertBad(cluster.get(b, "/api/v1/outages?scope=UNKNOWN"), "scope");
        assertBad(cluster.get(a, "/api/v1/proxies/" + enc("proxy\u0001.example:3128")), "proxy");
        assertBad(cluster.get(a, "/api/v1/outages?severity=meh"), "severity");
        assertBad(cluster.get(a, "/api/v1/endpoints/hel-pc-1?maxLag=soon"), "maxLag");
    }

    @Test
    void shouldAnswer404WhenTheSiteEndpointOrOutageIsUnknown() {
        for (StreamsApp at : List.of(a, b)) {
            assertNotFound(cluster.get(at, "/api/v1/sites/atlantis"));
            assertNotFound(cluster.get(at, "/api/v1/sites/atlantis/endpoints"));
            assertNotFound(cluster.get(at, "/api/v1/sites/atlantis/failures"));
            assertNotFound(cluster.get(at, "/api/v1/endpoints/no-such-pc"));
            assertNotFound(cluster.get(at, "/api/v1/outages/no-such-alert"));
        }
    }

    @Test
    void shouldRefuseWith401WhenTheTokenIsMissingOrWrongAndLeaveHealthOpen() {
        assertThat(cluster.get(a, "/api/v1/sites", null).statusCode()).isEqualTo(401);
        assertThat(cluster.get(a, "/api/v1/endpoints/hel-pc-1", "Bearer wrong").statusCode())
                .isEqualTo(401);
        assertThat(cluster.get(b, "/api/v1/outages", "Token " + QueryTestCluster.TOKEN)
                        .statusCode())
                .isEqualTo(401);
        assertThat(cluster.get(b, "/internal/v1/share/outages", "Bearer wrong").statusCode())
                .isEqualTo(401);
        // the other configured token works too, also for a lookup forwarded to the other instance
        assertThat(cluster.get(a, "/api/v1/outages/" + enc(alertId), "Bearer some-other-token")
                        .statusCode())
                .isEqualTo(200);
        assertThat(cluster.get(a, "/api/v1/sites/hel", "Bearer some-other-token")
                        .statusCode())
                .isEqualTo(200);

        assertThat(cluster.get(a, "/health/live", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = cluster.get(b, "/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("streams").asText()).isEqualTo("RUNNING");
    }

    @Test
    void shouldExposeKafkaStreamsAndApiMetricsWhenScraped() {
        cluster.get(a, "/api/v1/sites");

        HttpResponse<String> r = cluster.get(a, "/metrics", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .contains("kafka_stream_thread_")
                .contains("kafka_stream_client_")
                .contains("fleet_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/sites\",status=\"200\"}")
                .contains("fleet_query_forwards_total");
        JsonNode openApi = json(cluster.get(b, "/openapi.json", null));
        assertThat(openApi.get("paths").has("/api/v1/sites/{site}/failures")).isTrue();
    }

    private static HttpResponse<String> ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(200);
        return r;
    }

    private static JsonNode items(HttpResponse<String> r) {
        return json(ok(r)).get("items");
    }

    private static void assertBad(HttpResponse<String> r, String parameter) {
        assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(400);
        assertThat(json(r).get("code").asText()).isEqualTo("bad_parameter");
        assertThat(json(r).get("message").asText()).contains("'" + parameter + "'");
    }

    private static void assertNotFound(HttpResponse<String> r) {
        assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(404);
        assertThat(json(r).get("code").asText()).isEqualTo("not_found");
        assertThat(r.body()).doesNotContain("Exception");
    }

    private static JsonNode find(JsonNode items, String field, String value) {
        for (JsonNode n : items) {
            if (n.get(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no item with " + field + "=" + value + " in " + items);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
