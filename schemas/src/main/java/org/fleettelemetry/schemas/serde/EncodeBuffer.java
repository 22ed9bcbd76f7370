package org.fleettelemetry.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A per-thread output buffer, reused across records so serializing allocates only the result array. It
 * writes Avro's binary encoding itself (zig-zag varints, little-endian floats, length-prefixed strings) for
 * {@link CompiledRecordWriter}, and is an {@link OutputStream} for Avro's own encoder, which the other
 * writers use. A buffer that grew for an unusually large record is dropped rather than kept.
 */
final class EncodeBuffer extends OutputStream {

    private static final int INITIAL_SIZE = 512;
    private static final int MAX_RETAINED_SIZE = 1 << 20;

    private byte[] buf = new byte[INITIAL_SIZE];
    private int count;
    private BinaryEncoder encoder;

    EncodeBuffer() {}

    static ThreadLocal<EncodeBuffer> perThread() {
        return ThreadLocal.withInitial(EncodeBuffer::new);
    }

    /** Empties the buffer. */
    void reset() {
        if (buf.length > MAX_RETAINED_SIZE) {
            buf = new byte[INITIAL_SIZE];
        }
        count = 0;
    }

    /** Avro's encoder writing into this buffer (for the writers that are not compiled); flush it when done. */
    BinaryEncoder avroEncoder() {
        encoder = EncoderFactory.get().binaryEncoder(this, encoder);
        return encoder;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, count, length);
        count += length;
    }

    /** Avro int: zig-zag, then 7 bits a byte, low bits first. */
    void writeInt(int value) {
        ensure(5);
        int v = (value << 1) ^ (value >> 31);
        while ((v & ~0x7F) != 0) {
            buf[count++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[count++] = (byte) v;
    }

    /** Avro long: zig-zag, then 7 bits a byte, low bits first. */
    void writeLong(long value) {
        ensure(10);
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            buf[count++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[count++] = (byte) v;
    }

    void writeBoolean(boolean value) {
        write(value ? 1 : 0);
    }

    void writeFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[count++] = (byte) (bits >>> (8 * i));
        }
    }

    void writeDouble(double value) {
        long bits = Double.doubleToRawLongBits(value);
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[count++] = (byte) (bits >>> (8 * i));
        }
    }

    /** Avro string or bytes: the length as a long, then the bytes. */
    void writeLengthPrefixed(byte[] bytes, int length) {
        writeLong(length);
        write(bytes, 0, length);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }

    private void ensure(int extra) {
        if (extra > buf.length - count) {
            long needed = (long) count + extra;
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a record of more than 2 GiB cannot be encoded");
            }
            buf = Arrays.copyOf(buf, (int) Math.max(Math.min((long) buf.length * 2, Integer.MAX_VALUE - 8), needed));
        }
    }
}
