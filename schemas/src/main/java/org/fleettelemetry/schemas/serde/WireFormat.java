package org.fleettelemetry.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** Confluent's framing: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro body. */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** Validates the header of a framed record and returns its schema id. */
    static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("record of " + data.length + " byte(s) from topic '" + topic
                    + "' is shorter than the " + HEADER_SIZE + "-byte Confluent wire header (magic byte + schema id)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "unknown magic byte 0x%02x at offset 0 of a %d-byte record from topic '%s': not Confluent wire format",
                    data[0] & 0xff, data.length, topic));
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
