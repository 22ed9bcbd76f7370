package org.fleettelemetry.streams.query;

import java.util.List;

/**
 * One instance's part of a fan-out: what its local stores hold. {@code stale} when some of it came from a standby or a
 * restoring copy (within the caller's maxLag); {@code skipped} lists the partitions it could not serve and why.
 */
public record Share<T>(String instance, List<T> items, boolean stale, List<String> skipped) {
    public Share {
        items = List.copyOf(items);
        skipped = List.copyOf(skipped);
    }
}
