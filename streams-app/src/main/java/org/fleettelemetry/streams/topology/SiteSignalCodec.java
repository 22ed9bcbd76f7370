package org.fleettelemetry.streams.topology;

import org.fleettelemetry.streams.serde.BinaryCodec;
import org.fleettelemetry.streams.serde.BinaryReader;
import org.fleettelemetry.streams.serde.BinarySerde;
import org.fleettelemetry.streams.serde.BinaryWriter;
import org.fleettelemetry.streams.serde.EndpointTrackCodec;
import org.fleettelemetry.streams.serde.FailureWindowCodec;

/**
 * {@link SiteSignal} on the endpoint-changes-by-site repartition topic. Version 1: a kind byte (1 track, 2 failures),
 * then for a track the urgent flag and the track, for failures the window start and the window (each nested value
 * with its own codec version first).
 */
final class SiteSignalCodec implements BinaryCodec<SiteSignal> {
    static final BinarySerde<SiteSignal> SERDE = new BinarySerde<>("SiteSignal", new SiteSignalCodec());

    private static final int TRACK = 1;
    private static final int FAILURES = 2;
    private static final EndpointTrackCodec TRACKS = new EndpointTrackCodec();
    private static final FailureWindowCodec WINDOWS = new FailureWindowCodec();

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(SiteSignal s, BinaryWriter out) {
        if (s.track() != null) {
            out.writeByte(TRACK).writeBoolean(s.urgent()).writeByte(TRACKS.version());
            TRACKS.write(s.track(), out);
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
        if (kind == FAILURES) {
            long start = in.readLong();
            return SiteSignal.failures(start, WINDOWS.read(in.readByte(), in));
        }
        throw new IllegalArgumentException("unknown site signal kind " + kind);
    }
}
