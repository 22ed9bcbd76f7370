package org.fleettelemetry.collector.tail;

/**
 * One line of a tailed file, without its line terminator.
 *
 * @param text the decoded line, a trailing carriage return removed
 * @param startOffset byte offset in the file of the line's first byte
 * @param endOffset byte offset just after the line's newline: where the next line starts, and the
 *     offset to commit once this line is safely shipped
 */
public record Line(String text, long startOffset, long endOffset) {

    public Line {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        if (startOffset < 0 || endOffset < startOffset) {
            throw new IllegalArgumentException(
                    "offsets must satisfy 0 <= start <= end, got " + startOffset + ".." + endOffset);
        }
    }

    /** Bytes the line takes in the file, terminator included. */
    public long byteLength() {
        return endOffset - startOffset;
    }
}
