package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.junit.jupiter.api.Test;

class StateJsonTest {
    private static final long T0 = 1_636_735_230_152L;
    private final DetectionParams params = DetectionParams.defaults();
    private final ObjectMapper mapper = DomainJson.mapper();

    @Test
    void shouldReadBackAnEqualSiteStateThatDecidesTheSame() throws Exception {
        SiteDriver site = new SiteDriver("hq", params, T0);
        for (int minute = 0; minute < 5; minute++) {
            site.activity("DIRECT", 0, 20).activity("proxy:3128", 20, 30);
            site.evaluate();
            site.advance(Duration.ofMinutes(1));
        }
        site.fail("proxy:3128", 20, 26, "curl:5", "proxy").fail("DIRECT", 0, 5, "orsp:suppressed", null);
        site.activity("DIRECT", 0, 3);
        site.evaluate();
        for (int minute = 0; minute < 11; minute++) {
            site.advance(Duration.ofMinutes(1)).activity("DIRECT", 0, 3).fail("DIRECT", 0, 3, "curl:28", "doorman");
            site.evaluate();
        }
        assertThat(site.state.getOutages()).isNotEmpty();
        assertThat(site.state.getSilent()).isNotNull();

        String json = mapper.writeValueAsString(site.state);
        SiteState copy = mapper.readValue(json, SiteState.class);

        assertThat(copy).isEqualTo(site.state);
        assertThat(mapper.writeValueAsString(copy)).as("deterministic JSON").isEqualTo(json);
        assertThat(new ObjectMapper().readValue(json, SiteState.class))
                .as("a plain mapper reads it too")
                .isEqualTo(site.state);
        // both go on with the same observations (and the same endpoint tracks) and must decide the same
        SiteDriver copied = site.over(copy);
        List<ConnectivityAlert> fromOriginal = new ArrayList<>();
        List<ConnectivityAlert> fromCopy = new ArrayList<>();
        for (int minute = 1; minute <= 30; minute++) {
            site.advance(Duration.ofMinutes(1));
            copied.advance(Duration.ofMinutes(1));
            for (int i = 0; i < 30; i++) {
                Observation o =
                        Observation.healthy(SiteDriver.id(i), "hq", i < 20 ? "DIRECT" : "proxy:3128", "", site.now);
                site.observe(o);
                copied.observe(o);
            }
            fromOriginal.addAll(site.evaluate());
            fromCopy.addAll(copied.evaluate());
        }
        assertThat(fromCopy).isEqualTo(fromOriginal).isNotEmpty();
        assertThat(copy).isEqualTo(site.state);
    }

    @Test
    void shouldReadASiteStateWhenAnOlderVersionWroteItWithItsEndpointTracksInside() throws Exception {
        SiteDriver site = new SiteDriver("hq", params, T0).activity("DIRECT", 0, 10);
        site.fail("DIRECT", 0, 5, "curl:7", "doorman");
        assertThat(site.evaluate()).isNotEmpty();
        ObjectNode older = mapper.valueToTree(site.state);
        older.set("endpoints", mapper.createObjectNode().set("ep-000", mapper.valueToTree(site.tracks.get("ep-000"))));

        assertThat(mapper.readValue(mapper.writeValueAsString(older), SiteState.class))
                .isEqualTo(site.state);
    }

    @Test
    void shouldReadBackAnEqualFleetState() throws Exception {
        FleetDriver fleet = new FleetDriver(params, T0, "a", "b", "c", "d", "e");
        fleet.sites.values().forEach(s -> s.activity("DIRECT", 0, 10));
        fleet.site("e").fail("DIRECT", 0, 6, "curl:7", "doorman");
        fleet.tick();
        fleet.advance(Duration.ofSeconds(40));
        fleet.sites.values().forEach(s -> s.activity("DIRECT", 0, 10));
        fleet.site("e").fail("DIRECT", 0, 6, "curl:7", "doorman");
        fleet.site("d").fail("DIRECT", 0, 3, "driver:2222", null);
        List.of("a", "b", "c").forEach(n -> fleet.site(n).fail("DIRECT", 0, 5, "curl:6", null));
        fleet.tick();
        assertThat(fleet.fleet.getPublished()).isNotEmpty();
        assertThat(fleet.fleet.getSwallowed()).isNotEmpty();
        assertThat(fleet.fleet.getHeld()).isNotEmpty();
        assertThat(fleet.fleet.getOutages()).isNotEmpty();

        String json = mapper.writeValueAsString(fleet.fleet);
        FleetState copy = mapper.readValue(json, FleetState.class);

        assertThat(copy).isEqualTo(fleet.fleet);
        assertThat(mapper.writeValueAsString(copy)).isEqualTo(json);
    }

    @Test
    void shouldReadBackAnEqualFleetStateWithAProxyOutageAndItsSitesProxySummaries() throws Exception {
        String hub = "proxy.hub.example:8080";
        FleetDriver fleet = new FleetDriver(params, T0, "a", "b", "c");
        fleet.sites.values().forEach(s -> s.activity(hub, 0, 10));
        fleet.tick();
        fleet.advance(Duration.ofSeconds(40));
        fleet.sites.values().forEach(s -> {
            s.activity(hub, 0, 10);
            s.fail(hub, 0, 5, "curl:7", "doorman");
        });
        fleet.tick();
        fleet.advance(Duration.ofSeconds(40));
        fleet.tick();
        OutageTrack track = fleet.fleet.getProxyOutages().get(hub + "|CONNECT_REFUSED");
        assertThat(track.isProxyWide()).isTrue();
        assertThat(track.getAlert()).isNotNull();
        assertThat(fleet.published)
                .extracting(ConnectivityAlert::getOutageScope)
                .containsExactly(org.fleettelemetry.schemas.avro.OutageScope.PROXY);
        assertThat(fleet.fleet.getSites().get("a").summary().proxies().get(hub).affected(ErrorClass.CONNECT_REFUSED))
                .isEqualTo(5);

        String json = mapper.writeValueAsString(fleet.fleet);
        FleetState copy = mapper.readValue(json, FleetState.class);

        assertThat(copy).isEqualTo(fleet.fleet);
        assertThat(copy.getProxyOutages().get(hub + "|CONNECT_REFUSED").outageScope())
                .isEqualTo(org.fleettelemetry.schemas.avro.OutageScope.PROXY);
        assertThat(mapper.writeValueAsString(copy)).isEqualTo(json);
    }

    @Test
    void shouldReadAFleetStateWrittenBeforeProxyOutagesAndProxySummariesExisted() throws Exception {
        FleetDriver fleet = new FleetDriver(params, T0, "a", "b");
        fleet.sites.values().forEach(s -> s.activity("DIRECT", 0, 10));
        fleet.tick();
        ObjectNode old = mapper.valueToTree(fleet.fleet);
        old.remove("proxyOutages");
        old.get("sites").forEach(e -> ((ObjectNode) e.get("summary")).remove("proxies"));

        FleetState read = mapper.treeToValue(old, FleetState.class);

        assertThat(read.getProxyOutages()).isEmpty();
        assertThat(read.getSites().get("a").summary().proxies()).isEmpty();
        assertThat(read.getSites().get("a").summary().active()).isEqualTo(10);
    }

    @Test
    void shouldReadBackAnEqualEndpointStatus() throws Exception {
        EndpointStatus status = EndpointStatus.apply(
                null,
                Observation.failure(
                        "ep-1", "hq", "DIRECT", "Elements EPP for Computers", T0, "orsp:suppressed", null, params),
                T0,
                params);
        assertThat(mapper.readValue(mapper.writeValueAsString(status), EndpointStatus.class))
                .isEqualTo(status);
    }

    @Test
    void shouldReadBackTheProbeFiguresAnAlertTrackPublished() throws Exception {
        AlertTrack track = new AlertTrack();
        track.setAlertId("site:hel:proxy:PROXY_AUTH:1");
        track.setProbe(new ProbeFigures(5, 6, "PROXY_TUNNEL", "PROXY_TUNNEL answered 407"));

        String json = mapper.writeValueAsString(track);
        AlertTrack copy = mapper.readValue(json, AlertTrack.class);

        assertThat(copy).isEqualTo(track);
        assertThat(copy.getProbe()).isEqualTo(track.getProbe());
        assertThat(json).doesNotContain("sentence");
        String before = json.replaceAll(",?\"probe\":\\{[^}]*\\}", "");
        assertThat(before).doesNotContain("probe");
        assertThat(mapper.readValue(before, AlertTrack.class).getProbe())
                .as("a track stored before the probe: none published")
                .isNull();
    }
}
