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
    /** The largest writer buffer kept for reuse. */
    static final int KEPT_CAPACITY = 64 * 1024;

    private final String typeName;
    private final BinaryCodec<T> codec;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

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
            Scratch scratch = this.scratch.get();
            BinaryWriter out = scratch.take(codec.expectedSize());
            try {
                out.writeByte(codec.version());
                codec.write(value, out);
                return out.toByteArray();
            } catch (RuntimeException e) {
                throw new SerializationException("cannot write " + typeName + " for " + topic, e);
            } finally {
                scratch.give(out);
            }
        };
    }

    /**
     * A writer per thread, reused from one value to the next: a new writer per value (its buffer, then the buffer
     * doubled as the value grew) was 13 % of the storm's allocation samples (async-profiler, 2026-12-07), where the
     * one exact-size copy that Kafka keeps is needed anyway. A codec that serializes through this same serde while it
     * writes (not done today) gets a writer of its own; a buffer that grew past {@link #KEPT_CAPACITY} (a large
     * failure window) is not kept.
     */
    private static final class Scratch {
        private BinaryWriter idle;

        BinaryWriter take(int expectedSize) {
            BinaryWriter w = idle;
            idle = null;
            return w == null ? new BinaryWriter(expectedSize) : w.reset();
        }

        void give(BinaryWriter w) {
            if (w.capacity() <= KEPT_CAPACITY) {
                idle = w;
            }
        }
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
