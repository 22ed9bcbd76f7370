package org.fleettelemetry.collector.tail;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Which byte offset of one file is safe to commit, given events shipped in order and acknowledged
 * in any order.
 *
 * <p>The shipper {@linkplain #register registers} each event's end offset (the {@link
 * Line#endOffset()} of the event's last line) when it emits the event, in file order, and calls
 * {@link #ack} with the same offset when the event is durably stored (the Kafka producer's
 * callback, on the producer's I/O thread). {@link #committable()} is the highest offset such that
 * every registered offset up to it is acknowledged: committing it never skips an unacknowledged
 * line. All methods are thread-safe.
 *
 * <p>Pending events live in a ring of primitive arrays in registration (= offset) order: one is
 * registered and acknowledged per shipped event, so this path must not allocate or box.
 */
public final class OffsetTracker {

    private static final int INITIAL_CAPACITY = 64;

    /** A ring grown for a backlog (e.g. while spooling) is let go once it is empty again. */
    private static final int MAX_IDLE_CAPACITY = 4096;

    private final LongSupplier nanoTime;

    /**
     * Registered and not yet committable, oldest first, from index {@code head} for {@code size}
     * slots (wrapping): the head is always unacknowledged.
     */
    private long[] endOffsets = new long[INITIAL_CAPACITY];

    private long[] registeredNanos = new long[INITIAL_CAPACITY];
    private boolean[] acked = new boolean[INITIAL_CAPACITY];
    private int head;
    private int size;

    private long committable;
    private long lastRegistered;
    private int unackedCount;
    private long unackedBytes;

    /**
     * @param baseOffset the offset reading started at: committable before anything is registered
     * @param nanoTime monotonic clock for the age of the oldest unacknowledged event
     */
    public OffsetTracker(long baseOffset, LongSupplier nanoTime) {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("baseOffset must be >= 0, got " + baseOffset);
        }
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.committable = baseOffset;
        this.lastRegistered = baseOffset;
    }

    public OffsetTracker(long baseOffset) {
        this(baseOffset, System::nanoTime);
    }

    /**
     * Records an emitted event ending at {@code endOffset}.
     *
     * @throws IllegalArgumentException when the offset is not above the last registered one: events
     *     must be registered in file order, each ending after the previous
     */
    public synchronized void register(long endOffset) {
        if (endOffset <= lastRegistered) {
            throw new IllegalArgumentException(
                    "offsets must be registered in increasing order: " + endOffset + " after " + lastRegistered);
        }
        if (size == endOffsets.length) {
            grow();
        }
        int slot = slot(size);
        endOffsets[slot] = endOffset;
        registeredNanos[slot] = nanoTime.getAsLong();
        acked[slot] = false;
        size++;
        unackedCount++;
        unackedBytes += endOffset - lastRegistered;
        lastRegistered = endOffset;
    }

    /**
     * Registers {@code endOffset} unless it is not above the last registered one (an event registered before, shipped
     * again after a failure): {@link #lastRegistered} and {@link #register} under one lock, taken once per event
     * by the tailer while the producer's thread takes it for every acknowledgement.
     *
     * @return true when it was registered
     */
    public synchronized boolean registerIfAfterLast(long endOffset) {
        if (endOffset <= lastRegistered) {
            return false;
        }
        register(endOffset);
        return true;
    }

    /**
     * As {@link #ack}, for an acknowledgement that may name an offset this tracker never registered (an event spooled
     * by an earlier run): false then, instead of an exception, and under one lock with the check.
     *
     * @return true when this acknowledged a pending event
     */
    public synchronized boolean ackIfRegistered(long endOffset) {
        int index = indexOf(endOffset);
        return index >= 0 && ackAt(index, endOffset);
    }

    /**
     * Marks the event ending at {@code endOffset} as durably shipped.
     *
     * @return true when this acknowledged a pending event; false for a repeated acknowledgement
     * @throws IllegalArgumentException when no event ending there was registered
     */
    public synchronized boolean ack(long endOffset) {
        int index = indexOf(endOffset);
        if (index < 0) {
            if (endOffset <= committable) {
                return false;
            }
            throw new IllegalArgumentException(
                    "ack for offset " + endOffset + " that was never registered (last " + lastRegistered + ")");
        }
        return ackAt(index, endOffset);
    }

    private boolean ackAt(int index, long endOffset) {
        int slot = slot(index);
        if (acked[slot]) {
            return false;
        }
        acked[slot] = true;
        unackedCount--;
        unackedBytes -= endOffset - (index == 0 ? committable : endOffsets[slot(index - 1)]);
        while (size > 0 && acked[head]) {
            committable = endOffsets[head];
            head = (head + 1) % endOffsets.length;
            size--;
        }
        if (size == 0 && endOffsets.length > MAX_IDLE_CAPACITY) {
            endOffsets = new long[INITIAL_CAPACITY];
            registeredNanos = new long[INITIAL_CAPACITY];
            acked = new boolean[INITIAL_CAPACITY];
            head = 0;
        }
        return true;
    }

    /** Highest offset with everything registered before it acknowledged; never decreases. */
    public synchronized long committable() {
        return committable;
    }

    public synchronized long lastRegistered() {
        return lastRegistered;
    }

    /** Registered events not acknowledged yet. */
    public synchronized int unackedCount() {
        return unackedCount;
    }

    /** File bytes covered by registered events not acknowledged yet. */
    public synchronized long unackedBytes() {
        return unackedBytes;
    }

    /** How long the oldest unacknowledged event has waited; zero when none waits. */
    public synchronized Duration oldestUnackedAge() {
        if (size == 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - registeredNanos[head]));
    }

    @Override
    public synchronized String toString() {
        return "OffsetTracker[committable="
                + committable
                + ", lastRegistered="
                + lastRegistered
                + ", unacked="
                + unackedCount
                + "]";
    }

    private int slot(int index) {
        return (head + index) % endOffsets.length;
    }

    /** Position (from the head) of the pending event ending at the offset, or -1. */
    private int indexOf(long endOffset) {
        if (size == 0 || endOffset < endOffsets[head] || endOffset > lastRegistered) {
            return -1;
        }
        // Kafka acknowledges one partition's records in send order: the head is the usual answer
        if (endOffsets[head] == endOffset) {
            return 0;
        }
        int low = 1;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long value = endOffsets[slot(mid)];
            if (value < endOffset) {
                low = mid + 1;
            } else if (value > endOffset) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private void grow() {
        int capacity = endOffsets.length * 2;
        long[] offsets = new long[capacity];
        long[] nanos = new long[capacity];
        boolean[] flags = new boolean[capacity];
        for (int i = 0; i < size; i++) {
            int from = slot(i);
            offsets[i] = endOffsets[from];
            nanos[i] = registeredNanos[from];
            flags[i] = acked[from];
        }
        endOffsets = offsets;
        registeredNanos = nanos;
        acked = flags;
        head = 0;
    }
}
