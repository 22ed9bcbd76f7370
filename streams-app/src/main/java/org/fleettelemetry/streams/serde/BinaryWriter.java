package org.fleettelemetry.streams.serde;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.fleettelemetry.streams.domain.Times;

/**
 * Appends the primitives of the app's compact state format to a growing byte array: zig-zag varints for
 * numbers (event times take 6 bytes instead of 8), length-prefixed UTF-8 for strings, enums by name (so that a
 * constant added or reordered later does not change what an old record means). Nullable values carry their
 * presence in the same varint or byte, so a null costs one byte. Read back with {@link BinaryReader}.
 */
public final class BinaryWriter {
    private byte[] buffer;
    private int size;

    public BinaryWriter(int initialCapacity) {
        this.buffer = new byte[Math.max(16, initialCapacity)];
    }

    public BinaryWriter writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public BinaryWriter writeBoolean(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    public BinaryWriter writeLong(long value) {
        return writeUnsignedVarLong((value << 1) ^ (value >> 63));
    }

    /** A non-negative count or length. */
    public BinaryWriter writeSize(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative size " + value);
        }
        return writeUnsignedVarLong(value);
    }

    /** A time that may be {@link Times#NEVER}: a presence byte (0 for never), then the time as a long. */
    public BinaryWriter writeTime(long time) {
        if (!Times.happened(time)) {
            return writeByte(0);
        }
        return writeByte(1).writeLong(time);
    }

    public BinaryWriter writeString(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a required string is null");
        }
        return writeNullableString(value);
    }

    /** Length + 1 (0 for null), then the UTF-8 bytes. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for ASCII, see below
    public BinaryWriter writeNullableString(String value) {
        if (value == null) {
            return writeByte(0);
        }
        int length = value.length();
        if (isAscii(value, length)) {
            // the UTF-8 bytes of an ASCII string are its chars: written as they are, without a byte[] per string
            // (the ids, sites, proxies and codes of the state are ASCII; their byte[]s were 5 % of the storm's
            // allocation samples). The deprecated getBytes keeps each char's low 8 bits, which for ASCII is the
            // char; for a Latin-1 String (all of these) it is one array copy instead of a charAt per char.
            writeUnsignedVarLong(length + 1L);
            ensure(length);
            value.getBytes(0, length, buffer, size);
            size += length;
            return this;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeUnsignedVarLong(bytes.length + 1L);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    public BinaryWriter writeEnum(Enum<?> value) {
        return writeString(value.name());
    }

    public BinaryWriter writeNullableEnum(Enum<?> value) {
        return writeNullableString(value == null ? null : value.name());
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /** The buffer's capacity (how much a writer kept for reuse holds on to). */
    int capacity() {
        return buffer.length;
    }

    /** Empties the writer to write another value into the same buffer. */
    BinaryWriter reset() {
        size = 0;
        return this;
    }

    private static boolean isAscii(String value, int length) {
        for (int i = 0; i < length; i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private BinaryWriter writeUnsignedVarLong(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
        return this;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
