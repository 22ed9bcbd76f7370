package org.fleettelemetry.streams.serde;

import java.util.Map;
import java.util.TreeMap;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.fleettelemetry.streams.domain.FailureMark;
import org.fleettelemetry.streams.domain.ProbeMark;
import org.fleettelemetry.streams.domain.SharedStrings;

/**
 * {@link EndpointTrack} in the site-endpoints store. Version 1: the record's components in order, the failures as a
 * count and then (class, at, errorCode, targetHost, sticky) per class. Version 2 appends the latest probe result
 * ({@link ProbeMarkCodec}); a version 1 track has none.
 */
public final class EndpointTrackCodec implements BinaryCodec<EndpointTrack> {
    public static final BinarySerde<EndpointTrack> SERDE = new BinarySerde<>("EndpointTrack", new EndpointTrackCodec());

    @Override
    public int version() {
        return 2;
    }

    @Override
    public void write(EndpointTrack t, BinaryWriter out) {
        out.writeString(t.endpointId())
                .writeNullableString(t.proxy())
                .writeNullableString(t.product())
                .writeLong(t.lastSeen())
                .writeTime(t.lastHealthy())
                .writeTime(t.lastLookupOk())
                .writeSize(t.failures().size());
        for (Map.Entry<ErrorClass, FailureMark> e : t.failures().entrySet()) {
            FailureMark mark = e.getValue();
            out.writeEnum(e.getKey())
                    .writeLong(mark.at())
                    .writeNullableString(mark.errorCode())
                    .writeNullableString(mark.targetHost())
                    .writeBoolean(mark.sticky());
        }
        ProbeMarkCodec.write(t.probe(), out);
    }

    @Override
    public EndpointTrack read(int version, BinaryReader in) {
        String endpointId = in.readString();
        String proxy = SharedStrings.of(in.readNullableString());
        String product = SharedStrings.of(in.readNullableString());
        long lastSeen = in.readLong();
        long lastHealthy = in.readTime();
        long lastLookupOk = in.readTime();
        int failureCount = in.readSize();
        TreeMap<ErrorClass, FailureMark> failures = new TreeMap<>();
        for (int i = 0; i < failureCount; i++) {
            ErrorClass errorClass = in.readEnum(ErrorClass.class);
            failures.put(
                    errorClass,
                    new FailureMark(
                            in.readLong(),
                            SharedStrings.of(in.readNullableString()),
                            SharedStrings.of(in.readNullableString()),
                            in.readBoolean()));
        }
        ProbeMark probe = version >= 2 ? ProbeMarkCodec.read(in) : null;
        return new EndpointTrack(endpointId, proxy, product, lastSeen, lastHealthy, lastLookupOk, failures, probe);
    }
}
