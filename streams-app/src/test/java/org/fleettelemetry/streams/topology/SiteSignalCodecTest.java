package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.fleettelemetry.streams.domain.FailureMark;
import org.fleettelemetry.streams.domain.Times;
import org.fleettelemetry.streams.serde.BinaryWriter;
import org.fleettelemetry.streams.serde.EndpointTrackCodec;
import org.junit.jupiter.api.Test;

/** The by-site repartition record: a site's tracks of one flush in one record, and the one-track records before it. */
class SiteSignalCodecTest {
    private static final String TOPIC = "app-endpoint-changes-by-site-repartition";

    @Test
    void shouldCarryASitesTracksInOrderWithTheirUrgency() {
        List<EndpointTrack> tracks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tracks.add(track("WS-00" + (3 - i), 1_700_000_000_000L + i));
        }

        SiteSignal back = roundTrip(SiteSignal.tracks(tracks, true));

        assertThat(back.tracks()).containsExactlyElementsOf(tracks);
        assertThat(back.urgent()).isTrue();
        assertThat(back.failures()).isNull();
        assertThat(roundTrip(SiteSignal.tracks(tracks, false)).urgent()).isFalse();
    }

    @Test
    void shouldReadTheOneTrackRecordsOfTheVersionBefore() {
        EndpointTrack t = track("WS-0042", 1_700_000_000_000L);
        EndpointTrackCodec codec = new EndpointTrackCodec();
        BinaryWriter out = new BinaryWriter(64);
        // serde version 1, kind 1 (one track), urgent, the track codec's version, the track: as written until
        // 2026-12-07
        out.writeByte(1).writeByte(1).writeBoolean(true).writeByte(codec.version());
        codec.write(t, out);

        SiteSignal back = SiteSignalCodec.SERDE.deserializer().deserialize(TOPIC, out.toByteArray());

        assertThat(back.tracks()).containsExactly(t);
        assertThat(back.urgent()).isTrue();
    }

    @Test
    void shouldRefuseMoreTracksThanARecordHoldsAndAnEmptySignal() {
        List<EndpointTrack> tooMany = new ArrayList<>();
        for (int i = 0; i <= SiteSignal.MAX_TRACKS; i++) {
            tooMany.add(track("WS-" + i, 1_700_000_000_000L));
        }
        assertThatThrownBy(() -> SiteSignal.tracks(tooMany, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + SiteSignal.MAX_TRACKS);
        assertThatThrownBy(() -> SiteSignal.tracks(List.of(), false)).isInstanceOf(IllegalArgumentException.class);

        BinaryWriter out = new BinaryWriter(16);
        out.writeByte(1)
                .writeByte(3)
                .writeBoolean(false)
                .writeByte(new EndpointTrackCodec().version())
                .writeSize(0);
        assertThatThrownBy(() -> SiteSignalCodec.SERDE.deserializer().deserialize(TOPIC, out.toByteArray()))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseMessage("0 tracks in a site signal, expected 1 to " + SiteSignal.MAX_TRACKS);
    }

    @Test
    void shouldKeepAFullRecordFarUnderTheBrokersMessageSize() {
        List<EndpointTrack> tracks = new ArrayList<>();
        for (int i = 0; i < SiteSignal.MAX_TRACKS; i++) {
            long at = 1_700_000_000_000L + i;
            TreeMap<ErrorClass, FailureMark> failures = new TreeMap<>();
            failures.put(ErrorClass.TIMEOUT, new FailureMark(at, "curl:28", "doorman.sc.fsapi.com", false));
            failures.put(ErrorClass.CLOUD_LOOKUP, new FailureMark(at, "orsp:slow", "orsp.sc.fsapi.com", false));
            failures.put(ErrorClass.PROXY_DNS, new FailureMark(at, "curl:5", "proxy.branch-office.example", false));
            tracks.add(new EndpointTrack(
                    "WS-BRANCH-OFFICE-" + i,
                    "proxy.branch-office.example:3128",
                    "Elements EPP for Computers Premium",
                    at,
                    at - 30_000,
                    at - 30_000,
                    failures));
        }

        byte[] bytes = SiteSignalCodec.SERDE.serializer().serialize(TOPIC, SiteSignal.tracks(tracks, true));

        assertThat(bytes.length)
                .as("a full record, three failure classes per track")
                .isLessThan(256 * 1024);
        assertThat(SiteSignalCodec.SERDE
                        .deserializer()
                        .deserialize(TOPIC, bytes)
                        .tracks())
                .isEqualTo(tracks);
    }

    private static SiteSignal roundTrip(SiteSignal s) {
        byte[] bytes = SiteSignalCodec.SERDE.serializer().serialize(TOPIC, s);
        return SiteSignalCodec.SERDE.deserializer().deserialize(TOPIC, bytes);
    }

    private static EndpointTrack track(String id, long at) {
        return new EndpointTrack(
                id,
                "proxy.hel.example:3128",
                "Elements EPP for Computers",
                at,
                at - 30_000,
                Times.NEVER,
                new TreeMap<>(
                        Map.of(ErrorClass.TIMEOUT, new FailureMark(at, "curl:28", "doorman.sc.fsapi.com", false))));
    }
}
