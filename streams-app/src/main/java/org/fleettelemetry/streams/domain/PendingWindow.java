package org.fleettelemetry.streams.domain;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One endpoint's failures in one (proxy, code, window) that the endpoint stage counted but has not yet passed to the
 * site stage. Kept with the endpoint's state, so that a task restored after a crash sends them again; only the
 * numbers and one backend host, since it is written with every event of the endpoint (the sample messages of those
 * failures are not in what a restored task sends).
 *
 * <p>Mutable: each failure of its window is counted in place ({@link #add}). A window replaced per failure lived
 * until the endpoint's next one, like the status and track (see {@link LiveTrack}), and G1 copied it at each young
 * collection. Only the endpoint stage's thread holds one; equal by value.
 */
public final class PendingWindow {
    private final long start;
    private final String proxy;
    private final String errorCode;
    private final String errorClass;
    private long count;
    private long firstSeen;
    private long lastSeen;
    private String targetHost;

    public PendingWindow(
            long start,
            String proxy,
            String errorCode,
            String errorClass,
            long count,
            long firstSeen,
            long lastSeen,
            String targetHost) {
        this.start = start;
        this.proxy = proxy;
        this.errorCode = errorCode;
        this.errorClass = errorClass;
        this.count = count;
        this.firstSeen = firstSeen;
        this.lastSeen = lastSeen;
        this.targetHost = targetHost;
    }

    /** The first failure of its window. */
    static PendingWindow of(long start, Observation o) {
        return new PendingWindow(
                start,
                o.proxy(),
                FailureWindow.codeOf(o),
                o.errorClass().name(),
                1,
                o.eventTime(),
                o.eventTime(),
                o.targetHost());
    }

    /** A window of its own holding what this one holds (this one is counted in place). */
    PendingWindow copy() {
        return new PendingWindow(start, proxy, errorCode, errorClass, count, firstSeen, lastSeen, targetHost);
    }

    boolean holds(long windowStart, Observation o) {
        return start == windowStart && proxy.equals(o.proxy()) && errorCode.equals(FailureWindow.codeOf(o));
    }

    /** Counts one more failure of this window. */
    void add(Observation o) {
        count++;
        firstSeen = Math.min(firstSeen, o.eventTime());
        lastSeen = Math.max(lastSeen, o.eventTime());
        if (targetHost == null) {
            targetHost = o.targetHost();
        }
    }

    public long start() {
        return start;
    }

    public String proxy() {
        return proxy;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorClass() {
        return errorClass;
    }

    public long count() {
        return count;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public long lastSeen() {
        return lastSeen;
    }

    public String targetHost() {
        return targetHost;
    }

    /** As a window of the site's failures: this endpoint alone. */
    public FailureWindow window(String site, String endpointId) {
        return new FailureWindow(
                site,
                proxy,
                errorCode,
                errorClass,
                count,
                new TreeSet<>(List.of(endpointId)),
                false,
                firstSeen,
                lastSeen,
                targetHost == null ? null : List.of(targetHost),
                null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PendingWindow p
                && start == p.start
                && count == p.count
                && firstSeen == p.firstSeen
                && lastSeen == p.lastSeen
                && Objects.equals(proxy, p.proxy)
                && Objects.equals(errorCode, p.errorCode)
                && Objects.equals(errorClass, p.errorClass)
                && Objects.equals(targetHost, p.targetHost);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, proxy, errorCode, errorClass, count, firstSeen, lastSeen, targetHost);
    }

    @Override
    public String toString() {
        return "PendingWindow[start=" + start + ", proxy=" + proxy + ", errorCode=" + errorCode + ", errorClass="
                + errorClass + ", count=" + count + ", firstSeen=" + firstSeen + ", lastSeen=" + lastSeen
                + ", targetHost=" + targetHost + "]";
    }
}
