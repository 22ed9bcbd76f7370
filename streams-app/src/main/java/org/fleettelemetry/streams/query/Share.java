package org.fleettelemetry.streams.query;

import java.util.List;

/**
 * One instance's part of a fan-out: what its local stores hold. {@code served} lists the store's partitions read;
 * {@code stale} when some came from a standby or restoring copy (within the caller's maxLag); {@code skipped} lists
 * the partitions it holds but could not serve, and why.
 */
public record Share<T>(
        String instance, List<T> items, List<Integer> served, boolean stale, List<SkippedPartition> skipped) {
    public Share {
        items = List.copyOf(items);
        served = List.copyOf(served);
        skipped = List.copyOf(skipped);
    }
}
