package org.fleettelemetry.streams.serde;

import org.fleettelemetry.streams.domain.EndpointState;
import org.fleettelemetry.streams.domain.EndpointStatus;
import org.fleettelemetry.streams.domain.ErrorClass;

/** {@link EndpointStatus} inside the endpoint-state store's values. Version 1: the record's components in order. */
public final class EndpointStatusCodec implements BinaryCodec<EndpointStatus> {
    public static final BinarySerde<EndpointStatus> SERDE =
            new BinarySerde<>("EndpointStatus", new EndpointStatusCodec());

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(EndpointStatus s, BinaryWriter out) {
        out.writeString(s.endpointId())
                .writeNullableString(s.site())
                .writeNullableString(s.proxy())
                .writeNullableString(s.product())
                .writeLong(s.lastEvent())
                .writeNullableLong(s.lastFailure())
                .writeNullableString(s.lastErrorCode())
                .writeNullableEnum(s.lastErrorClass())
                .writeNullableLong(s.lastHealthy())
                .writeNullableLong(s.lastLookupOk())
                .writeNullableLong(s.stickySince())
                .writeEnum(s.state());
    }

    @Override
    public EndpointStatus read(int version, BinaryReader in) {
        return new EndpointStatus(
                in.readString(),
                in.readNullableString(),
                in.readNullableString(),
                in.readNullableString(),
                in.readLong(),
                in.readNullableLong(),
                in.readNullableString(),
                in.readNullableEnum(ErrorClass.class),
                in.readNullableLong(),
                in.readNullableLong(),
                in.readNullableLong(),
                in.readEnum(EndpointState.class));
    }
}
