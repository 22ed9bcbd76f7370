package org.fleettelemetry.collector.ship;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.serde.SchemaHistory;

/**
 * An event as the spool keeps it: the ack reference, then the event in Avro single-object encoding
 * (schema fingerprint + binary), which needs no registry: the registry may be what is down. A spool written by an
 * earlier version (before an upgrade) is read with that version's schema ({@link SchemaHistory}).
 */
record SpooledEvent(AckRef ack, EndpointEvent event) {

    byte[] encode() {
        try {
            ByteBuffer body = event.toByteBuffer();
            byte[] key = ack.fileKey().getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.allocate(4 + key.length + 8 + body.remaining());
            out.putInt(key.length).put(key).putLong(ack.endOffset()).put(body);
            return out.array();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode event " + event.getEventId() + " for the spool", e);
        }
    }

    static SpooledEvent decode(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        byte[] key = new byte[in.getInt()];
        in.get(key);
        long end = in.getLong();
        try {
            return new SpooledEvent(
                    new AckRef(new String(key, StandardCharsets.UTF_8), end), SchemaHistory.decodeEvent(in.slice()));
        } catch (IOException e) {
            throw new UncheckedIOException("a spooled event cannot be decoded", e);
        }
    }
}
