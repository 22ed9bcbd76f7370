package org.fleettelemetry.collector.faults;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One repeated problem, logged at most once per interval: the first occurrence at once, later ones only
 * when the interval has passed, saying how many were left out meanwhile. A collector runs unattended on
 * thousands of endpoints; an error that repeats every poll (four times a second) must not fill the disk
 * or the log shipper with its own copies, and the first line already says what is wrong.
 *
 * <p>Thread-safe. A stack trace is logged with the first occurrence only.
 */
public final class RateLimitedLog {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private boolean logged;
    private long lastNanos;
    private long suppressed;

    public RateLimitedLog(Logger log) {
        this(log, DEFAULT_INTERVAL, System::nanoTime);
    }

    public RateLimitedLog(Logger log, Duration interval, LongSupplier nanoTime) {
        this.log = Objects.requireNonNull(log, "log");
        this.intervalNanos = interval.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Logs at WARN unless one was logged within the interval; the throwable's trace only the first time. */
    public void warn(String message, Throwable error) {
        emit(false, message, error);
    }

    /** Logs at ERROR unless one was logged within the interval; the throwable's trace only the first time. */
    public void error(String message, Throwable error) {
        emit(true, message, error);
    }

    /** The problem is gone: the next occurrence is logged at once again. Returns how many went unlogged. */
    public synchronized long reset() {
        long left = suppressed;
        logged = false;
        suppressed = 0;
        return left;
    }

    private void emit(boolean error, String message, Throwable cause) {
        boolean first;
        long left;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (logged && now - lastNanos < intervalNanos) {
                suppressed++;
                return;
            }
            first = !logged;
            left = suppressed;
            logged = true;
            lastNanos = now;
            suppressed = 0;
        }
        String text = left == 0
                ? message
                : message + " (" + left + " more like it in the last "
                        + Duration.ofNanos(intervalNanos).toSeconds() + " s not logged)";
        if (!first && cause != null) {
            text = text + ": " + cause;
            cause = null;
        }
        if (error) {
            log.error(text, cause);
        } else {
            log.warn(text, cause);
        }
    }
}
