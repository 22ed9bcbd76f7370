package org.fleettelemetry.collector.tail;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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
 */
public final class OffsetTracker {

  /** Registered and not yet committable: the head is always unacknowledged. */
  private final TreeMap<Long, Pending> pending = new TreeMap<>();

  private final LongSupplier nanoTime;
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
          "offsets must be registered in increasing order: "
              + endOffset
              + " after "
              + lastRegistered);
    }
    long bytes = endOffset - lastRegistered;
    pending.put(endOffset, new Pending(nanoTime.getAsLong(), bytes));
    lastRegistered = endOffset;
    unackedCount++;
    unackedBytes += bytes;
  }

  /**
   * Marks the event ending at {@code endOffset} as durably shipped.
   *
   * @return true when this acknowledged a pending event; false for a repeated acknowledgement
   * @throws IllegalArgumentException when no event ending there was registered
   */
  public synchronized boolean ack(long endOffset) {
    Pending entry = pending.get(endOffset);
    if (entry == null) {
      if (endOffset <= committable) {
        return false;
      }
      throw new IllegalArgumentException(
          "ack for offset "
              + endOffset
              + " that was never registered (last "
              + lastRegistered
              + ")");
    }
    if (entry.acked) {
      return false;
    }
    entry.acked = true;
    unackedCount--;
    unackedBytes -= entry.bytes;
    while (!pending.isEmpty() && pending.firstEntry().getValue().acked) {
      Map.Entry<Long, Pending> head = pending.pollFirstEntry();
      committable = head.getKey();
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
    if (pending.isEmpty()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(
        Math.max(0, nanoTime.getAsLong() - pending.firstEntry().getValue().registeredNanos));
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

  private static final class Pending {
    final long registeredNanos;
    final long bytes;
    boolean acked;

    Pending(long registeredNanos, long bytes) {
      this.registeredNanos = registeredNanos;
      this.bytes = bytes;
    }
  }
}
