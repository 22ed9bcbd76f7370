package org.fleettelemetry.streams.serde;

import org.fleettelemetry.streams.domain.ErrorClass;
import org.fleettelemetry.streams.domain.Observation;
import org.fleettelemetry.streams.domain.ObservationType;

/** {@link Observation} on the by-site repartition topic. Version 1: the record's components in order. */
public final class ObservationCodec implements BinaryCodec<Observation> {
    public static final BinarySerde<Observation> SERDE = new BinarySerde<>("Observation", new ObservationCodec());

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(Observation o, BinaryWriter out) {
        out.writeString(o.endpointId())
                .writeString(o.site())
                .writeString(o.proxy())
                .writeString(o.product())
                .writeLong(o.eventTime())
                .writeEnum(o.type())
                .writeNullableString(o.errorCode())
                .writeNullableEnum(o.errorClass())
                .writeNullableString(o.targetHost())
                .writeNullableString(o.message())
                .writeBoolean(o.sticky());
    }

    @Override
    public Observation read(int version, BinaryReader in) {
        return new Observation(
                in.readString(),
                in.readString(),
                in.readString(),
                in.readString(),
                in.readLong(),
                in.readEnum(ObservationType.class),
                in.readNullableString(),
                in.readNullableEnum(ErrorClass.class),
                in.readNullableString(),
                in.readNullableString(),
                in.readBoolean());
    }

    @Override
    public int expectedSize() {
        return 192;
    }
}
