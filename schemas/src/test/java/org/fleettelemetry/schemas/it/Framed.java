package org.fleettelemetry.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

/** Reads Confluent's 5-byte header independently of the serde under test. */
final class Framed {

    private Framed() {}

    /** The schema id of a framed record, after checking the magic byte. */
    static int schemaId(byte[] framed) {
        assertThat(framed)
                .as("a framed record: magic byte 0, 4-byte schema id, body")
                .hasSizeGreaterThan(5);
        assertThat(framed[0]).as("magic byte").isZero();
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }
}
