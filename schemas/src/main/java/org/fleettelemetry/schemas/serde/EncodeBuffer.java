package org.fleettelemetry.schemas.serde;

import java.io.ByteArrayOutputStream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A per-thread output buffer and encoder, reused across records so serializing allocates only the
 * result array. A buffer that grew for an unusually large record is dropped rather than kept.
 */
final class EncodeBuffer extends ByteArrayOutputStream {

    private static final int INITIAL_SIZE = 512;
    private static final int MAX_RETAINED_SIZE = 1 << 20;

    private BinaryEncoder encoder;

    private EncodeBuffer() {
        super(INITIAL_SIZE);
    }

    static ThreadLocal<EncodeBuffer> perThread() {
        return ThreadLocal.withInitial(EncodeBuffer::new);
    }

    /** Empties the buffer and returns the encoder writing into it. */
    BinaryEncoder start() {
        if (buf.length > MAX_RETAINED_SIZE) {
            buf = new byte[INITIAL_SIZE];
        }
        reset();
        encoder = EncoderFactory.get().binaryEncoder(this, encoder);
        return encoder;
    }
}
