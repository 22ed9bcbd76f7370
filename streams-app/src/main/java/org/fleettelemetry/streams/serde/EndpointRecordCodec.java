package org.fleettelemetry.streams.serde;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleettelemetry.streams.domain.EndpointFiles;
import org.fleettelemetry.streams.domain.EndpointRecord;
import org.fleettelemetry.streams.domain.EndpointStatus;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.PendingWindow;
import org.fleettelemetry.streams.domain.SeenRanges;

/**
 * {@link EndpointRecord} in the endpoint-state store. Version 1: the status and the track (each with its own codec
 * version first), the forwarded track (a flag when it equals the track, else a presence flag and the track) and its site, the files (key, newest event time, ranges as
 * start/end pairs), the pending epoch and the pending windows (start, proxy, code, class, count, first, last, host).
 */
public final class EndpointRecordCodec implements BinaryCodec<EndpointRecord> {
    public static final BinarySerde<EndpointRecord> SERDE = new BinarySerde<>("EndpointRecord", new EndpointRecordCodec());

    private static final EndpointStatusCodec STATUS = new EndpointStatusCodec();
    private static final EndpointTrackCodec TRACK = new EndpointTrackCodec();

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(EndpointRecord r, BinaryWriter out) {
        out.writeBoolean(r.status() != null);
        if (r.status() != null) {
            out.writeByte(STATUS.version());
            STATUS.write(r.status(), out);
        }
        writeTrack(r.track(), out);
        // mostly the site stage has the newest track: then it is not written twice
        boolean same = r.forwarded() != null && r.forwarded().equals(r.track());
        out.writeBoolean(same);
        if (!same) {
            writeTrack(r.forwarded(), out);
        }
        out.writeNullableString(r.forwardedSite());
        Map<String, SeenRanges> files = r.files().files();
        out.writeSize(files.size());
        for (Map.Entry<String, SeenRanges> f : files.entrySet()) {
            SeenRanges ranges = f.getValue();
            out.writeString(f.getKey()).writeLong(ranges.lastEventTime()).writeSize(ranges.size());
            for (int i = 0; i < ranges.size(); i++) {
                out.writeLong(ranges.start(i)).writeLong(ranges.end(i));
            }
        }
        out.writeLong(r.pendingEpoch()).writeSize(r.pending().size());
        for (PendingWindow p : r.pending()) {
            out.writeLong(p.start()).writeString(p.proxy()).writeString(p.errorCode()).writeString(p.errorClass())
                    .writeLong(p.count()).writeLong(p.firstSeen()).writeLong(p.lastSeen())
                    .writeNullableString(p.targetHost());
        }
    }

    @Override
    public EndpointRecord read(int version, BinaryReader in) {
        EndpointStatus status = in.readBoolean() ? STATUS.read(in.readByte(), in) : null;
        EndpointTrack track = readTrack(in);
        EndpointTrack forwarded = in.readBoolean() ? track : readTrack(in);
        String forwardedSite = in.readNullableString();
        int fileCount = in.readSize();
        Map<String, SeenRanges> files = new LinkedHashMap<>();
        for (int i = 0; i < fileCount; i++) {
            String key = in.readString();
            long lastEventTime = in.readLong();
            int n = in.readSize();
            long[] starts = new long[n];
            long[] ends = new long[n];
            for (int j = 0; j < n; j++) {
                starts[j] = in.readLong();
                ends[j] = in.readLong();
            }
            files.put(key, SeenRanges.of(starts, ends, lastEventTime));
        }
        long pendingEpoch = in.readLong();
        int pendingCount = in.readSize();
        List<PendingWindow> pending = new ArrayList<>(pendingCount);
        for (int i = 0; i < pendingCount; i++) {
            pending.add(new PendingWindow(in.readLong(), in.readString(), in.readString(), in.readString(),
                    in.readLong(), in.readLong(), in.readLong(), in.readNullableString()));
        }
        return new EndpointRecord(status, track, forwarded, forwardedSite, EndpointFiles.of(files), pendingEpoch, pending);
    }

    @Override
    public int expectedSize() {
        return 384;
    }

    private static void writeTrack(EndpointTrack track, BinaryWriter out) {
        out.writeBoolean(track != null);
        if (track != null) {
            out.writeByte(TRACK.version());
            TRACK.write(track, out);
        }
    }

    private static EndpointTrack readTrack(BinaryReader in) {
        return in.readBoolean() ? TRACK.read(in.readByte(), in) : null;
    }
}
