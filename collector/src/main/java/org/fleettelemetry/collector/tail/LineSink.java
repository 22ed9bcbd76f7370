package org.fleettelemetry.collector.tail;

import java.util.List;

/**
 * Receives what {@link LogTailer} reads. Every method is called on the tailer's thread, for one
 * file at a time, in file order.
 *
 * <p><b>Backpressure:</b> a sink that cannot take more (the shipper's spool is full) blocks in
 * {@link #onLines}; the tailer reads nothing while it blocks, and nothing is dropped. Blocking
 * sinks must return promptly with {@link InterruptedException} when interrupted: that is how {@link
 * LogTailer#close()} stops them.
 *
 * <p><b>Committing:</b> lines handed over are NOT committed. The consumer registers each event it
 * emits with {@code file.offsets().register(endOffset)} and acknowledges it with {@code
 * file.offsets().ack(endOffset)} once Kafka has it; the tailer commits {@link
 * OffsetTracker#committable()} to the {@link CheckpointStore} on its next poll.
 */
public interface LineSink {

    /**
     * New complete lines of {@code file}, in order, never empty. Taken once this returns normally. If
     * it throws a {@link RuntimeException}, the same lines are delivered again on the next poll, so a
     * sink that throws must not have registered any of them on {@link TailedFile#offsets()}.
     */
    void onLines(TailedFile file, List<Line> lines) throws InterruptedException;

    /**
     * {@code file} had no new line for the idle delay since the last lines delivered: a good moment
     * to flush an entry still waiting for continuation lines. Called once per quiet period.
     */
    void onIdle(TailedFile file) throws InterruptedException;

    /**
     * {@code file} is finished: rotated away, deleted, or truncated (after which its content
     * continues under a new {@link TailedFile}). No more lines of it will come; flush whatever is
     * pending for it. Not called at {@link LogTailer#close()}: the files are not finished then, and
     * what was not committed is read again after a restart.
     */
    void onFileClosed(TailedFile file) throws InterruptedException;
}
