package org.fleettelemetry.collector.ship;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A bounded FIFO of opaque records on disk, for the time Kafka (or the registry) cannot take events.
 * Records are appended to segment files ({@code <seq>.seg}: length, CRC32C, bytes); the head position
 * is persisted in {@code head} so a restart replays from the first record not yet confirmed. A torn
 * last record (crash while appending) fails its CRC and ends the segment. At the size limit {@link
 * #append} blocks the caller (the tailer: reading stops, nothing is dropped); {@link #appendNoWait}
 * never blocks, for the producer's I/O thread that must not stall.
 */
public final class Spool implements AutoCloseable {
    private static final long SEGMENT_BYTES = 8L * 1024 * 1024;
    private static final int HEADER = 8;
    private static final int MAX_RECORD = 64 * 1024 * 1024;

    /** A record and where it ends, to confirm it with {@link #confirm}. */
    public record Entry(byte[] payload, long segment, long endPosition) {}

    private final Path dir;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition space = lock.newCondition();
    private final Condition data = lock.newCondition();
    private final Deque<Long> segments = new ArrayDeque<>();
    private FileChannel writer;
    private long writerSegment;
    private long headSegment;
    private long headPosition;
    private long readSegment;
    private long readPosition;
    private long bytes;
    private boolean closed;

    public Spool(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
            loadSegments();
            loadHead();
            readSegment = headSegment;
            readPosition = headPosition;
            bytes = computeBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool in " + dir, e);
        }
    }

    /** Appends, blocking while the spool is full. */
    public void append(byte[] payload) throws InterruptedException {
        lock.lock();
        try {
            while (bytes + payload.length + HEADER > maxBytes && bytes > 0 && !closed) {
                space.await(1, TimeUnit.SECONDS);
            }
            write(payload);
        } finally {
            lock.unlock();
        }
    }

    /** Appends even past the limit (bounded elsewhere by the producer's own buffer). */
    public void appendNoWait(byte[] payload) {
        lock.lock();
        try {
            write(payload);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code max} records after those already read, waiting up to {@code wait} for one. Reading
     * does not remove: {@link #confirm} does; {@link #rewind} makes unconfirmed records readable again.
     */
    public List<Entry> read(int max, long waitMillis) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (!hasUnread() && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return List.of();
                }
                data.awaitNanos(left);
            }
            List<Entry> out = new ArrayList<>();
            while (out.size() < max && hasUnread()) {
                Entry e = readOne();
                if (e == null) {
                    break;
                }
                out.add(e);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spool in " + dir, e);
        } finally {
            lock.unlock();
        }
    }

    /** Everything up to and including {@code entry} is in Kafka: drop it from the spool for good. */
    public void confirm(Entry entry) {
        lock.lock();
        try {
            long before = bytes;
            while (!segments.isEmpty() && segments.peekFirst() < entry.segment()) {
                long seg = segments.pollFirst();
                Files.deleteIfExists(segmentPath(seg));
            }
            headSegment = entry.segment();
            headPosition = entry.endPosition();
            if (headSegment != writerSegment && headPosition >= Files.size(segmentPath(headSegment))) {
                segments.pollFirst();
                Files.deleteIfExists(segmentPath(headSegment));
                headSegment = segments.isEmpty() ? writerSegment : segments.peekFirst();
                headPosition = 0;
            }
            persistHead();
            bytes = computeBytes();
            if (bytes < before) {
                space.signalAll();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot confirm spool records in " + dir, e);
        } finally {
            lock.unlock();
        }
    }

    /** Unconfirmed records will be read again (after a failed send). */
    public void rewind() {
        lock.lock();
        try {
            readSegment = headSegment;
            readPosition = headPosition;
        } finally {
            lock.unlock();
        }
    }

    /** Whether every appended record has been confirmed. */
    public boolean isEmpty() {
        lock.lock();
        try {
            return bytes == 0;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of unconfirmed records (plus framing) on disk. */
    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            space.signalAll();
            data.signalAll();
            if (writer != null) {
                writer.force(true);
                writer.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    /** Forces appended records to disk (called periodically and on close). */
    public void sync() {
        lock.lock();
        try {
            if (writer != null) {
                writer.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    private void write(byte[] payload) {
        if (closed) {
            throw new IllegalStateException("spool closed");
        }
        try {
            if (writer == null || writer.size() + payload.length + HEADER > SEGMENT_BYTES && writer.size() > 0) {
                roll();
            }
            ByteBuffer buffer = ByteBuffer.allocate(HEADER + payload.length);
            CRC32C crc = new CRC32C();
            crc.update(payload);
            buffer.putInt(payload.length)
                    .putInt((int) crc.getValue())
                    .put(payload)
                    .flip();
            while (buffer.hasRemaining()) {
                writer.write(buffer);
            }
            bytes += HEADER + payload.length;
            data.signalAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the spool in " + dir, e);
        }
    }

    private void roll() throws IOException {
        if (writer != null) {
            writer.force(true);
            writer.close();
        }
        writerSegment = segments.isEmpty() ? Math.max(headSegment, 1) : segments.peekLast() + 1;
        segments.addLast(writerSegment);
        writer = FileChannel.open(
                segmentPath(writerSegment),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (segments.size() == 1) {
            headSegment = writerSegment;
            headPosition = 0;
            readSegment = writerSegment;
            readPosition = 0;
        }
    }

    private boolean hasUnread() throws IOException {
        if (segments.isEmpty()) {
            return false;
        }
        if (readSegment < segments.peekFirst()) {
            readSegment = segments.peekFirst();
            readPosition = 0;
        }
        if (readPosition < validSize(readSegment)) {
            return true;
        }
        return segments.peekLast() > readSegment;
    }

    private Entry readOne() throws IOException {
        while (true) {
            long size = validSize(readSegment);
            if (readPosition < size) {
                try (FileChannel ch = FileChannel.open(segmentPath(readSegment), StandardOpenOption.READ)) {
                    ByteBuffer header = ByteBuffer.allocate(HEADER);
                    ch.read(header, readPosition);
                    header.flip();
                    int length = header.getInt();
                    int crc = header.getInt();
                    if (length < 0 || length > MAX_RECORD || readPosition + HEADER + length > size) {
                        readPosition = size;
                        continue;
                    }
                    ByteBuffer body = ByteBuffer.allocate(length);
                    while (body.hasRemaining() && ch.read(body, readPosition + HEADER + body.position()) > 0) {
                        // fill
                    }
                    CRC32C check = new CRC32C();
                    check.update(body.array());
                    if ((int) check.getValue() != crc) {
                        readPosition = size; // torn write: the rest of this segment is unusable
                        continue;
                    }
                    readPosition += HEADER + length;
                    return new Entry(body.array(), readSegment, readPosition);
                }
            }
            Long next = nextSegment(readSegment);
            if (next == null) {
                return null;
            }
            readSegment = next;
            readPosition = 0;
        }
    }

    private Long nextSegment(long current) {
        for (long s : segments) {
            if (s > current) {
                return s;
            }
        }
        return null;
    }

    private long validSize(long segment) throws IOException {
        Path p = segmentPath(segment);
        return Files.exists(p) ? Files.size(p) : 0;
    }

    private long computeBytes() throws IOException {
        long total = 0;
        for (long s : segments) {
            long size = validSize(s);
            total += s == headSegment ? Math.max(0, size - headPosition) : s > headSegment ? size : 0;
        }
        return total;
    }

    private Path segmentPath(long segment) {
        return dir.resolve(String.format("%020d.seg", segment));
    }

    private void loadSegments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".seg"))
                    .map(n -> Long.parseLong(n.substring(0, n.length() - 4)))
                    .sorted()
                    .forEach(segments::addLast);
        }
        if (!segments.isEmpty()) {
            writerSegment = segments.peekLast();
            writer = FileChannel.open(segmentPath(writerSegment), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
    }

    private void loadHead() throws IOException {
        Path head = dir.resolve("head");
        if (Files.exists(head)) {
            String[] parts =
                    Files.readString(head, StandardCharsets.UTF_8).trim().split(":");
            headSegment = Long.parseLong(parts[0]);
            headPosition = Long.parseLong(parts[1]);
            while (!segments.isEmpty() && segments.peekFirst() < headSegment) {
                Files.deleteIfExists(segmentPath(segments.pollFirst()));
            }
        }
        if (segments.isEmpty()) {
            headPosition = 0;
        } else if (headSegment < segments.peekFirst()) {
            headSegment = segments.peekFirst();
            headPosition = 0;
        }
    }

    private void persistHead() throws IOException {
        Path tmp = dir.resolve("head.tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((headSegment + ":" + headPosition).getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve("head"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
