package org.fleettelemetry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.junit.jupiter.api.Test;

class StormFleetTest {
    private static final Instant AT = Instant.parse("2021-11-12T17:40:30.152Z");

    @Test
    void shouldAdvanceEachFileOffsetByTheEntryLengthWhenAnEndpointLogsAgain() {
        StormFleet fleet = new StormFleet(400, 200);
        String doorman = "2021-11-12 17:40:30.152 [15c0.1d1c] I: fs::xrssdk::DoormanCache::update: "
                + "doorman cooldown is off, ttl: 15, fserr: 0\n";
        String lookup = "2021-11-12 17:40:30.152 [0c44.0d10] .W: SecurityCloud::Query: ORSP query took 5123 ms\n";

        EndpointEvent first = fleet.doormanOk(201, AT);
        EndpointEvent lookup1 = fleet.cloudLookup(201, AT, 5123);
        EndpointEvent failure = fleet.proxyDnsFailure(201, AT);
        EndpointEvent after = fleet.doormanOk(201, AT);
        EndpointEvent lookup2 = fleet.cloudLookup(201, AT, 5123);

        assertThat(first.getEventId()).isEqualTo("site-001-pc-0001:fsscorplug-1:0");
        assertThat(lookup1.getEventId()).isEqualTo("site-001-pc-0001:deepguard-1:0");
        assertThat(failure.getEventId()).isEqualTo("site-001-pc-0001:fsscorplug-1:" + doorman.length());
        int failureBytes = String.join("\n", failure.getRawLines()).length() + 1;
        assertThat(after.getEventId()).isEqualTo("site-001-pc-0001:fsscorplug-1:" + (doorman.length() + failureBytes));
        assertThat(lookup2.getEventId()).isEqualTo("site-001-pc-0001:deepguard-1:" + lookup.length());
        assertThat(fleet.doormanOk(0, AT).getEventId()).isEqualTo("site-000-pc-0000:fsscorplug-1:0");
        assertThat(first.getEndOffset())
                .as("an entry ends where the next of its file starts")
                .isEqualTo((long) doorman.length());
        assertThat(failure.getEndOffset()).isEqualTo((long) doorman.length() + failureBytes);
        assertThat(lookup1.getEndOffset()).isEqualTo((long) lookup.length());
    }

    @Test
    void shouldWriteTheProxyFailureAsTheParserGivesItWhenTheProxyCannotBeResolved() {
        StormFleet fleet = new StormFleet(400, 200);

        EndpointEvent e = fleet.proxyDnsFailure(7, AT);

        assertThat(e.getSite()).isEqualTo("site-007");
        assertThat(e.getProxy()).isEqualTo("proxy.site-007.example:3128");
        assertThat(e.getErrorCode()).isEqualTo("curl:5");
        assertThat(e.getLineProxy()).isEqualTo("proxy.site-007.example");
        assertThat(e.getRawLines()).hasSize(3);
        assertThat(e.getRawLines().get(0))
                .isEqualTo("2021-11-12 17:40:30.152 [15c0.1d1c] .W: "
                        + "CurlQuery::completeWithStatus: handle 0000023C45E27C50 failed with 5: Couldn't resolve proxy: "
                        + "proxy.site-007.example");
    }

    @Test
    void shouldDealEndpointsRoundTheSitesWhenTheFleetIsBuilt() {
        StormFleet fleet = new StormFleet(1001, 200);

        assertThat(fleet.endpointsAt(0)).isEqualTo(6);
        assertThat(fleet.endpointsAt(1)).isEqualTo(5);
        assertThat(fleet.spreadSites(5)).containsExactly(0, 40, 80, 120, 160);
        assertThat(fleet.siteOf(403)).isEqualTo(3);
    }
}
