package org.fleettelemetry.collector.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.LongSupplier;
import org.fleettelemetry.collector.config.ProbeSettings;

/**
 * The sequence in a probe event's id, strictly increasing per endpoint across restarts and after the state file is
 * lost: the streams app drops an event whose (file identity, offset range) it has seen, so a sequence used twice
 * would drop a real probe as a duplicate.
 *
 * <p>{@code next(i) = max(last + 1, wallMillis * 16 + i)}, {@code i} the target's index (below 16), and the result is
 * written to the state file before the event is handed to the shipper. Why it is monotone:
 *
 * <ul>
 *   <li>within a run, {@code last + 1} alone makes each value larger than the one before;
 *   <li>across a restart, {@code last} starts at the persisted value, which is the largest ever handed out, because
 *       it is written before the event can reach Kafka or the spool (written after the acknowledgement, a probe that
 *       was spooled, or delivered and killed before its ack, would leave its number free for reuse);
 *   <li>when the file is lost (or unwritable), {@code wallMillis * 16 + i} is still above every earlier value as long
 *       as the wall clock did not go back past the earlier probes: an earlier value was either {@code wallMillis' *
 *       16 + i'} with an earlier instant, or {@code last + 1}, which exceeds the clock's term only when the clock went
 *       back or more than 16 values were taken in one millisecond (a round takes at most 16, and rounds are at least
 *       {@code probe.timeout} apart). Lost state <em>and</em> a clock set back is the one case it cannot cover.
 * </ul>
 */
public final class ProbeSequence {
    public static final String FILE_NAME = "probe-sequence";

    private final Path file;
    private final LongSupplier wallMillis;
    private long last;

    private ProbeSequence(Path file, LongSupplier wallMillis, long last) {
        this.file = file;
        this.wallMillis = wallMillis;
        this.last = last;
    }

    /** Opens the sequence kept in {@code stateDir}; a missing or unreadable file starts from the clock alone. */
    public static ProbeSequence open(Path stateDir, LongSupplier wallMillis) {
        Path file = stateDir.resolve(FILE_NAME);
        long last = -1;
        try {
            if (Files.exists(file)) {
                last = Long.parseLong(
                        Files.readString(file, StandardCharsets.UTF_8).trim());
            }
        } catch (IOException | NumberFormatException e) {
            // lost in effect: the clock's term carries on (see the class comment)
            last = -1;
        }
        return new ProbeSequence(file, wallMillis, last);
    }

    /** The last value handed out (or read at open), -1 when none. */
    public synchronized long last() {
        return last;
    }

    /**
     * The next value for the target at {@code targetIndex}, persisted before it is returned.
     *
     * @throws IOException when the value cannot be persisted; it is taken all the same (monotone within this run, and
     *     after a restart by the clock's term)
     */
    public synchronized long next(int targetIndex) throws IOException {
        if (targetIndex < 0 || targetIndex >= ProbeSettings.MAX_TARGETS) {
            throw new IllegalArgumentException(
                    "target index " + targetIndex + " outside 0.." + (ProbeSettings.MAX_TARGETS - 1));
        }
        long byClock = Math.multiplyExact(wallMillis.getAsLong(), ProbeSettings.MAX_TARGETS) + targetIndex;
        last = Math.max(last + 1, byClock);
        persist(last);
        return last;
    }

    private void persist(long value) throws IOException {
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.writeString(tmp, Long.toString(value), StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
