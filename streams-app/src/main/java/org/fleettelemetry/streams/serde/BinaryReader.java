package org.fleettelemetry.streams.serde;

import java.nio.charset.StandardCharsets;
import org.fleettelemetry.streams.domain.Times;

/**
 * Reads what {@link BinaryWriter} wrote. Any read past the end, an over-long varint or a length that does not fit
 * throws {@link IllegalArgumentException}: a truncated or foreign record is an error, never a half-read value.
 */
public final class BinaryReader {
    private final byte[] bytes;
    private int position;

    public BinaryReader(byte[] bytes) {
        this(bytes, 0);
    }

    public BinaryReader(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.position = offset;
    }

    public int readByte() {
        if (position >= bytes.length) {
            throw new IllegalArgumentException("record ends at byte " + position + ", more was expected");
        }
        return bytes[position++] & 0xFF;
    }

    public boolean readBoolean() {
        int b = readByte();
        if (b > 1) {
            throw new IllegalArgumentException("not a boolean: " + b + " at byte " + (position - 1));
        }
        return b == 1;
    }

    public long readLong() {
        long raw = readUnsignedVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    public int readSize() {
        long size = readUnsignedVarLong();
        if (size > bytes.length - position) {
            // every element takes at least one byte, so a larger count cannot be real
            throw new IllegalArgumentException("size " + size + " at byte " + position + " exceeds the record");
        }
        return (int) size;
    }

    /** A time {@link BinaryWriter#writeTime} wrote, {@link Times#NEVER} for none. */
    public long readTime() {
        return readBoolean() ? readLong() : Times.NEVER;
    }

    public String readString() {
        String value = readNullableString();
        if (value == null) {
            throw new IllegalArgumentException("a required string is null at byte " + position);
        }
        return value;
    }

    public String readNullableString() {
        long lengthPlusOne = readUnsignedVarLong();
        if (lengthPlusOne == 0) {
            return null;
        }
        long length = lengthPlusOne - 1;
        if (length > bytes.length - position) {
            throw new IllegalArgumentException(
                    "string of " + length + " bytes at byte " + position + " exceeds the record");
        }
        String value = new String(bytes, position, (int) length, StandardCharsets.UTF_8);
        position += (int) length;
        return value;
    }

    public <E extends Enum<E>> E readEnum(Class<E> type) {
        return Enum.valueOf(type, readString());
    }

    public <E extends Enum<E>> E readNullableEnum(Class<E> type) {
        String name = readNullableString();
        return name == null ? null : Enum.valueOf(type, name);
    }

    private long readUnsignedVarLong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes at byte " + position);
    }
}
