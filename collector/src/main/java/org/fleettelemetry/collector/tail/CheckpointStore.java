package org.fleettelemetry.collector.tail;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable map from file identity to {@link Checkpoint}: where to resume each file after a restart.
 * One JSON file, {@value #FILE_NAME}, in the state directory.
 *
 * <p><b>Durability.</b> {@link #commit} and {@link #touch} change memory only; {@link #flush()}
 * writes when something changed: to a temporary file in the same directory, forced to disk, renamed
 * over the old file with an atomic move, then the directory itself is forced so the rename survives
 * a power cut (where the OS cannot open a directory, as on Windows, that last step is skipped). A
 * crash at any point leaves either the old or the new file whole; a temporary file left behind is
 * ignored and removed on the next {@link #open}. The owner calls {@code flush()} periodically and
 * at shutdown ({@link LogTailer} does both).
 *
 * <p><b>Corruption replays, never loses.</b> A checkpoint file that cannot be read is moved aside
 * to {@code checkpoints.json.corrupt-<time>}, a WARN names it, and the store starts empty: files
 * are then read again from their start position, so lines may be shipped twice but none is lost.
 *
 * <p><b>Retention.</b> Entries not updated or seen for longer than the retention (default 7 days)
 * are removed by {@link #prune}.
 *
 * <p>Thread-safe.
 */
public final class CheckpointStore {

    public static final String FILE_NAME = "checkpoints.json";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    static final String TEMP_NAME = FILE_NAME + ".tmp";

    /** A touch alone rewrites the file at most this often: last-seen times need no precision. */
    private static final Duration TOUCH_GRANULARITY = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);
    private static final DateTimeFormatter CORRUPT_SUFFIX =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final Path file;
    private final Duration retention;
    private final Clock clock;
    private final Map<String, Checkpoint> entries = new LinkedHashMap<>();
    private final Object writeLock = new Object();
    private boolean dirty;

    private CheckpointStore(Path directory, Duration retention, Clock clock) {
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
        this.retention = retention;
        this.clock = clock;
    }

    public static CheckpointStore open(Path stateDir) throws IOException {
        return open(stateDir, DEFAULT_RETENTION, Clock.systemUTC());
    }

    /**
     * Loads the store from {@code stateDir}, creating the directory if needed.
     *
     * @throws IOException when the directory or the file cannot be accessed at all (an unreadable
     *     file is an operator problem to fix, not corruption to replay over)
     */
    public static CheckpointStore open(Path stateDir, Duration retention, Clock clock) throws IOException {
        Objects.requireNonNull(stateDir, "stateDir");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, got " + retention);
        }
        Files.createDirectories(stateDir);
        CheckpointStore store = new CheckpointStore(stateDir, retention, Objects.requireNonNull(clock));
        store.load();
        return store;
    }

    public Path file() {
        return file;
    }

    public synchronized Optional<Checkpoint> get(String identity) {
        return Optional.ofNullable(entries.get(identity));
    }

    /** Entries for files with this OS file key, most recently updated first. */
    public synchronized List<Checkpoint> withFileKey(String fileKey) {
        List<Checkpoint> found = new ArrayList<>();
        for (Checkpoint c : entries.values()) {
            if (c.identity().fileKey().equals(fileKey)) {
                found.add(c);
            }
        }
        found.sort(Comparator.comparing(Checkpoint::updatedAt).reversed());
        return found;
    }

    public synchronized List<Checkpoint> snapshot() {
        return List.copyOf(entries.values());
    }

    /**
     * Records that every line of {@code identity} before {@code offset} is shipped. Offsets of one
     * identity only move forward: a lower offset keeps the higher one.
     */
    public synchronized void commit(FileIdentity identity, Path path, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        Checkpoint old = entries.get(identity.asString());
        long committed = old == null ? offset : Math.max(old.offset(), offset);
        FileIdentity newest = old == null ? identity : longerFingerprint(old.identity(), identity);
        String where = path.toString();
        if (old != null
                && old.offset() == committed
                && old.path().equals(where)
                && old.identity().fingerprint().equals(newest.fingerprint())) {
            return;
        }
        entries.put(identity.asString(), new Checkpoint(newest, where, committed, clock.instant()));
        dirty = true;
    }

    /**
     * Records that the file is still there (so it is not pruned), where it is, and its grown
     * fingerprint. Unknown identities are ignored: only {@link #commit} creates entries.
     */
    public synchronized void touch(FileIdentity identity, Path path) {
        Checkpoint old = entries.get(identity.asString());
        if (old == null) {
            return;
        }
        Instant now = clock.instant();
        FileIdentity newest = longerFingerprint(old.identity(), identity);
        boolean changed = !old.path().equals(path.toString())
                || !old.identity().fingerprint().equals(newest.fingerprint());
        boolean stale = old.updatedAt().plus(TOUCH_GRANULARITY).isBefore(now);
        if (changed || stale) {
            entries.put(old.identity().asString(), new Checkpoint(newest, path.toString(), old.offset(), now));
            dirty = true;
        }
    }

    /**
     * Removes entries not updated for longer than the retention, except those in {@code liveIds}.
     *
     * @return how many were removed
     */
    public synchronized int prune(Set<String> liveIds) {
        Instant cutoff = clock.instant().minus(retention);
        int before = entries.size();
        entries.values()
                .removeIf(c -> c.updatedAt().isBefore(cutoff)
                        && !liveIds.contains(c.identity().asString()));
        int removed = before - entries.size();
        if (removed > 0) {
            dirty = true;
            log.info("Pruned {} checkpoint(s) of files gone for more than {}", removed, retention);
        }
        return removed;
    }

    public synchronized boolean isDirty() {
        return dirty;
    }

    /**
     * Writes the store if it changed since the last write.
     *
     * @return true when it wrote
     * @throws IOException when writing failed; the store stays dirty and the next flush tries again
     */
    public boolean flush() throws IOException {
        synchronized (writeLock) {
            byte[] json;
            synchronized (this) {
                if (!dirty) {
                    return false;
                }
                json = CheckpointJson.encode(entries.values());
                dirty = false;
            }
            try {
                writeAtomically(json);
            } catch (IOException e) {
                synchronized (this) {
                    dirty = true;
                }
                throw e;
            }
            return true;
        }
    }

    private void writeAtomically(byte[] json) throws IOException {
        Path temp = directory.resolve(TEMP_NAME);
        try {
            try (FileChannel channel = FileChannel.open(temp, CREATE, TRUNCATE_EXISTING, WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the old file is whole (only a rename replaces it); a half-written temporary file would only take
            // space from the next attempt on a full disk
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cannotDelete) {
                e.addSuppressed(cannotDelete);
            }
            throw e;
        }
        forceDirectory();
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; NTFS journals the rename itself.
            log.debug("Could not force directory {}: {}", directory, e.toString());
        }
    }

    private void load() throws IOException {
        Path temp = directory.resolve(TEMP_NAME);
        if (Files.deleteIfExists(temp)) {
            log.info("Removed {} left by an interrupted checkpoint write; {} is intact", temp, file);
        }
        if (!Files.exists(file)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        List<Checkpoint> loaded;
        try {
            loaded = CheckpointJson.decode(bytes);
        } catch (IOException | RuntimeException e) {
            setAside(e);
            return;
        }
        for (Checkpoint c : loaded) {
            entries.put(c.identity().asString(), c);
        }
        log.info("Loaded {} checkpoint(s) from {}", entries.size(), file);
    }

    private void setAside(Exception cause) throws IOException {
        Path aside = directory.resolve(FILE_NAME + ".corrupt-" + CORRUPT_SUFFIX.format(clock.instant()));
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        log.warn(
                "Checkpoint file {} is corrupt ({}); moved it to {} and starting without checkpoints:"
                        + " files are read again from their start position (lines may be shipped twice,"
                        + " none is lost)",
                file,
                cause.toString(),
                aside);
    }

    private static FileIdentity longerFingerprint(FileIdentity stored, FileIdentity offered) {
        return offered.fingerprint().length() > stored.fingerprint().length() ? offered : stored;
    }
}
