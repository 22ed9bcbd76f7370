package org.fleettelemetry.streams.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding (schema fingerprint + binary) for records kept in the app's own stores:
 * compact, typed, and independent of the registry, which internal state must not wait on.
 */
public final class AvroBinarySerde<T extends SpecificRecord> implements Serde<T> {
    /** How a generated class writes itself, e.g. {@code ConnectivityAlert::toByteBuffer}. */
    @FunctionalInterface
    public interface Encoder<T> {
        ByteBuffer encode(T value) throws IOException;
    }

    /** How a generated class reads itself, e.g. {@code ConnectivityAlert::fromByteBuffer}. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(ByteBuffer buffer) throws IOException;
    }

    private final Encoder<T> encoder;
    private final Decoder<T> decoder;

    public AvroBinarySerde(Encoder<T> encoder, Decoder<T> decoder) {
        this.encoder = encoder;
        this.decoder = decoder;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteBuffer buffer;
            try {
                buffer = encoder.encode(value);
            } catch (IOException e) {
                throw new SerializationException("cannot encode a record for " + topic, e);
            }
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return decoder.decode(ByteBuffer.wrap(bytes));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot decode a stored record in " + topic, e);
            }
        };
    }
}
