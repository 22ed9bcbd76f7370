package org.fleettelemetry.streams.query;

/**
 * A key lookup's answer and where it came from: the instance that read it, and the changelog lag of the copy when that
 * was a standby or restoring one (null when the active copy answered).
 */
public record Served<T>(T value, String instance, Long staleLag) {
    public <U> Served<U> with(U other) {
        return new Served<>(other, instance, staleLag);
    }
}
