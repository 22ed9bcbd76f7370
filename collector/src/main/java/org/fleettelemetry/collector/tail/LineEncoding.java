package org.fleettelemetry.collector.tail;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The text encodings the agent's logs come in, told apart by the byte order mark at the start of
 * the file. Files without a BOM are UTF-8.
 */
public enum LineEncoding {
    UTF_8(StandardCharsets.UTF_8, 0, 1),
    UTF_8_BOM(StandardCharsets.UTF_8, 3, 1),
    UTF_16LE(StandardCharsets.UTF_16LE, 2, 2),
    UTF_16BE(StandardCharsets.UTF_16BE, 2, 2);

    /** Bytes needed to tell every BOM apart. */
    static final int DETECTION_BYTES = 3;

    private static final byte[] UTF_8_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] UTF_16LE_MARK = {(byte) 0xFF, (byte) 0xFE};
    private static final byte[] UTF_16BE_MARK = {(byte) 0xFE, (byte) 0xFF};

    private final Charset charset;
    private final int bomLength;
    private final int unitSize;

    LineEncoding(Charset charset, int bomLength, int unitSize) {
        this.charset = charset;
        this.bomLength = bomLength;
        this.unitSize = unitSize;
    }

    public Charset charset() {
        return charset;
    }

    /** Bytes of byte order mark at the start of the file; the first line starts after them. */
    public int bomLength() {
        return bomLength;
    }

    /** Bytes per code unit: a newline is one unit, and lines always start on a unit boundary. */
    public int unitSize() {
        return unitSize;
    }

    /**
     * Decides the encoding from the first bytes of a file.
     *
     * @param head the file's first bytes (up to {@link #DETECTION_BYTES} are looked at)
     * @param complete true when no more bytes will come; false while the file may still grow
     * @return empty while the bytes so far are the beginning of a BOM and more may follow: deciding
     *     then would read half a BOM as text
     */
    static Optional<LineEncoding> detect(byte[] head, boolean complete) {
        if (startsWith(head, UTF_8_MARK)) {
            return Optional.of(UTF_8_BOM);
        }
        if (startsWith(head, UTF_16LE_MARK)) {
            return Optional.of(UTF_16LE);
        }
        if (startsWith(head, UTF_16BE_MARK)) {
            return Optional.of(UTF_16BE);
        }
        boolean mayStillBecomeBom = isProperPrefix(head, UTF_8_MARK)
                || isProperPrefix(head, UTF_16LE_MARK)
                || isProperPrefix(head, UTF_16BE_MARK);
        if (mayStillBecomeBom && !complete) {
            return Optional.empty();
        }
        return Optional.of(UTF_8);
    }

    boolean isNewlineAt(byte[] bytes, int index) {
        return isUnitAt(bytes, index, (byte) '\n');
    }

    boolean isCarriageReturnAt(byte[] bytes, int index) {
        return isUnitAt(bytes, index, (byte) '\r');
    }

    /** True when the code unit at {@code index} is a UTF-16 high surrogate (first half of a pair). */
    boolean isHighSurrogateAt(byte[] bytes, int index) {
        if (unitSize != 2) {
            return false;
        }
        int high = this == UTF_16LE ? bytes[index + 1] & 0xFF : bytes[index] & 0xFF;
        return high >= 0xD8 && high <= 0xDB;
    }

    private boolean isUnitAt(byte[] bytes, int index, byte ascii) {
        return switch (this) {
            case UTF_8, UTF_8_BOM -> bytes[index] == ascii;
            case UTF_16LE -> bytes[index] == ascii && bytes[index + 1] == 0;
            case UTF_16BE -> bytes[index] == 0 && bytes[index + 1] == ascii;
        };
    }

    private static boolean startsWith(byte[] head, byte[] mark) {
        if (head.length < mark.length) {
            return false;
        }
        for (int i = 0; i < mark.length; i++) {
            if (head[i] != mark[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isProperPrefix(byte[] head, byte[] mark) {
        if (head.length >= mark.length) {
            return false;
        }
        for (int i = 0; i < head.length; i++) {
            if (head[i] != mark[i]) {
                return false;
            }
        }
        return true;
    }
}
