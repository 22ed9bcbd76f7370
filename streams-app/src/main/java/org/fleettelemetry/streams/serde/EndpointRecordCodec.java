package org.fleettelemetry.streams.serde;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fleettelemetry.streams.domain.EndpointFiles;
import org.fleettelemetry.streams.domain.EndpointRecord;
import org.fleettelemetry.streams.domain.EndpointState;
import org.fleettelemetry.streams.domain.EndpointStatus;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.fleettelemetry.streams.domain.FailureMark;
import org.fleettelemetry.streams.domain.PendingWindow;
import org.fleettelemetry.streams.domain.ProbeMark;
import org.fleettelemetry.streams.domain.SeenRanges;

/**
 * {@link EndpointRecord} in the endpoint-state store, written with every event of the endpoint, so it is compact:
 * every string goes through a per-value table (the endpoint id, site, proxy, product, codes and class names recur
 * many times in one value and are written once each; later uses are a small index).
 *
 * <p>Version 1, in order: the status (presence flag, then endpointId, site, proxy, product, lastEvent, lastFailure,
 * lastErrorCode, lastErrorClass, lastHealthy, lastLookupOk, stickySince, state); the track (presence flag, then
 * endpointId, proxy, product, lastSeen, lastHealthy, lastLookupOk, failure count and per class: class, at, code, host,
 * sticky); whether the forwarded track equals the track, else the forwarded track as the track; the forwarded site;
 * the files (count; per file: key, newest event time, range count, start/end pairs); the pending epoch; the pending
 * windows (count; per window: start, proxy, code, class, count, first, last, host). A string is a varint: 0 null,
 * 1 followed by the text (it joins the table), k >= 2 the table's entry k - 2.
 *
 * <p>Version 2 appends, at the end (so that version 1 readers stop before it), the latest probe result of the track
 * and of the forwarded track ({@link ProbeMarkCodec}; the second only when the forwarded track is not the track). A
 * version 1 value reads as never probed.
 */
public final class EndpointRecordCodec implements BinaryCodec<EndpointRecord> {
    public static final BinarySerde<EndpointRecord> SERDE =
            new BinarySerde<>("EndpointRecord", new EndpointRecordCodec());

    @Override
    public int version() {
        return 2;
    }

    @Override
    public void write(EndpointRecord r, BinaryWriter out) {
        Strings s = new Strings(out);
        EndpointStatus st = r.status();
        out.writeBoolean(st != null);
        if (st != null) {
            s.write(st.endpointId());
            s.write(st.site());
            s.write(st.proxy());
            s.write(st.product());
            out.writeLong(st.lastEvent()).writeTime(st.lastFailure());
            s.write(st.lastErrorCode());
            s.write(st.lastErrorClass() == null ? null : st.lastErrorClass().name());
            out.writeTime(st.lastHealthy()).writeTime(st.lastLookupOk()).writeTime(st.stickySince());
            s.write(st.state().name());
        }
        EndpointTrack track = r.track();
        writeTrack(track, out, s);
        boolean same = r.forwarded() != null && r.forwarded().equals(track);
        out.writeBoolean(same);
        if (!same) {
            writeTrack(r.forwarded(), out, s);
        }
        s.write(r.forwardedSite());
        EndpointFiles files = r.files();
        out.writeSize(files.size());
        for (int f = 0; f < files.size(); f++) {
            SeenRanges ranges = files.ranges(f);
            s.write(files.key(f));
            out.writeLong(ranges.lastEventTime()).writeSize(ranges.size());
            for (int i = 0; i < ranges.size(); i++) {
                out.writeLong(ranges.start(i)).writeLong(ranges.end(i));
            }
        }
        out.writeLong(r.pendingEpoch()).writeSize(r.pending().size());
        for (PendingWindow p : r.pending()) {
            out.writeLong(p.start());
            s.write(p.proxy());
            s.write(p.errorCode());
            s.write(p.errorClass());
            out.writeLong(p.count()).writeLong(p.firstSeen()).writeLong(p.lastSeen());
            s.write(p.targetHost());
        }
        ProbeMarkCodec.write(track == null ? null : track.probe(), out);
        if (!same) {
            ProbeMarkCodec.write(r.forwarded() == null ? null : r.forwarded().probe(), out);
        }
    }

    @Override
    public EndpointRecord read(int version, BinaryReader in) {
        Strings s = new Strings(in);
        EndpointStatus status = null;
        if (in.readBoolean()) {
            String endpointId = s.read();
            String site = s.read();
            String proxy = s.read();
            String product = s.read();
            long lastEvent = in.readLong();
            long lastFailure = in.readTime();
            String lastErrorCode = s.read();
            String lastErrorClass = s.read();
            long lastHealthy = in.readTime();
            long lastLookupOk = in.readTime();
            long stickySince = in.readTime();
            EndpointState state = EndpointState.valueOf(s.read());
            status = new EndpointStatus(
                    endpointId,
                    site,
                    proxy,
                    product,
                    lastEvent,
                    lastFailure,
                    lastErrorCode,
                    lastErrorClass == null ? null : ErrorClass.valueOf(lastErrorClass),
                    lastHealthy,
                    lastLookupOk,
                    stickySince,
                    state);
        }
        EndpointTrack track = readTrack(in, s);
        boolean same = in.readBoolean();
        EndpointTrack forwarded = same ? track : readTrack(in, s);
        String forwardedSite = s.read();
        int fileCount = in.readSize();
        Map<String, SeenRanges> files = new LinkedHashMap<>();
        for (int i = 0; i < fileCount; i++) {
            String key = s.read();
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
            long start = in.readLong();
            String proxy = s.read();
            String code = s.read();
            String errorClass = s.read();
            pending.add(new PendingWindow(
                    start, proxy, code, errorClass, in.readLong(), in.readLong(), in.readLong(), s.read()));
        }
        if (version >= 2) {
            ProbeMark probe = ProbeMarkCodec.read(in);
            track = withProbe(track, probe);
            forwarded = same ? track : withProbe(forwarded, ProbeMarkCodec.read(in));
        }
        return new EndpointRecord(
                status, track, forwarded, forwardedSite, EndpointFiles.of(files), pendingEpoch, pending);
    }

    private static EndpointTrack withProbe(EndpointTrack t, ProbeMark probe) {
        if (t == null || probe == null) {
            return t;
        }
        return new EndpointTrack(
                t.endpointId(),
                t.proxy(),
                t.product(),
                t.lastSeen(),
                t.lastHealthy(),
                t.lastLookupOk(),
                t.failures(),
                probe);
    }

    @Override
    public int expectedSize() {
        return 256;
    }

    private static void writeTrack(EndpointTrack t, BinaryWriter out, Strings s) {
        out.writeBoolean(t != null);
        if (t == null) {
            return;
        }
        s.write(t.endpointId());
        s.write(t.proxy());
        s.write(t.product());
        out.writeLong(t.lastSeen())
                .writeTime(t.lastHealthy())
                .writeTime(t.lastLookupOk())
                .writeSize(t.failures().size());
        for (Map.Entry<ErrorClass, FailureMark> e : t.failures().entrySet()) {
            FailureMark mark = e.getValue();
            s.write(e.getKey().name());
            out.writeLong(mark.at());
            s.write(mark.errorCode());
            s.write(mark.targetHost());
            out.writeBoolean(mark.sticky());
        }
    }

    private static EndpointTrack readTrack(BinaryReader in, Strings s) {
        if (!in.readBoolean()) {
            return null;
        }
        String endpointId = s.read();
        String proxy = s.read();
        String product = s.read();
        long lastSeen = in.readLong();
        long lastHealthy = in.readTime();
        long lastLookupOk = in.readTime();
        int n = in.readSize();
        TreeMap<ErrorClass, FailureMark> failures = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            ErrorClass c = ErrorClass.valueOf(s.read());
            long at = in.readLong();
            String code = s.read();
            String host = s.read();
            failures.put(c, new FailureMark(at, code, host, in.readBoolean()));
        }
        return new EndpointTrack(endpointId, proxy, product, lastSeen, lastHealthy, lastLookupOk, failures);
    }

    /** The per-value string table (see the class comment). */
    private static final class Strings {
        private final List<String> table = new ArrayList<>(16);
        private final BinaryWriter out;
        private final BinaryReader in;

        Strings(BinaryWriter out) {
            this.out = out;
            this.in = null;
        }

        Strings(BinaryReader in) {
            this.out = null;
            this.in = in;
        }

        /**
         * Most repeats are the same String object (the record's id, site, proxy and product, the class names), so the
         * table is searched by identity first; then by content, comparing the cached hash codes before any text: a
         * new string is compared with every entry, and String.equals on each was, with this method, 5 % of the
         * stream thread in a storm (async-profiler, 2026-12-07).
         */
        void write(String value) {
            if (value == null) {
                out.writeLong(0);
                return;
            }
            int n = table.size();
            for (int i = 0; i < n; i++) {
                if (table.get(i) == value) {
                    out.writeLong(i + 2);
                    return;
                }
            }
            int hash = value.hashCode();
            for (int i = 0; i < n; i++) {
                String known = table.get(i);
                if (known.hashCode() == hash && known.equals(value)) {
                    out.writeLong(i + 2);
                    return;
                }
            }
            table.add(value);
            out.writeLong(1).writeString(value);
        }

        String read() {
            long tag = in.readLong();
            if (tag == 0) {
                return null;
            }
            if (tag == 1) {
                String value = in.readString();
                table.add(value);
                return value;
            }
            if (tag < 0 || tag - 2 >= table.size()) {
                throw new IllegalArgumentException(
                        "string reference " + (tag - 2) + " beyond the table's " + table.size() + " entries");
            }
            return table.get((int) (tag - 2));
        }
    }
}
