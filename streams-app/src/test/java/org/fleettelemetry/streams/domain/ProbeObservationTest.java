package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.streams.ProbeRecords;
import org.junit.jupiter.api.Test;

/** The active probe's results (#18) as observations, in an endpoint's track and status, and in the dedup. */
class ProbeObservationTest {
    private static final Instant AT = Instant.parse("2026-12-06T10:00:00Z");
    private static final String PROXY = "proxy.hel.example:3128";
    private final DetectionParams params = DetectionParams.defaults();

    private Observation observe(EndpointEvent event) {
        return Observation.of(event, params);
    }

    @Test
    void shouldBeAProxyAuthFailureAtTheTunnelWhenTheProxyAnswers407() {
        Observation o = observe(ProbeRecords.proxyAuthRequired("pc-1", "hel", PROXY, 3, AT));

        assertThat(o.type()).isEqualTo(ObservationType.FAILURE);
        assertThat(o.errorClass()).isEqualTo(ErrorClass.PROXY_AUTH);
        assertThat(o.errorCode()).isEqualTo("proxy:407");
        assertThat(o.targetHost()).isEqualTo(ProbeRecords.TARGET_HOST);
        assertThat(o.probe())
                .isEqualTo(new ProbeMark(AT.toEpochMilli(), ErrorClass.PROXY_AUTH, "PROXY_TUNNEL", 407, null));
        assertThat(o.probe().detail()).isEqualTo("PROXY_TUNNEL answered 407");
    }

    @Test
    void shouldBeAHealthyContactButNotAFastLookupWhenTheProbePasses() {
        Observation o = observe(ProbeRecords.passed("pc-1", "hel", PROXY, 4, AT));

        assertThat(o.type()).isEqualTo(ObservationType.HEALTHY);
        assertThat(o.isLookupOk())
                .as("a probe proves the path, not lookup speed")
                .isFalse();
        assertThat(o.probe().passedProbe()).isTrue();
        assertThat(o.probe().detail()).isNull();
    }

    @Test
    void shouldNameTheIssuerWhenTheProbeFailsTheHandshakeOfAnInspectingProxy() {
        EndpointEvent event = ProbeRecords.failed(
                "pc-1", "hel", PROXY, 5, AT, "TLS_INSPECTION", "TLS_HANDSHAKE", "curl:60", 60, null, "untrusted");
        event.getProbe().setTlsIssuer("CN=Corp Inspection CA");

        Observation o = observe(event);

        assertThat(o.errorClass()).isEqualTo(ErrorClass.TLS_INSPECTION);
        assertThat(o.probe().detail()).isEqualTo("TLS_HANDSHAKE: certificate issued by CN=Corp Inspection CA");
    }

    @Test
    void shouldKeepNoProbeForALogLine() {
        EndpointEvent line = EndpointEvent.newBuilder(ProbeRecords.passed("pc-1", "hel", PROXY, 1, AT))
                .setLogFile(LogFile.FSSCORPLUG)
                .setProbe(null)
                .setFserr(0)
                .build();
        assertThat(observe(line).probe()).isNull();
        assertThat(observe(line).type()).isEqualTo(ObservationType.HEALTHY);
    }

    /**
     * A passed probe ends the network classes as a doorman fserr 0 does (PROXY_AUTH, TIMEOUT), but not CLOUD_LOOKUP,
     * which only a fast lookup ends; nor CONTENT_FILTER, local to the endpoint.
     */
    @Test
    void shouldHealNetworkClassesButNotSlowLookupsWhenAProbePasses() {
        long t = AT.toEpochMilli();
        long now = t + 60_000;
        EndpointTrack track = null;
        EndpointStatus status = null;
        List<Observation> os = new ArrayList<>(List.of(
                observe(ProbeRecords.proxyAuthRequired("pc-1", "hel", PROXY, 1, AT)),
                Observation.failure("pc-1", "hel", PROXY, "", t + 1, "curl:28", null, params),
                Observation.failure("pc-1", "hel", PROXY, "", t + 2, "orsp:failed", null, params),
                Observation.failure("pc-1", "hel", PROXY, "", t + 3, "driver:2222", null, params)));
        for (Observation o : os) {
            track = EndpointTrack.observe(track, o, now);
            status = EndpointStatus.apply(status, o, now, params);
        }
        assertThat(track.affectedAt(ErrorClass.PROXY_AUTH, now, params)).isTrue();
        assertThat(track.probeConfirms(ErrorClass.PROXY_AUTH)).isTrue();
        assertThat(track.probeConfirms(ErrorClass.TIMEOUT)).isFalse();

        Observation pass = observe(ProbeRecords.passed("pc-1", "hel", PROXY, 2, AT.plusSeconds(10)));
        track = EndpointTrack.observe(track, pass, now);
        status = EndpointStatus.apply(status, pass, now, params);

        assertThat(track.affectedAt(ErrorClass.PROXY_AUTH, now, params)).isFalse();
        assertThat(track.affectedAt(ErrorClass.TIMEOUT, now, params)).isFalse();
        assertThat(track.affectedAt(ErrorClass.CLOUD_LOOKUP, now, params))
                .as("a probe pass is not a fast lookup")
                .isTrue();
        assertThat(track.affectedAt(ErrorClass.CONTENT_FILTER, now, params)).isTrue();
        assertThat(track.probeConfirms(ErrorClass.PROXY_AUTH)).isFalse();
        assertThat(track.probe().passedProbe()).isTrue();
        assertThat(status.state()).as("still failing: lookups and the driver").isEqualTo(EndpointState.FAILING);

        Observation fastLookup = Observation.lookupOk("pc-1", "hel", PROXY, "", t + 20_000);
        track = EndpointTrack.observe(track, fastLookup, now);
        assertThat(track.affectedAt(ErrorClass.CLOUD_LOOKUP, now, params)).isFalse();
    }

    @Test
    void shouldKeepTheNewestProbeWhenAnOlderOneArrivesLate() {
        long now = AT.toEpochMilli() + Duration.ofMinutes(1).toMillis();
        Observation newer = observe(ProbeRecords.passed("pc-1", "hel", PROXY, 9, AT.plusSeconds(30)));
        Observation older = observe(ProbeRecords.proxyAuthRequired("pc-1", "hel", PROXY, 8, AT));

        EndpointTrack inOrder = EndpointTrack.observe(EndpointTrack.observe(null, older, now), newer, now);
        EndpointTrack late = EndpointTrack.observe(EndpointTrack.observe(null, newer, now), older, now);

        assertThat(late.probe()).isEqualTo(inOrder.probe()).isEqualTo(newer.probe());
        assertThat(late).isEqualTo(inOrder);
    }

    /**
     * Probe results are deduplicated as a log file is, with file identity "probe" and the sequence as the offset: a
     * re-send is recognised, a gap in the sequence (a restart that skips numbers) is no loss, and the probe's key
     * never evicts a log file that was written more recently: past MAX_FILES the file written longest ago goes.
     */
    @Test
    void shouldDeduplicateProbesByTheirSequenceAndEvictOnlyTheFileWrittenLongestAgo() {
        EndpointFiles files = new EndpointFiles();
        long retention = Duration.ofHours(24).toMillis();
        int n = EndpointFiles.MAX_FILES;
        for (int i = 0; i < n - 1; i++) {
            // log0 is the one written longest ago
            assertThat(files.add("pc-1", "pc-1:log" + i + ":0", 100L, 1_000 + i, retention))
                    .isEqualTo(SeenRanges.Outcome.NEW);
        }
        EndpointEvent p1 = ProbeRecords.passed("pc-1", "hel", PROXY, 1, Instant.ofEpochMilli(5_000));
        assertThat(files.add("pc-1", p1.getEventId(), p1.getEndOffset(), 5_000, retention))
                .isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(files.size()).as("31 log files and the probe").isEqualTo(n);
        assertThat(files.add("pc-1", p1.getEventId(), p1.getEndOffset(), 5_000, retention))
                .as("a re-sent probe")
                .isEqualTo(SeenRanges.Outcome.SEEN);
        for (long seq : new long[] {2, 3, 7, 8}) {
            EndpointEvent p = ProbeRecords.passed("pc-1", "hel", PROXY, seq, Instant.ofEpochMilli(5_000 + seq));
            assertThat(files.add("pc-1", p.getEventId(), p.getEndOffset(), 5_000 + seq, retention))
                    .as("sequence %d", seq)
                    .isEqualTo(SeenRanges.Outcome.NEW);
        }
        assertThat(files.files().get("probe").size())
                .as("1-3 and 7-8: one range each, the gap never fills")
                .isEqualTo(2);

        assertThat(files.add("pc-1", "pc-1:newlog:0", 100L, 6_000, retention)).isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(files.files().keySet())
                .as("the new log file evicted log0, not the probe's ranges")
                .hasSize(n)
                .contains("probe", "log1", "newlog")
                .doesNotContain("log0");
        assertThat(files.add("pc-1", "pc-1:probe:3", 4L, 5_003, retention)).isEqualTo(SeenRanges.Outcome.SEEN);
        assertThat(files.add("pc-1", "pc-1:log1:0", 100L, 1_001, retention))
                .as("log1's ranges are intact")
                .isEqualTo(SeenRanges.Outcome.SEEN);
    }
}
