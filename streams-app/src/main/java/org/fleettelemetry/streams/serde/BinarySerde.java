package org.fleettelemetry.streams.serde;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The compact format of the app's hot internal records (the by-site repartition and the per-event stores): one
 * version byte, then the fields as {@link BinaryCodec} lays them out. It replaced JSON there, which cost about a
 * third of the stream thread's time (parsing and writing text, field names in every record); the project was not
 * released yet, so no changelog or repartition record in the old format has to be read. See {@link BinaryCodec} for
 * how the layout may evolve.
 */
public final class BinarySerde<T> implements Serde<T> {
    private final String typeName;
    private final BinaryCodec<T> codec;

    public BinarySerde(String typeName, BinaryCodec<T> codec) {
        if (codec.version() < 1 || codec.version() > 0xFF) {
            throw new IllegalArgumentException("version must be 1..255, got " + codec.version());
        }
        this.typeName = typeName;
        this.codec = codec;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            BinaryWriter out = new BinaryWriter(codec.expectedSize());
            out.writeByte(codec.version());
            try {
                codec.write(value, out);
            } catch (RuntimeException e) {
                throw new SerializationException("cannot write " + typeName + " for " + topic, e);
            }
            return out.toByteArray();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                BinaryReader in = new BinaryReader(bytes);
                int version = in.readByte();
                if (version < 1) {
                    throw new IllegalArgumentException("version byte " + version + " is not a version");
                }
                return codec.read(version, in);
            } catch (RuntimeException e) {
                throw new SerializationException(
                        "cannot read " + typeName + " from " + bytes.length + " bytes in " + topic, e);
            }
        };
    }
}
