package org.fleettelemetry.streams.topology;

import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.serde.BinaryCodec;
import org.fleettelemetry.streams.serde.BinaryReader;
import org.fleettelemetry.streams.serde.BinarySerde;
import org.fleettelemetry.streams.serde.BinaryWriter;
import org.fleettelemetry.streams.serde.EndpointTrackCodec;
import org.fleettelemetry.streams.serde.FailureWindowCodec;

/**
 * {@link SiteSignal} on the endpoint-changes-by-site repartition topic. Version 1: a kind byte, then for kind 1 (one
 * track, written before 2026-12-07 and still read: a record of an earlier version in the topic at an upgrade) the
 * urgent flag and the track; for kind 3 (tracks) the urgent flag, the track codec's version, the count and the
 * tracks; for kind 2 (failures) the window start and the window. Each nested value's codec version comes first.
 */
final class SiteSignalCodec implements BinaryCodec<SiteSignal> {
    static final BinarySerde<SiteSignal> SERDE = new BinarySerde<>("SiteSignal", new SiteSignalCodec());

    private static final int TRACK = 1;
    private static final int FAILURES = 2;
    private static final int TRACK_LIST = 3;
    private static final EndpointTrackCodec TRACKS = new EndpointTrackCodec();
    private static final FailureWindowCodec WINDOWS = new FailureWindowCodec();

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(SiteSignal s, BinaryWriter out) {
        if (s.failures() == null) {
            out.writeByte(TRACK_LIST).writeBoolean(s.urgent()).writeByte(TRACKS.version());
            out.writeSize(s.tracks().size());
            for (EndpointTrack t : s.tracks()) {
                TRACKS.write(t, out);
            }
        } else {
            out.writeByte(FAILURES).writeLong(s.windowStart()).writeByte(WINDOWS.version());
            WINDOWS.write(s.failures(), out);
        }
    }

    @Override
    public SiteSignal read(int version, BinaryReader in) {
        int kind = in.readByte();
        if (kind == TRACK) {
            boolean urgent = in.readBoolean();
            return SiteSignal.track(TRACKS.read(in.readByte(), in), urgent);
        }
        if (kind == TRACK_LIST) {
            boolean urgent = in.readBoolean();
            int trackVersion = in.readByte();
            int n = in.readSize();
            if (n < 1 || n > SiteSignal.MAX_TRACKS) {
                throw new IllegalArgumentException(
                        n + " tracks in a site signal, expected 1 to " + SiteSignal.MAX_TRACKS);
            }
            List<EndpointTrack> tracks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tracks.add(TRACKS.read(trackVersion, in));
            }
            return SiteSignal.tracks(tracks, urgent);
        }
        if (kind == FAILURES) {
            long start = in.readLong();
            return SiteSignal.failures(start, WINDOWS.read(in.readByte(), in));
        }
        throw new IllegalArgumentException("unknown site signal kind " + kind);
    }
}
