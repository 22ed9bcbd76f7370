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
import org.fleettelemetry.collector.faults.StateDisk;

/**
 * A bounded FIFO of opaque records on disk, for the time Kafka (or the registry) cannot take events.
 * Records are appended to segment files ({@code <seq>.seg}: length, CRC32C, bytes); the head position
 * is persisted in {@code head} so a restart replays from the first record not yet confirmed. A torn
 * last record (crash while appending) fails its CRC and ends the segment. At the size limit {@link
 * #append} blocks the caller (the tailer: reading stops, nothing is dropped); {@link #appendNoWait}
 * never blocks, for the producer's I/O thread that must not stall.
 *
 * <h2>When the disk refuses a write</h2>
 *
 * A full disk (or any write error) is treated like a full spool: {@link #tryAppend} says no and {@link
 * #append} waits, retrying the disk every second and whenever a confirm frees space, so the tailer stops
 * reading and the lines stay in the agent's file. A record half written is cut off again (the segment is
 * truncated to where it started), and the next write goes to a fresh segment, so that the full one can be
 * deleted as soon as the replayer has confirmed it: that is what gives the space back. What {@link
 * #appendNoWait} cannot write (events Kafka failed while they were in flight) is kept in memory, after
 * everything on disk, and replayed from there; this is bounded by what the shipper lets be in flight, and it
 * is safe to lose at a stop: those events are not acknowledged, so their offsets are not committed and the
 * lines are read again after a restart. While records wait in memory, nothing is written to disk, which
 * keeps the order: disk records, then memory records, then what comes after. A head that cannot be
 * persisted stays in memory and is written with the next confirm; the head on disk is only ever behind,
 * which replays records twice after a crash, never skips one. Each failure and recovery is reported to
 * {@link StateDisk}, which logs one error per episode.
 */
public final class Spool implements AutoCloseable {
    private static final long SEGMENT_BYTES = 8L * 1024 * 1024;
    private static final int HEADER = 8;
    private static final int MAX_RECORD = 64 * 1024 * 1024;
    /** The segment number {@link Entry}s of records kept in memory carry. */
    private static final long MEMORY = -1;
    /** How often a refused disk is tried again when nothing signals that space was freed. */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** A record and where it ends, to confirm it with {@link #confirm}. */
    public record Entry(byte[] payload, long segment, long endPosition) {}

    private final Path dir;
    private final long maxBytes;
    private final StateDisk disk;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition space = lock.newCondition();
    private final Condition data = lock.newCondition();
    private final Deque<Long> segments = new ArrayDeque<>();
    /** Records the disk refused, in order after every record on disk; the first has number memoryFirst. */
    private final Deque<byte[]> memory = new ArrayDeque<>();

    private FileChannel writer;
    private long writerSegment;
    private long headSegment;
    private long headPosition;
    private long readSegment;
    private long readPosition;
    private long bytes;
    private long memoryBytes;
    private long memoryFirst;
    private long memoryRead;
    private boolean writeFailing;
    private long lastFailureNanos;
    private boolean rollBeforeWrite;
    private boolean headUnpersisted;
    private boolean closed;

    public Spool(Path dir, long maxBytes) {
        this(dir, maxBytes, new StateDisk(dir));
    }

    public Spool(Path dir, long maxBytes, StateDisk disk) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.disk = disk;
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

    /** Appends, blocking while the spool is full or the disk refuses the write. */
    public void append(byte[] payload) throws InterruptedException {
        while (!tryAppend(payload)) {
            awaitRoom(payload.length);
        }
    }

    /**
     * Appends when there is room and the disk takes it; false (nothing written) when the spool is full, the
     * disk refused the write, or records wait in memory (they go first). Never blocks on space.
     */
    public boolean tryAppend(byte[] payload) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("spool closed");
            }
            if (!memory.isEmpty() || isOverLimit(payload.length)) {
                return false;
            }
            return writeToDisk(payload);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits (at most a second) until an append of {@code length} bytes may succeed: space freed by a confirm,
     * the records in memory replayed, or time to try a refusing disk again.
     */
    public void awaitRoom(int length) throws InterruptedException {
        lock.lock();
        try {
            if (!closed && (!memory.isEmpty() || isOverLimit(length) || writeFailing)) {
                space.await(1, TimeUnit.SECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends even past the limit (bounded elsewhere by what the shipper lets be in flight); what the disk
     * refuses is kept in memory (see the class comment). Never blocks, never throws for the disk.
     */
    public void appendNoWait(byte[] payload) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("spool closed");
            }
            boolean retryDue = !writeFailing || System.nanoTime() - lastFailureNanos >= RETRY_NANOS;
            if (memory.isEmpty() && retryDue && writeToDisk(payload)) {
                return;
            }
            if (memory.isEmpty()) {
                memoryFirst = memoryRead = nextMemoryNumber();
            }
            memory.addLast(payload);
            memoryBytes += HEADER + payload.length;
            data.signalAll();
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
            while (out.size() < max && hasUnreadOnDisk()) {
                Entry e = readOne();
                if (e == null) {
                    break;
                }
                out.add(e);
            }
            if (out.size() < max && !hasUnreadOnDisk()) {
                readMemory(max - out.size(), out);
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
            long before = bytes + memoryBytes;
            if (entry.segment() == MEMORY) {
                confirmMemory(entry.endPosition());
            } else {
                confirmDisk(entry.segment(), entry.endPosition());
            }
            if (bytes + memoryBytes < before) {
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
            memoryRead = memoryFirst;
        } finally {
            lock.unlock();
        }
    }

    /** Whether every appended record has been confirmed. */
    public boolean isEmpty() {
        lock.lock();
        try {
            return bytes == 0 && memory.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of unconfirmed records (plus framing) on disk and, while the disk refuses them, in memory. */
    public long bytes() {
        lock.lock();
        try {
            return bytes + memoryBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of unconfirmed records kept in memory because the disk refused them. */
    public long memoryBytes() {
        lock.lock();
        try {
            return memoryBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the last write to the disk failed (it is retried). */
    public boolean isWriteFailing() {
        lock.lock();
        try {
            return writeFailing;
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

    private boolean isOverLimit(int length) {
        return bytes + length + HEADER > maxBytes && bytes > 0;
    }

    /** True when written; false when the disk refused it, with nothing of it left in the segment. */
    private boolean writeToDisk(byte[] payload) {
        long start = -1;
        try {
            if (writer == null
                    || rollBeforeWrite && writer.size() > 0
                    || writer.size() + payload.length + HEADER > SEGMENT_BYTES && writer.size() > 0) {
                roll();
            }
            rollBeforeWrite = false;
            start = writer.size();
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
        } catch (IOException e) {
            refused(start, e);
            return false;
        }
        bytes += HEADER + payload.length;
        data.signalAll();
        if (writeFailing) {
            writeFailing = false;
            if (!headUnpersisted) {
                disk.writeSucceeded(StateDisk.Writer.SPOOL);
            }
        }
        return true;
    }

    private void refused(long start, IOException e) {
        if (writer != null && start >= 0) {
            try {
                // a torn record would end the segment for the reader and hide every record after it
                writer.truncate(start);
            } catch (IOException cannotTruncate) {
                e.addSuppressed(cannotTruncate);
                // the reader stops at the torn record's CRC: the next record goes to a new segment so none is hidden
            }
        }
        // a fresh segment for the next write, so the full one is deleted as soon as it is replayed
        rollBeforeWrite = true;
        writeFailing = true;
        lastFailureNanos = System.nanoTime();
        disk.writeFailed(StateDisk.Writer.SPOOL, writer == null ? dir : segmentPath(writerSegment), e);
    }

    private void roll() throws IOException {
        long next = segments.isEmpty() ? Math.max(headSegment + 1, 1) : segments.peekLast() + 1;
        if (writer != null) {
            FileChannel old = writer;
            writer = null;
            try {
                old.force(true);
            } finally {
                old.close();
            }
        }
        writer = FileChannel.open(
                segmentPath(next), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        writerSegment = next;
        segments.addLast(next);
        if (segments.size() == 1) {
            headSegment = writerSegment;
            headPosition = 0;
            readSegment = writerSegment;
            readPosition = 0;
        }
    }

    private void confirmDisk(long segment, long endPosition) throws IOException {
        while (!segments.isEmpty() && segments.peekFirst() < segment) {
            long seg = segments.pollFirst();
            Files.deleteIfExists(segmentPath(seg));
        }
        headSegment = segment;
        headPosition = endPosition;
        if (headSegment != writerSegment && headPosition >= Files.size(segmentPath(headSegment))) {
            segments.pollFirst();
            Files.deleteIfExists(segmentPath(headSegment));
            headSegment = segments.isEmpty() ? writerSegment : segments.peekFirst();
            headPosition = 0;
        }
        bytes = computeBytes();
        if (bytes == 0) {
            dropSegments();
        }
        persistHead();
    }

    /** Records in memory come after every record on disk: confirming one confirms the whole disk first. */
    private void confirmMemory(long number) throws IOException {
        if (!segments.isEmpty()) {
            headSegment = writerSegment;
            headPosition = writer == null ? validSize(writerSegment) : writer.size();
            bytes = 0;
            dropSegments();
            persistHead();
        }
        while (!memory.isEmpty() && memoryFirst <= number) {
            memoryBytes -= HEADER + memory.pollFirst().length;
            memoryFirst++;
        }
        memoryRead = Math.max(memoryRead, memoryFirst);
        endRefusalWhenEmpty();
    }

    /**
     * Everything is confirmed: the segments go, the writer's too, so their space is free (a spool that never
     * rolls, as on a small disk, would otherwise keep its one segment's size for good). The next write starts a
     * segment numbered after the head, which a restart sees as newer than the persisted head.
     */
    private void dropSegments() throws IOException {
        if (writer != null) {
            FileChannel old = writer;
            writer = null;
            old.close();
        }
        while (!segments.isEmpty()) {
            Files.deleteIfExists(segmentPath(segments.pollFirst()));
        }
        rollBeforeWrite = false;
        readSegment = headSegment;
        readPosition = headPosition;
        endRefusalWhenEmpty();
    }

    private void endRefusalWhenEmpty() {
        if (writeFailing && memory.isEmpty() && segments.isEmpty()) {
            // the spool holds nothing now, so it waits for no write: the next append tries the disk afresh
            writeFailing = false;
            if (!headUnpersisted) {
                disk.writeSucceeded(StateDisk.Writer.SPOOL);
            }
        }
    }

    private long nextMemoryNumber() {
        return memoryFirst + memory.size();
    }

    private void readMemory(int max, List<Entry> out) {
        long number = memoryFirst;
        int taken = 0;
        for (byte[] payload : memory) {
            if (taken == max) {
                break;
            }
            if (number >= memoryRead) {
                out.add(new Entry(payload, MEMORY, number));
                taken++;
            }
            number++;
        }
        memoryRead = number;
    }

    private boolean hasUnread() throws IOException {
        return hasUnreadOnDisk() || memoryRead < nextMemoryNumber();
    }

    private boolean hasUnreadOnDisk() throws IOException {
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

    /**
     * Writes the head; when the disk refuses, the head stays in memory only and the next confirm writes it. The
     * head on disk is then behind, never ahead: a crash meanwhile replays confirmed records (duplicates with the
     * same eventId), it never skips one.
     */
    private void persistHead() {
        Path tmp = dir.resolve("head.tmp");
        try {
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap((headSegment + ":" + headPosition).getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, dir.resolve("head"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (headUnpersisted) {
                headUnpersisted = false;
                if (!writeFailing) {
                    disk.writeSucceeded(StateDisk.Writer.SPOOL);
                }
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to free; the next confirm tries again
            }
            if (!headUnpersisted) {
                headUnpersisted = true;
                disk.writeFailed(StateDisk.Writer.SPOOL, dir.resolve("head"), e);
            }
        }
    }
}
