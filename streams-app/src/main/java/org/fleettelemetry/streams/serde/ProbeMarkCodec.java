package org.fleettelemetry.streams.serde;

import org.fleettelemetry.streams.domain.ErrorClass;
import org.fleettelemetry.streams.domain.ProbeMark;

/**
 * A {@link ProbeMark} (or its absence) inside another value's layout: a presence flag, then the time, the failed class
 * (null: passed), the step, the HTTP status and the TLS issuer. Appended at the end of the layouts that carry it, with
 * their version 2, so that version 1 values (before the probe) read as "never probed".
 */
final class ProbeMarkCodec {
    private ProbeMarkCodec() {}

    static void write(ProbeMark p, BinaryWriter out) {
        out.writeBoolean(p != null);
        if (p != null) {
            out.writeLong(p.at())
                    .writeNullableEnum(p.failed())
                    .writeNullableString(p.step())
                    .writeLong(p.httpStatus())
                    .writeNullableString(p.tlsIssuer());
        }
    }

    static ProbeMark read(BinaryReader in) {
        if (!in.readBoolean()) {
            return null;
        }
        return new ProbeMark(
                in.readLong(),
                in.readNullableEnum(ErrorClass.class),
                in.readNullableString(),
                (int) in.readLong(),
                in.readNullableString());
    }
}
