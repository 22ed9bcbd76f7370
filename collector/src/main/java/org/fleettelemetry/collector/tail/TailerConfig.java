package org.fleettelemetry.collector.tail;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Settings of a {@link LogTailer}. Build with {@link #builder(List)}; every setting but the
 * patterns has a default.
 *
 * @param patterns files to tail: paths whose components may be globs (see {@link PathPattern})
 * @param startPosition where files without a checkpoint start, for files present at the first scan
 * @param pollInterval pause between polls when there was nothing left to read (default 250 ms)
 * @param idleDelay quiet time after the last lines before {@link LineSink#onIdle} (default 1 s)
 * @param closeDelay how long a file no longer at a matching path must stay unchanged before it is
 *     closed (default 5 s): a rotated file may still get its last lines through the writer's handle
 * @param flushInterval how often the checkpoint store is written when it changed (default 1 s)
 * @param maxLineBytes longer lines are cut to this many bytes and a marker, the rest skipped (default 64 KiB;
 *     see {@link LineReader})
 * @param maxLinesPerBatch most lines per {@link LineSink#onLines} call (default 1024)
 * @param maxBatchBytes most bytes per {@link LineSink#onLines} call (default 1 MiB)
 * @param maxBytesPerPoll most bytes read from one file per poll, so one big backlog does not starve
 *     the other files (default 8 MiB); the background loop polls again at once when a file hit it
 * @param nanoTime monotonic clock for the delays; tests pass a manual one
 */
public record TailerConfig(
        List<String> patterns,
        StartPosition startPosition,
        Duration pollInterval,
        Duration idleDelay,
        Duration closeDelay,
        Duration flushInterval,
        int maxLineBytes,
        int maxLinesPerBatch,
        int maxBatchBytes,
        long maxBytesPerPoll,
        LongSupplier nanoTime) {

    public TailerConfig {
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("patterns must name at least one file or glob");
        }
        Objects.requireNonNull(startPosition, "startPosition");
        requirePositive(pollInterval, "pollInterval");
        requireNotNegative(idleDelay, "idleDelay");
        requireNotNegative(closeDelay, "closeDelay");
        requireNotNegative(flushInterval, "flushInterval");
        if (maxLineBytes < LineReader.MIN_MAX_LINE_BYTES) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be >= " + LineReader.MIN_MAX_LINE_BYTES + ", got " + maxLineBytes);
        }
        if (maxLinesPerBatch < 1 || maxBatchBytes < 1 || maxBytesPerPoll < 1) {
            throw new IllegalArgumentException("batch and poll limits must be >= 1");
        }
        Objects.requireNonNull(nanoTime, "nanoTime");
    }

    public static Builder builder(List<String> patterns) {
        return new Builder(patterns);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    private static void requireNotNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
    }

    /** Builder with the defaults documented on {@link TailerConfig}. */
    public static final class Builder {
        private final List<String> patterns;
        private StartPosition startPosition = StartPosition.BEGINNING;
        private Duration pollInterval = Duration.ofMillis(250);
        private Duration idleDelay = Duration.ofSeconds(1);
        private Duration closeDelay = Duration.ofSeconds(5);
        private Duration flushInterval = Duration.ofSeconds(1);
        private int maxLineBytes = LineReader.DEFAULT_MAX_LINE_BYTES;
        private int maxLinesPerBatch = 1024;
        private int maxBatchBytes = 1 << 20;
        private long maxBytesPerPoll = 8L << 20;
        private LongSupplier nanoTime = System::nanoTime;

        private Builder(List<String> patterns) {
            this.patterns = List.copyOf(patterns);
        }

        public Builder startPosition(StartPosition value) {
            this.startPosition = value;
            return this;
        }

        public Builder pollInterval(Duration value) {
            this.pollInterval = value;
            return this;
        }

        public Builder idleDelay(Duration value) {
            this.idleDelay = value;
            return this;
        }

        public Builder closeDelay(Duration value) {
            this.closeDelay = value;
            return this;
        }

        public Builder flushInterval(Duration value) {
            this.flushInterval = value;
            return this;
        }

        public Builder maxLineBytes(int value) {
            this.maxLineBytes = value;
            return this;
        }

        public Builder maxLinesPerBatch(int value) {
            this.maxLinesPerBatch = value;
            return this;
        }

        public Builder maxBatchBytes(int value) {
            this.maxBatchBytes = value;
            return this;
        }

        public Builder maxBytesPerPoll(long value) {
            this.maxBytesPerPoll = value;
            return this;
        }

        public Builder nanoTime(LongSupplier value) {
            this.nanoTime = value;
            return this;
        }

        public TailerConfig build() {
            return new TailerConfig(
                    patterns,
                    startPosition,
                    pollInterval,
                    idleDelay,
                    closeDelay,
                    flushInterval,
                    maxLineBytes,
                    maxLinesPerBatch,
                    maxBatchBytes,
                    maxBytesPerPoll,
                    nanoTime);
        }
    }
}
