package org.fleettelemetry.streams.topology;

/**
 * A task's notion of "now" for the rules: the newest event time seen, advanced by the wall-clock time
 * passed since then. Quiet input still moves it (alerts resolve without new events, which stream time
 * alone would not do on an idle partition); a backlog being caught up moves it by event time, so
 * endpoints do not look silent; old logs replayed keep their own time line.
 */
final class StageClock {
    private long newestEventTime = Long.MIN_VALUE;
    private long wallAtNewest;

    void observe(long eventTime, long wallNow) {
        if (eventTime > newestEventTime) {
            newestEventTime = eventTime;
            wallAtNewest = wallNow;
        }
    }

    boolean started() {
        return newestEventTime != Long.MIN_VALUE;
    }

    long now(long wallNow) {
        if (!started()) {
            return wallNow;
        }
        return newestEventTime + Math.max(0, wallNow - wallAtNewest);
    }

    /** Newest event time seen: the reference for lateness (grace). */
    long streamTime() {
        return newestEventTime;
    }
}
