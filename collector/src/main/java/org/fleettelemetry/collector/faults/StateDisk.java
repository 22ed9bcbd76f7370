package org.fleettelemetry.collector.faults;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the collector can write its {@code state.dir} (the spool, the checkpoints), shared by everything that
 * writes there. A full disk (or one that refuses writes for another reason) is an episode: one ERROR when it
 * starts, naming the path and the free space, one INFO when every writer succeeded again, and {@link #isFailing()}
 * for a gauge while it lasts. Each writer retries on its own and reports every outcome here; repeated failures in
 * one episode are not logged again. An episode that starts within a minute of the last one's end is announced
 * only if it lasts a minute, so a disk at the edge of full (the replay frees space, reading takes it again) cannot
 * flood the log either; the next announced end counts the ones left out.
 *
 * <p>What the collector does meanwhile is each writer's business (see {@code Spool} and {@code LogTailer}): reading
 * stops, so the lines stay in the agent's file; events Kafka takes are still shipped; nothing registered is
 * dropped.
 */
public final class StateDisk {
    /** What writes into the state directory. */
    public enum Writer {
        SPOOL("spool"),
        CHECKPOINTS("checkpoints");

        private final String label;

        Writer(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(StateDisk.class);
    private static final Duration ANNOUNCE_INTERVAL = Duration.ofMinutes(1);

    private final Path stateDir;
    private final LongSupplier nanoTime;
    private final Set<Writer> failing = EnumSet.noneOf(Writer.class);
    private long episodeStartNanos;
    private long lastEndNanos;
    private boolean announced;
    private boolean everAnnounced;
    private long unannouncedEpisodes;
    private long failures;

    public StateDisk(Path stateDir) {
        this(stateDir, System::nanoTime);
    }

    public StateDisk(Path stateDir, LongSupplier nanoTime) {
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** {@code writer} could not write {@code path}; it keeps what it had and tries again later. */
    public void writeFailed(Writer writer, Path path, IOException error) {
        if (error instanceof ClosedByInterruptException) {
            // the collector is stopping and interrupted the writer: not the disk. The file written before stays
            // (every state file is replaced whole), so nothing is lost and no episode starts
            log.info(
                    "The {} write to {} was interrupted: the collector is stopping; the last one written stays",
                    writer,
                    path);
            return;
        }
        String space = freeSpace(path);
        synchronized (this) {
            failures++;
            boolean starts = failing.isEmpty();
            failing.add(writer);
            long now = nanoTime.getAsLong();
            if (starts) {
                episodeStartNanos = now;
                // a disk at the edge of full (space freed by the replay, taken again by reading) flaps: an episode
                // starting within a minute of the last one's end is not announced, unless it lasts a minute
                if (everAnnounced && now - lastEndNanos < ANNOUNCE_INTERVAL.toNanos()) {
                    announced = false;
                    unannouncedEpisodes++;
                    return;
                }
            } else if (announced || now - episodeStartNanos < ANNOUNCE_INTERVAL.toNanos()) {
                return;
            } else {
                unannouncedEpisodes--; // this one is announced after all
            }
            announced = true;
            everAnnounced = true;
        }
        log.error(
                "Cannot write the {} at {}: {}; {} in state.dir {}. Reading stops until it can: the lines stay in"
                        + " the agent's log files, events Kafka takes are still shipped, the last good checkpoint is"
                        + " kept; retrying every second",
                writer,
                path,
                error.toString(),
                space,
                stateDir);
    }

    /** {@code writer} wrote successfully: when it was the last one failing, the episode ends. */
    public void writeSucceeded(Writer writer) {
        long lasted;
        long merged;
        synchronized (this) {
            if (!failing.remove(writer) || !failing.isEmpty()) {
                return;
            }
            long now = nanoTime.getAsLong();
            lasted = now - episodeStartNanos;
            lastEndNanos = now;
            if (!announced) {
                return;
            }
            merged = unannouncedEpisodes;
            unannouncedEpisodes = 0;
        }
        log.info(
                "The collector no longer waits on writes to {} (after {} s{}): reading resumes ({})",
                stateDir,
                Duration.ofNanos(lasted).toSeconds(),
                merged == 0 ? "" : " (and " + merged + " shorter episode(s) before, not logged)",
                freeSpace(stateDir));
    }

    /** Whether some writer cannot write the state directory now. */
    public synchronized boolean isFailing() {
        return !failing.isEmpty();
    }

    public synchronized boolean isFailing(Writer writer) {
        return failing.contains(writer);
    }

    /** Write failures counted since the start (each retry that failed). */
    public synchronized long failures() {
        return failures;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** "N bytes free of M" for the file system holding {@code path} (or its nearest existing parent). */
    static String freeSpace(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return "free space unknown";
        }
        try {
            FileStore store = Files.getFileStore(existing);
            return store.getUsableSpace() + " bytes free of " + store.getTotalSpace();
        } catch (IOException e) {
            return "free space unknown: " + e;
        }
    }
}
