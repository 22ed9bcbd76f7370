package org.fleettelemetry.collector.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads complete lines from a {@link FileChannel}, starting at a byte offset, with exact byte
 * offsets for every line.
 *
 * <p>The encoding comes from the byte order mark at the start of the file (see {@link
 * LineEncoding}); a BOM is never part of a line. Malformed bytes decode to U+FFFD, never to an
 * exception. A line ends at a newline (for UTF-16 the two-byte newline); a carriage return before
 * it is removed, so CRLF files read the same as LF files.
 *
 * <p>An unterminated last line is not returned: its bytes stay buffered and it is returned, with
 * its original start offset, once its newline arrives. A file that is finished (rotated away,
 * deleted) gives its unterminated tail through {@link #drainToEnd()}.
 *
 * <p><b>Long lines are cut.</b> A line longer than {@code maxLineBytes} (terminator excluded) is
 * returned once, as its first {@code maxLineBytes} bytes (cut on a character boundary) followed by
 * {@link #cutMarker}, with the offsets of the whole line; the bytes after the cut are read and
 * dropped as they come, never buffered, so a runaway line (100 MB without a newline, a binary file
 * matched by a glob) costs {@code maxLineBytes} of memory and one event, and what follows it is read
 * as usual. Before its newline arrives such a line, like any unterminated one, is not returned.
 *
 * <p>Reads use positional 64 KiB reads into one reusable heap buffer (grown only for lines longer
 * than that, up to the maximum) and decode only complete lines. The channel's position is never
 * touched, so the channel may be shared. Not thread-safe: one reader per file, used by one thread.
 */
public final class LineReader {

    /**
     * 64 KiB: agent lines are far shorter, and an event carries a line's text up to twice (message and raw
     * lines), which must stay well inside Kafka's default 1 MiB request and the endpoint's 24 MiB heap.
     */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    static final int CHUNK_BYTES = 64 * 1024;

    /**
     * Small enough for tests, large enough that a cut can always back off to a character boundary.
     */
    static final int MIN_MAX_LINE_BYTES = 8;

    private final FileChannel channel;
    private final int maxLineBytes;
    private LineEncoding encoding;
    private byte[] data;

    /** File offset of {@code data[0]}. */
    private long dataOffset;

    /** Start of the first unreturned line in {@code data}. */
    private int start;

    /** End of the valid bytes in {@code data}. */
    private int end;

    /** Index from which the newline search resumes: bytes before it hold no newline. */
    private int scanned;

    /**
     * The UTF-8 bytes from {@code start} to {@code scanned} OR-ed together: not negative while they are all ASCII.
     * Such a line is decoded as ISO-8859-1, which gives the same characters for ASCII bytes without the
     * decoder's own pass over them for a byte above 0x7F: under C1 (jvm.options) that pass is a plain byte loop,
     * not the intrinsic C2 makes of it, and it cost as much as the newline scan, which now does both.
     */
    private int scannedBits;

    /** The kept start of a line being cut, whose rest is skipped up to its newline; null when none is. */
    private String cutText;

    /** File offset of the first byte of the line being cut, and how many of its bytes are kept. */
    private long cutStart;

    private int cutKept;

    public LineReader(FileChannel channel, long startOffset, int maxLineBytes) {
        this.channel = Objects.requireNonNull(channel, "channel");
        if (startOffset < 0) {
            throw new IllegalArgumentException("startOffset must be >= 0, got " + startOffset);
        }
        if (maxLineBytes < MIN_MAX_LINE_BYTES) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be >= " + MIN_MAX_LINE_BYTES + ", got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.dataOffset = startOffset;
        this.data = new byte[Math.min(CHUNK_BYTES, maxLineBytes + 2)];
    }

    public LineReader(FileChannel channel, long startOffset) {
        this(channel, startOffset, DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * Returns the complete lines available now, in file order, stopping early once {@code maxLines}
     * lines or {@code maxBytes} bytes are collected (at least one line is returned when one is
     * available). An empty list means: no complete line yet.
     */
    public List<Line> readLines(int maxLines, long maxBytes) throws IOException {
        List<Line> lines = new ArrayList<>();
        if (maxLines <= 0 || maxBytes <= 0 || !decideEncoding(false)) {
            return lines;
        }
        long bytes = 0;
        while (true) {
            while (lines.size() < maxLines && bytes < maxBytes) {
                Line line = nextLine();
                if (line == null) {
                    break;
                }
                lines.add(line);
                bytes += line.byteLength();
            }
            if (lines.size() >= maxLines || bytes >= maxBytes || !fill()) {
                return lines;
            }
        }
    }

    /**
     * For a file that will not grow any more: every remaining line, the unterminated tail included as
     * a last line ending at the end of the file. Also settles the encoding of a file too short to
     * hold a whole BOM.
     */
    public List<Line> drainToEnd() throws IOException {
        decideEncoding(true);
        List<Line> lines = new ArrayList<>();
        while (true) {
            Line line = nextLine();
            if (line != null) {
                lines.add(line);
            } else if (!fill()) {
                break;
            }
        }
        if (cutText != null) {
            lines.add(cutLine(dataOffset + end, dataOffset + end));
            start = end;
            scanned = end;
        } else if (start < end) {
            lines.add(emit(start, end, end, false, false));
            start = end;
            scanned = end;
        }
        return lines;
    }

    /**
     * Forgets buffered bytes and continues from {@code offset}, the start of a line returned earlier:
     * used to deliver lines again after the consumer failed to take them.
     */
    public void seek(long offset) {
        long floor = encoding == null ? 0 : encoding.bomLength();
        dataOffset = Math.max(offset, floor);
        start = 0;
        end = 0;
        scanned = 0;
        scannedBits = 0;
        cutText = null;
    }

    /** Offset of the next line to return: just after the last returned line. */
    public long position() {
        return cutText != null ? cutStart : dataOffset + start;
    }

    /** What ends the kept text of a cut line: says it was cut, how long the line was, and how much is kept. */
    public static String cutMarker(long lineBytes, int keptBytes) {
        return " [...line cut by the collector: " + lineBytes + " bytes, the first " + keptBytes + " kept]";
    }

    /** Offset up to which bytes were read from the file, the buffered unterminated tail included. */
    public long readPosition() {
        return dataOffset + end;
    }

    /** Empty until enough bytes exist to tell the BOM. */
    public Optional<LineEncoding> encoding() {
        return Optional.ofNullable(encoding);
    }

    /**
     * Where to start reading a file at its end without splitting a line: just after the last newline,
     * so an unterminated last line still in the writing is read whole once it is complete. When that
     * line is already longer than {@code maxLineBytes}, the end of the file.
     */
    public static long endOfLastCompleteLine(FileChannel channel, int maxLineBytes) throws IOException {
        long size = channel.size();
        Optional<LineEncoding> detected =
                LineEncoding.detect(ChannelReads.head(channel, LineEncoding.DETECTION_BYTES), false);
        if (detected.isEmpty()) {
            return 0;
        }
        LineEncoding enc = detected.get();
        int unit = enc.unitSize();
        long floor = enc.bomLength();
        if (size <= floor) {
            return floor;
        }
        long hi = floor + ((size - floor) / unit) * unit;
        long windowStart = Math.max(floor, hi - (long) maxLineBytes - unit);
        windowStart = floor + ((windowStart - floor + unit - 1) / unit) * unit;
        while (hi > windowStart) {
            long lo = Math.max(windowStart, hi - CHUNK_BYTES);
            lo = floor + ((lo - floor + unit - 1) / unit) * unit;
            byte[] chunk = ChannelReads.range(channel, lo, (int) (hi - lo));
            for (int i = chunk.length - unit; i >= 0; i -= unit) {
                if (enc.isNewlineAt(chunk, i)) {
                    return lo + i + unit;
                }
            }
            hi = lo;
        }
        return windowStart == floor ? floor : floor + ((size - floor) / unit) * unit;
    }

    private boolean decideEncoding(boolean complete) throws IOException {
        if (encoding != null) {
            return true;
        }
        byte[] head = ChannelReads.head(channel, LineEncoding.DETECTION_BYTES);
        Optional<LineEncoding> detected = LineEncoding.detect(head, complete);
        if (detected.isEmpty()) {
            return false;
        }
        encoding = detected.get();
        if (dataOffset < encoding.bomLength()) {
            dataOffset = encoding.bomLength();
        }
        return true;
    }

    /** The next complete (or cut) line in the buffer, or null when more bytes are needed. */
    private Line nextLine() {
        int unit = encoding.unitSize();
        if (cutText != null) {
            return skipToNewline(unit);
        }
        int max = (maxLineBytes / unit) * unit;
        // a newline one unit further still ends a line of max bytes when a carriage return precedes it
        int lastCandidate = Math.min(end - unit, start + max + unit);
        boolean tooLong = false;
        int i = scanNewline(scanned, lastCandidate, unit);
        if (i <= lastCandidate) {
            int content = i - start;
            if (content <= max || (content == max + unit && encoding.isCarriageReturnAt(data, i - unit))) {
                Line line = emit(start, i, i + unit, true, unit == 1 && scannedBits >= 0);
                start = i + unit;
                scanned = start;
                scannedBits = 0;
                return line;
            }
            tooLong = true;
        }
        scanned = i;
        if (tooLong || end - start >= max + 2 * unit) {
            int kept = cutLength(max);
            cutText = new String(data, start, kept, encoding.charset());
            cutStart = dataOffset + start;
            cutKept = kept;
            start += kept;
            scanned = start;
            scannedBits = 0;
            return skipToNewline(unit);
        }
        return null;
    }

    /** The first index from {@code from} to {@code last} (inclusive) holding a newline, or past {@code last}. */
    private int scanNewline(int from, int last, int unit) {
        int i = from;
        if (unit == 1) {
            // UTF-8, the common case: a plain byte scan, which is most of the reading cost per line; it also notes
            // whether the line is all ASCII (scannedBits), for emit
            byte[] bytes = data;
            int bits = scannedBits;
            while (i <= last) {
                byte b = bytes[i];
                if (b == '\n') {
                    break;
                }
                bits |= b;
                i++;
            }
            scannedBits = bits;
        } else {
            while (i <= last && !encoding.isNewlineAt(data, i)) {
                i += unit;
            }
        }
        return i;
    }

    /**
     * Drops the bytes of the line being cut up to its newline: the cut line once it is found, else null with the
     * scanned bytes let go (a partial character unit stays, to keep the alignment).
     */
    private Line skipToNewline(int unit) {
        int i = scanNewline(scanned, end - unit, unit);
        if (i <= end - unit) {
            Line line = cutLine(dataOffset + i, dataOffset + i + unit);
            start = i + unit;
            scanned = start;
            scannedBits = 0;
            return line;
        }
        start = i;
        scanned = i;
        scannedBits = 0;
        return null;
    }

    private Line cutLine(long contentEnd, long lineEnd) {
        Line line = new Line(cutText + cutMarker(contentEnd - cutStart, cutKept), cutStart, lineEnd);
        cutText = null;
        return line;
    }

    /** Length of a cut piece: {@code max} bytes, shortened so no character is split in two. */
    private int cutLength(int max) {
        int length = max;
        if (encoding.unitSize() == 1) {
            int backOff = 0;
            while (backOff < 3 && (data[start + length] & 0xC0) == 0x80) {
                length--;
                backOff++;
            }
            if ((data[start + length] & 0xC0) == 0x80) {
                length = max; // not valid UTF-8 anyway: cut where the limit says
            }
        } else if (encoding.isHighSurrogateAt(data, start + length - 2)) {
            length -= 2;
        }
        return length;
    }

    /** {@code ascii}: the bytes from {@code from} to {@code contentEnd} are known to be all ASCII (UTF-8 only). */
    private Line emit(int from, int contentEnd, int lineEnd, boolean stripCarriageReturn, boolean ascii) {
        int unit = encoding.unitSize();
        int textEnd = contentEnd;
        if (stripCarriageReturn && textEnd - from >= unit && encoding.isCarriageReturnAt(data, textEnd - unit)) {
            textEnd -= unit;
        }
        String text = new String(data, from, textEnd - from, ascii ? StandardCharsets.ISO_8859_1 : encoding.charset());
        return new Line(text, dataOffset + from, dataOffset + lineEnd);
    }

    /** Reads more bytes after the buffered ones; false at the end of the file. */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(data, start, data, 0, end - start);
            dataOffset += start;
            end -= start;
            scanned -= start;
            start = 0;
        }
        if (end == data.length) {
            int limit = Math.max(CHUNK_BYTES, maxLineBytes + 2 * encoding.unitSize());
            if (data.length >= limit) {
                return false;
            }
            data = Arrays.copyOf(data, (int) Math.min(limit, 2L * data.length));
        }
        int n = channel.read(ByteBuffer.wrap(data, end, data.length - end), dataOffset + end);
        if (n <= 0) {
            return false;
        }
        end += n;
        return true;
    }
}
