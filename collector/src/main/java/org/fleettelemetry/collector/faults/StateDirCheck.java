package org.fleettelemetry.collector.faults;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks {@code state.dir} before anything else starts (no producer, no thread, no metrics port yet), so a collector
 * that cannot keep its checkpoints and spool stops at once with one message naming the path, and exit status {@link
 * StateDirException#EXIT_CODE}, instead of half-starting.
 *
 * <p>A missing directory is created (a first start, or a state directory removed on purpose: the files are then read
 * from {@code start.position}). The check creates and deletes an empty file, which needs permission and a writable
 * file system but no free space: a full disk is not a reason to refuse to start (the collector waits for space while
 * it runs, see {@link StateDisk}), a read-only or forbidden one is.
 */
public final class StateDirCheck {
    static final String PROBE = ".collector-write-check";
    private static final Logger log = LoggerFactory.getLogger(StateDirCheck.class);

    private StateDirCheck() {}

    /** @throws StateDirException when the directory cannot be created, is not a directory, or refuses new files */
    public static void check(Path stateDir) {
        Path dir = stateDir.toAbsolutePath();
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
            throw new StateDirException(
                    "state.dir " + dir + " exists but is not a directory: set state.dir to a"
                            + " directory the collector may write, or move the file away",
                    null);
        }
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StateDirException(
                        "state.dir " + dir + " does not exist and cannot be created (" + reason(e)
                                + "): create it for the collector's user, or set state.dir",
                        e);
            }
            log.info("Created state.dir {}: no checkpoints yet, files are read from start.position", dir);
        }
        Path probe = dir.resolve(PROBE);
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new StateDirException(
                    "state.dir " + dir + " is not writable (" + reason(e)
                            + "): the collector keeps its checkpoints and spool there; give its user write access"
                            + " or set state.dir",
                    e);
        }
        for (String child : new String[] {"spool"}) {
            Path sub = dir.resolve(child);
            if (Files.exists(sub, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(sub)) {
                throw new StateDirException(
                        "state.dir " + dir + " holds a file " + sub
                                + " where the spool directory belongs: move it away",
                        null);
            }
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getClass().getSimpleName() + ": " + fse.getReason();
        }
        return e.toString();
    }
}
