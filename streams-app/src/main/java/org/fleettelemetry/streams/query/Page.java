package org.fleettelemetry.streams.query;

import java.util.List;

/**
 * A collection answer merged from every instance. {@code partial} when an instance did not answer or could not serve
 * some of its partitions ({@code failures} says which and why); {@code stale} when some items came from standbys.
 */
public record Page<T>(List<T> items, int instances, boolean partial, boolean stale, List<InstanceFailure> failures) {
    public Page {
        items = List.copyOf(items);
        failures = List.copyOf(failures);
    }
}
