package org.fleettelemetry.collector.tail;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.fleettelemetry.collector.faults.RateLimitedLog;
import org.fleettelemetry.collector.faults.StateDisk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the files matching a set of path patterns, durably: every complete line is delivered to a
 * {@link LineSink} once, in order per file, across renames, rotations, truncations and restarts.
 *
 * <h2>What one poll does</h2>
 *
 * <ol>
 *   <li>Checks every open file through its own channel: a size below the read offset, or first
 *       bytes that no longer match the fingerprint, means it was truncated (copytruncate): a WARN,
 *       the old {@link TailedFile} is closed, and the content is read again from offset 0 under a
 *       new identity.
 *   <li>Lists the files matching the patterns. A file already open (same file key; on Windows also
 *       the same first bytes) is just marked seen, its path updated if it was renamed. A new
 *       non-empty file is opened with {@link FileChannel#open} ({@code READ}: on Windows the JDK
 *       shares read, write and delete, so the agent can still rotate and delete it). It resumes at
 *       its committed offset when the {@link CheckpointStore} knows it, else starts per {@link
 *       StartPosition}.
 *   <li>Reads each open file, oldest first, and hands complete lines to the sink. A file that was
 *       renamed away or deleted is read through its open channel until it has been unchanged for
 *       the close delay, counted from its last change and from when it left its matching path; then
 *       its unterminated tail (if any) is delivered as a last line and it is closed ({@link
 *       LineSink#onFileClosed}). So in a rename rotation the old file is finished first and no line
 *       of it is lost.
 *   <li>Commits each file's {@link OffsetTracker#committable()} to the store, and flushes the store
 *       every flush interval.
 * </ol>
 *
 * <h2>Committing</h2>
 *
 * Lines read are not committed. The consumer registers every event it emits on {@link
 * TailedFile#offsets()} and acknowledges it there when Kafka has it (any thread); this tailer alone
 * commits to the store and flushes it, on its thread and in {@link #close()}. A closed file keeps
 * being committed until its tracker has no unacknowledged event; events of a file must be
 * registered before {@link LineSink#onFileClosed} for it returns.
 *
 * <h2>Threads</h2>
 *
 * {@link #start()} polls on a thread of its own ("log-tailer"): every poll interval, or at once
 * when a file had more than {@code maxBytesPerPoll} waiting. Tests call {@link #pollOnce()}
 * directly instead. Sink callbacks run on the polling thread. {@link #pause()}, {@link #resume()},
 * {@link #close()} and the metric getters are safe from any thread.
 *
 * <h2>Limits</h2>
 *
 * Without an OS file key (Windows), an open file is recognised at its path by its creation time and
 * first bytes; two files with the same creation time and identical first bytes cannot be told
 * apart. A copytruncate copy that itself matches the patterns is a new file and is read again:
 * patterns should match the live files only.
 */
public final class LogTailer implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(LogTailer.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final TailerConfig config;
    private final StateDisk disk;
    private final RateLimitedLog sinkFailures = new RateLimitedLog(log);
    private final RateLimitedLog pollFailures = new RateLimitedLog(log);
    private final CheckpointStore store;
    private final LineSink sink;
    private final List<PathPattern> patterns = new ArrayList<>();
    private final ReentrantLock pollLock = new ReentrantLock();
    private final List<TailSession> sessions = new ArrayList<>();
    private final List<TailedFile> draining = new ArrayList<>();
    private final Set<Path> unopenable = new HashSet<>();
    private final LongAdder linesRead = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder lostBytes = new LongAdder();
    private final LongAdder filesTruncatedWhileStopped = new LongAdder();
    private volatile List<TailedFile> openFiles = List.of();
    private volatile List<TailSession> openSessions = List.of();
    private volatile boolean paused;
    private volatile boolean closed;
    private volatile boolean polled;
    private volatile ScheduledExecutorService executor;
    private boolean firstScanDone;
    private long lastFlushNanos;

    /**
     * The last checkpoint write failed (a full disk): nothing is read until one succeeds, as with a full spool.
     * Reading on would only widen what a crash re-sends, since nothing read from now on could be committed.
     */
    private volatile boolean checkpointsFailing;

    public LogTailer(TailerConfig config, CheckpointStore store, LineSink sink) {
        this(config, store, sink, new StateDisk(store.file().getParent()));
    }

    /**
     * @param disk where checkpoint writes that fail and succeed again are reported; while they fail, this tailer
     *     reads nothing (see {@link #pollOnce()})
     */
    public LogTailer(TailerConfig config, CheckpointStore store, LineSink sink, StateDisk disk) {
        this.disk = Objects.requireNonNull(disk, "disk");
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.sink = Objects.requireNonNull(sink, "sink");
        for (String pattern : config.patterns()) {
            patterns.add(PathPattern.parse(pattern));
        }
        this.lastFlushNanos = config.nanoTime().getAsLong();
    }

    /** Starts polling on the tailer's own thread. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("tailer is closed");
        }
        if (executor != null) {
            throw new IllegalStateException("tailer already started");
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "log-tailer"));
        executor.execute(this::pollAndReschedule);
    }

    /**
     * One poll: check, discover, read, commit (see the class comment). Not to be mixed with {@link
     * #start()} except through its lock: concurrent calls run one after the other.
     *
     * @return true when a file still has bytes waiting because it hit {@code maxBytesPerPoll}
     * @throws InterruptedException when interrupted, also inside a blocking sink; the lines the sink
     *     did not take are delivered again by the next poll
     */
    public boolean pollOnce() throws InterruptedException {
        pollLock.lockInterruptibly();
        try {
            if (closed) {
                return false;
            }
            long now = config.nanoTime().getAsLong();
            boolean more = false;
            if (!paused && !checkpointsFailing) {
                for (TailSession s : List.copyOf(sessions)) {
                    checkContent(s, now);
                }
                scan(now);
                for (TailSession s : List.copyOf(sessions)) {
                    if (paused || checkpointsFailing) {
                        break;
                    }
                    more |= read(s, now);
                    closeIfFinished(s, now);
                }
                firstScanDone = true;
            }
            commitAndFlush(now);
            publishOpenFiles();
            polled = firstScanDone;
            return more && !paused && !checkpointsFailing;
        } finally {
            pollLock.unlock();
        }
    }

    /** Stops reading (commits and flushes go on) until {@link #resume()}. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    /**
     * Whether a poll has looked for the files and read them at least once. Before that {@link
     * #files()} is empty because nothing was looked at yet, not because there is nothing to read.
     */
    public boolean hasPolled() {
        return polled;
    }

    /** The files open now. */
    public List<TailedFile> files() {
        return openFiles;
    }

    /** Lines delivered to the sink since the start. */
    public long linesRead() {
        return linesRead.sum();
    }

    /** Bytes of the lines delivered to the sink since the start. */
    public long bytesRead() {
        return bytesRead.sum();
    }

    /**
     * Bytes the agent removed (truncated away) before they were read: at least what a poll had seen in the file
     * beyond what was read when the truncation was found.
     */
    public long lostBytes() {
        return lostBytes.sum();
    }

    /**
     * Files found shorter than their checkpoint at start: truncated while the collector was stopped, so whatever
     * the agent wrote after the committed offset and before the truncation was never read (how much is not known).
     */
    public long filesTruncatedWhileStopped() {
        return filesTruncatedWhileStopped.sum();
    }

    /**
     * Looks at the size of every open file; safe from any thread. Meant to be called about every second while the
     * sink blocks (spool full, disk full; the shipper calls it from its wait), when this tailer's poll looks at
     * nothing: a file truncated then would hide how much of it was never read.
     */
    public void observeSizes() {
        for (TailSession s : openSessions) {
            try {
                long size = s.channel.size();
                s.largestSeenSize.accumulateAndGet(size, Math::max);
                TailedFile file = s.file;
                if (file != null) {
                    // the lag gauge then shows the backlog growing while reading waits, not the size it last read
                    file.size(size);
                }
            } catch (IOException e) {
                // closed meanwhile, or unreadable: the tailer's own poll reports it
            }
        }
    }

    /** Sum over open files of size minus committed offset. */
    public long totalLagBytes() {
        long lag = 0;
        for (TailedFile file : openFiles) {
            lag += file.lagBytes();
        }
        return lag;
    }

    /**
     * Stops polling (interrupting a sink that blocks), commits what is acknowledged, closes the files
     * and flushes the checkpoint store. Lines not acknowledged by then are read again after a
     * restart. Idempotent.
     */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = executor;
        }
        if (running != null) {
            running.shutdownNow();
            try {
                if (!running.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Tailer thread did not stop within {}", STOP_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean locked = false;
        try {
            locked = pollLock.tryLock(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            log.error(
                    "A poll is still running after {}; checkpoints are not flushed: lines not committed"
                            + " before are read again after a restart",
                    STOP_TIMEOUT);
            return;
        }
        try {
            commitAll();
            for (TailSession s : sessions) {
                closeQuietly(s.channel);
            }
            sessions.clear();
            publishOpenFiles();
            try {
                store.flush();
            } catch (IOException e) {
                log.error(
                        "Could not write checkpoints to {} at shutdown: lines since the last flush are read"
                                + " again after a restart",
                        store.file(),
                        e);
            }
        } finally {
            pollLock.unlock();
        }
    }

    private void pollAndReschedule() {
        if (closed) {
            return;
        }
        long delayNanos = config.pollInterval().toNanos();
        try {
            if (pollOnce()) {
                delayNanos = 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException | StackOverflowError e) {
            // an exception escaping a task of the executor would end the polling silently, with the process alive
            // and the endpoint dark; OutOfMemoryError is left to the JVM (the image and the Windows service run it
            // with -XX:+ExitOnOutOfMemoryError: the service manager restarts it, and it resumes at its checkpoints)
            pollFailures.error("Tailer poll failed; trying again in " + config.pollInterval(), e);
        }
        try {
            executor.schedule(this::pollAndReschedule, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("Tailer stopped while rescheduling");
        }
    }

    // ---- step 1: truncation and copytruncate, seen through the open channel

    private void checkContent(TailSession s, long now) throws InterruptedException {
        try {
            long size = s.channel.size();
            byte[] head = ChannelReads.head(s.channel, Fingerprint.MAX_BYTES);
            if (s.file == null) {
                if (head.length > 0) {
                    begin(s, newIdentity(s.fileKey, Fingerprint.of(head)), 0, now);
                }
                return;
            }
            FileIdentity identity = s.file.identity();
            if (size < s.reader.readPosition()) {
                restart(
                        s,
                        "was truncated to " + size + " bytes, below read offset " + s.reader.readPosition(),
                        head,
                        now);
            } else if (!identity.matchesHead(head)) {
                restart(s, "has new content at its start (copied and truncated?)", head, now);
            } else if (!identity.fingerprint().isComplete()
                    && head.length > identity.fingerprint().length()) {
                s.file.identity(identity.withFingerprint(Fingerprint.of(head)));
            }
        } catch (IOException e) {
            readFailed(s, e);
        }
    }

    private void restart(TailSession s, String reason, byte[] head, long now) throws InterruptedException {
        TailedFile old = s.file;
        // what was seen and not read: bytes the agent wrote and removed between two looks are not counted, and
        // new content that outgrew the old before the truncation was noticed would be counted as old
        long unread = Math.max(0, s.largestSeenSize.getAndSet(0) - old.readOffset());
        lostBytes.add(unread);
        log.warn(
                "{} ({}) {}: reading it again from offset 0 as a new file; {} bytes after offset {} that were"
                        + " not read before the truncation are not in this file any more (counted as lost)",
                s.path,
                old.identity().asString(),
                reason,
                unread,
                old.readOffset());
        s.file = null;
        s.reader = null;
        finish(old);
        if (head.length > 0) {
            begin(s, newIdentity(s.fileKey, Fingerprint.of(head)), 0, now);
        }
    }

    // ---- step 2: discovery

    private void scan(long now) throws InterruptedException {
        for (TailSession s : sessions) {
            s.seen = false;
        }
        SortedSet<Path> paths = new TreeSet<>();
        for (PathPattern pattern : patterns) {
            paths.addAll(pattern.matches());
        }
        for (Path path : paths) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class);
            } catch (IOException e) {
                continue; // gone since the listing
            }
            String fileKey = FileIdentity.fileKeyOf(attributes);
            TailSession open = findSession(path, attributes, fileKey);
            if (open != null) {
                markSeen(open, path);
            } else if (attributes.size() > 0) {
                discover(path, fileKey, now);
            }
        }
        if (!firstScanDone) {
            finishFilesRotatedWhileStopped(now);
        }
        for (TailSession s : sessions) {
            if (s.seen) {
                s.unseenSinceNanos = -1;
            } else if (s.unseenSinceNanos < 0) {
                s.unseenSinceNanos = now;
            }
        }
    }

    /**
     * At the first scan, a checkpointed file that left its matching path while the collector was stopped (the
     * agent rotated it by renaming it, e.g. to {@code fsscorplug.log.1}) and still has bytes after its committed
     * offset is found in its directory by its file key and first bytes, and read from that offset to its end, then
     * closed: what a rotation while running gets. Without this its last lines would be skipped silently. A file
     * renamed out of its directory, or deleted, cannot be found: its checkpoint names what was committed, and
     * what the agent wrote after that and removed is not known here.
     */
    private void finishFilesRotatedWhileStopped(long now) {
        Set<String> tracked = trackedIds();
        java.util.Map<Path, List<Checkpoint>> byDirectory = new java.util.TreeMap<>();
        for (Checkpoint c : store.snapshot()) {
            Path parent = Path.of(c.path()).getParent();
            if (!tracked.contains(c.identity().asString()) && parent != null) {
                byDirectory.computeIfAbsent(parent, d -> new ArrayList<>()).add(c);
            }
        }
        for (java.util.Map.Entry<Path, List<Checkpoint>> dir : byDirectory.entrySet()) {
            List<Path> files;
            try (java.util.stream.Stream<Path> listing = Files.list(dir.getKey())) {
                files = listing.sorted().toList();
            } catch (IOException e) {
                continue; // the directory is gone: nothing to finish there
            }
            for (Path path : files) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    String fileKey = FileIdentity.fileKeyOf(attributes);
                    for (Checkpoint c : dir.getValue()) {
                        if (attributes.isRegularFile()
                                && c.identity().fileKey().equals(fileKey)
                                && attributes.size() > c.offset()
                                && !trackedIds().contains(c.identity().asString())) {
                            resumeRotated(path, c, now);
                        }
                    }
                } catch (IOException e) {
                    // gone since the listing, or not ours to read
                }
            }
        }
    }

    private void resumeRotated(Path path, Checkpoint c, long now) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        boolean keep = false;
        try {
            if (!c.identity().matchesHead(ChannelReads.head(channel, Fingerprint.MAX_BYTES))) {
                return; // the inode was reused for other content
            }
            TailSession s = new TailSession(channel, c.identity().fileKey(), path, now);
            log.info(
                    "Finishing {} ({}) from committed offset {} to its end ({} bytes): it was rotated to this name"
                            + " while the collector was stopped",
                    path,
                    c.identity().asString(),
                    c.offset(),
                    channel.size());
            begin(s, c.identity(), c.offset(), now);
            s.seen = false;
            sessions.add(s);
            keep = true;
        } finally {
            if (!keep) {
                closeQuietly(channel);
            }
        }
    }

    private TailSession findSession(Path path, BasicFileAttributes attributes, String fileKey) {
        List<TailSession> candidates = new ArrayList<>();
        for (TailSession s : sessions) {
            if (s.fileKey.equals(fileKey)) {
                candidates.add(s);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        if (attributes.fileKey() != null) {
            // an inode cannot be reused while our channel holds it open
            return candidates.get(0);
        }
        byte[] head;
        try (FileChannel probe = FileChannel.open(path, StandardOpenOption.READ)) {
            head = ChannelReads.head(probe, Fingerprint.MAX_BYTES);
        } catch (IOException e) {
            return candidates.get(0); // cannot look: keep the open file rather than open it twice
        }
        for (TailSession s : candidates) {
            boolean same = s.file == null ? head.length == 0 : s.file.identity().matchesHead(head);
            if (same) {
                return s;
            }
        }
        return null;
    }

    private void markSeen(TailSession s, Path path) {
        if (s.seen) {
            return; // a second link to the same file: the first path stays
        }
        s.seen = true;
        if (!path.equals(s.path)) {
            log.info("{} is now at {}", s.path, path);
            s.path = path;
            if (s.file != null) {
                s.file.path(path);
            }
        }
    }

    private void discover(Path path, String fileKey, long now) throws InterruptedException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            // one warning per file until it opens: the other files are read meanwhile, this one every poll again
            if (unopenable.add(path)) {
                log.warn("Cannot open {}: {}; trying again every poll", path, e.toString());
            }
            return;
        }
        if (unopenable.remove(path)) {
            log.info("{} can be opened again", path);
        }
        boolean keep = false;
        try {
            BasicFileAttributes opened = Files.readAttributes(path, BasicFileAttributes.class);
            byte[] head = ChannelReads.head(channel, Fingerprint.MAX_BYTES);
            if (!FileIdentity.fileKeyOf(opened).equals(fileKey) || head.length == 0) {
                return; // replaced between listing and opening, or emptied: look again next poll
            }
            TailSession s = new TailSession(channel, fileKey, path, now);
            Optional<Checkpoint> checkpoint = findCheckpoint(fileKey, head);
            long size = channel.size();
            if (checkpoint.isPresent() && checkpoint.get().offset() <= size) {
                Checkpoint c = checkpoint.get();
                log.info(
                        "Resuming {} ({}) at committed offset {}",
                        path,
                        c.identity().asString(),
                        c.offset());
                begin(s, c.identity(), c.offset(), now);
            } else {
                if (checkpoint.isPresent()) {
                    filesTruncatedWhileStopped.increment();
                    log.warn(
                            "{} ({}) has {} bytes, less than its committed offset {}: it was truncated while the"
                                    + " collector was not running; reading it from offset 0 as a new file",
                            path,
                            checkpoint.get().identity().asString(),
                            size,
                            checkpoint.get().offset());
                }
                if (checkpoint.isEmpty() && !store.withFileKey(fileKey).isEmpty()) {
                    log.info(
                            "{} has the file key of a checkpointed file but other content (a reused inode, or a"
                                    + " file rewritten while the collector was not running): reading it as a new"
                                    + " file",
                            path);
                }
                boolean skipExisting =
                        checkpoint.isEmpty() && !firstScanDone && config.startPosition() == StartPosition.END;
                long offset = skipExisting ? LineReader.endOfLastCompleteLine(channel, config.maxLineBytes()) : 0;
                FileIdentity identity = newIdentity(fileKey, Fingerprint.of(head));
                log.info("Tailing {} ({}) from offset {}", path, identity.asString(), offset);
                begin(s, identity, offset, now);
            }
            s.seen = true;
            sessions.add(s);
            keep = true;
        } catch (IOException e) {
            log.warn("Cannot start tailing {}: {}", path, e.toString());
        } finally {
            if (!keep) {
                closeQuietly(channel);
            }
        }
    }

    private Optional<Checkpoint> findCheckpoint(String fileKey, byte[] head) {
        Set<String> open = trackedIds();
        for (Checkpoint c : store.withFileKey(fileKey)) {
            if (!open.contains(c.identity().asString()) && c.identity().matchesHead(head)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private FileIdentity newIdentity(String fileKey, Fingerprint fingerprint) {
        Set<String> taken = trackedIds();
        for (int generation = 0; ; generation++) {
            FileIdentity candidate = FileIdentity.create(fileKey, fingerprint, generation);
            if (!taken.contains(candidate.asString())
                    && store.get(candidate.asString()).isEmpty()) {
                return candidate;
            }
        }
    }

    private void begin(TailSession s, FileIdentity identity, long offset, long now) {
        s.reader = new LineReader(s.channel, offset, config.maxLineBytes());
        s.file = new TailedFile(identity, s.path, new OffsetTracker(offset, config.nanoTime()), offset);
        s.lastDataNanos = now;
        s.idleNotified = true;
        store.commit(identity, s.path, offset);
        s.file.lastCommitted(offset);
    }

    // ---- step 3: reading and closing

    /** Returns true when the file has more bytes than this poll's budget allowed. */
    private boolean read(TailSession s, long now) throws InterruptedException {
        if (s.file == null) {
            return false;
        }
        long budget = config.maxBytesPerPoll();
        boolean delivered = false;
        try {
            long size = s.channel.size();
            s.file.size(size);
            s.largestSeenSize.accumulateAndGet(size, Math::max);
            if (size != s.lastSize) {
                s.lastSize = size;
                s.lastChangeNanos = now;
            }
            while (budget > 0 && !paused && !checkpointsFailing) {
                List<Line> lines =
                        s.reader.readLines(config.maxLinesPerBatch(), Math.min(budget, config.maxBatchBytes()));
                if (lines.isEmpty()) {
                    break;
                }
                if (!deliver(s, lines)) {
                    return false;
                }
                budget -= lines.get(lines.size() - 1).endOffset() - lines.get(0).startOffset();
                delivered = true;
                // a poll may read for many seconds on a slow host: what Kafka acknowledged meanwhile must not
                // wait for the poll's end to be committed, or a crash re-sends far more than the unacked tail
                commitAndFlush(config.nanoTime().getAsLong());
            }
            s.lastError = null;
        } catch (IOException e) {
            readFailed(s, e);
        }
        if (delivered) {
            s.lastDataNanos = now;
            s.idleNotified = false;
        } else if (!s.idleNotified
                && now - s.lastDataNanos >= config.idleDelay().toNanos()) {
            s.idleNotified = true;
            sink.onIdle(s.file);
        }
        return budget <= 0;
    }

    private boolean deliver(TailSession s, List<Line> lines) throws InterruptedException {
        Line first = lines.get(0);
        Line last = lines.get(lines.size() - 1);
        try {
            sink.onLines(s.file, Collections.unmodifiableList(lines));
        } catch (InterruptedException e) {
            s.reader.seek(first.startOffset());
            throw e;
        } catch (RuntimeException e) {
            sinkFailures.error(
                    "Line sink failed on " + lines.size() + " line(s) of " + s.path + " from offset "
                            + first.startOffset() + "; delivering them again next poll",
                    e);
            s.reader.seek(first.startOffset());
            return false;
        }
        linesRead.add(lines.size());
        bytesRead.add(last.endOffset() - first.startOffset());
        s.file.readOffset(last.endOffset());
        return true;
    }

    private void closeIfFinished(TailSession s, long now) throws InterruptedException {
        // counted from the rename too: a file quiet before its rotation may still get a last write
        long quietSince = Math.max(s.lastChangeNanos, s.unseenSinceNanos);
        if (s.seen || now - quietSince < config.closeDelay().toNanos()) {
            return;
        }
        try {
            if (s.file != null) {
                if (s.reader.readPosition() < s.channel.size()) {
                    return; // bytes still waiting: budget or pause
                }
                List<Line> rest = s.reader.drainToEnd();
                if (!rest.isEmpty() && !deliver(s, rest)) {
                    return;
                }
                finish(s.file);
                s.file = null;
            }
        } catch (IOException e) {
            readFailed(s, e);
            return;
        }
        log.info("Closed {}: no longer at a matching path and unchanged for {}", s.path, config.closeDelay());
        sessions.remove(s);
        closeQuietly(s.channel);
    }

    private void finish(TailedFile file) throws InterruptedException {
        file.markClosed();
        draining.add(file);
        sink.onFileClosed(file);
    }

    // ---- step 4: commit and flush

    private void commitAndFlush(long now) {
        commitAll();
        if (now - lastFlushNanos < config.flushInterval().toNanos()) {
            return;
        }
        lastFlushNanos = now;
        for (TailSession s : sessions) {
            if (s.file != null) {
                store.touch(s.file.identity(), s.path);
            }
        }
        store.prune(trackedIds());
        try {
            store.flush();
            if (checkpointsFailing) {
                checkpointsFailing = false;
                disk.writeSucceeded(StateDisk.Writer.CHECKPOINTS);
            }
        } catch (IOException e) {
            // the file on disk is the last good one (see CheckpointStore#flush); the store stays dirty and the
            // next flush, a flush interval later, tries again
            checkpointsFailing = true;
            disk.writeFailed(StateDisk.Writer.CHECKPOINTS, store.file(), e);
        }
    }

    /** Whether reading waits because the last checkpoint write failed. */
    public boolean isCheckpointWriteFailing() {
        return checkpointsFailing;
    }

    private void commitAll() {
        for (TailSession s : sessions) {
            if (s.file != null) {
                commit(s.file);
            }
        }
        for (Iterator<TailedFile> it = draining.iterator(); it.hasNext(); ) {
            TailedFile file = it.next();
            commit(file);
            if (file.offsets().unackedCount() == 0) {
                it.remove();
            }
        }
    }

    private void commit(TailedFile file) {
        long committable = file.offsets().committable();
        if (committable != file.lastCommitted()) {
            store.commit(file.identity(), file.path(), committable);
            file.lastCommitted(committable);
        }
    }

    // ---- helpers

    private Set<String> trackedIds() {
        Set<String> ids = new HashSet<>();
        for (TailSession s : sessions) {
            if (s.file != null) {
                ids.add(s.file.identity().asString());
            }
        }
        for (TailedFile file : draining) {
            ids.add(file.identity().asString());
        }
        return ids;
    }

    private void publishOpenFiles() {
        openSessions = List.copyOf(sessions);
        List<TailedFile> files = new ArrayList<>();
        for (TailSession s : sessions) {
            if (s.file != null) {
                files.add(s.file);
            }
        }
        openFiles = List.copyOf(files);
    }

    private void readFailed(TailSession s, IOException e) {
        String error = e.toString();
        if (!error.equals(s.lastError)) {
            log.warn("Cannot read {}: {}; trying again every poll", s.path, error);
            s.lastError = error;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Closing a channel failed: {}", e.toString());
        }
    }
}
