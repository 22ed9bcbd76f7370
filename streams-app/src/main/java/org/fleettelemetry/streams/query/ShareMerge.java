package org.fleettelemetry.streams.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The answers of every instance to one fan-out, merged into a page: items with the same id are kept once, an
 * up-to-date copy winning over a stale one, sorted by id. Partial when an instance failed, or when a partition of the
 * store was served by nobody. Plain data in, page out: no Kafka, no HTTP.
 */
final class ShareMerge<T> {
    private final String store;
    private final Function<T, String> id;
    private final Map<Integer, String> owners = new TreeMap<>();
    private final List<Share<T>> shares = new ArrayList<>();
    private final List<InstanceFailure> failures = new ArrayList<>();

    /**
     * @param store the store the fan-out reads, named in the failures
     * @param id an item's identity: two instances may both hold a copy of it (active and standby)
     */
    ShareMerge(String store, Function<T, String> id) {
        this.store = store;
        this.id = id;
    }

    /** The metadata says this instance runs the store's partition: a partition nobody serves is then its failure. */
    ShareMerge<T> owner(int partition, String instance) {
        owners.put(partition, instance);
        return this;
    }

    ShareMerge<T> add(Share<T> share) {
        shares.add(share);
        return this;
    }

    /** An instance that gave no share at all. */
    ShareMerge<T> failed(String instance, String reason) {
        failures.add(new InstanceFailure(instance, reason));
        return this;
    }

    Page<T> page(int instances) {
        List<InstanceFailure> all = new ArrayList<>(failures);
        all.addAll(unserved());
        // up-to-date shares first, so that their copy of an item wins
        Map<String, T> merged = new TreeMap<>();
        boolean stale = false;
        for (boolean staleRound : new boolean[] {false, true}) {
            for (Share<T> s : shares) {
                if (s.stale() != staleRound) {
                    continue;
                }
                for (T item : s.items()) {
                    if (merged.putIfAbsent(id.apply(item), item) == null && staleRound) {
                        stale = true;
                    }
                }
            }
        }
        return new Page<>(new ArrayList<>(merged.values()), instances, !all.isEmpty(), stale, all);
    }

    /** The store's partitions that no share served, except those of instances that failed (already reported). */
    private List<InstanceFailure> unserved() {
        Set<Integer> served = new HashSet<>();
        Map<Integer, String> reasons = new HashMap<>();
        for (Share<T> s : shares) {
            served.addAll(s.served());
            s.skipped()
                    .forEach(k ->
                            reasons.merge(k.partition(), s.instance() + ": " + k.reason(), (x, y) -> x + "; " + y));
        }
        Set<String> failedNames = new HashSet<>();
        failures.forEach(f -> failedNames.add(f.instance()));
        List<InstanceFailure> out = new ArrayList<>();
        owners.forEach((partition, owner) -> {
            if (!served.contains(partition) && !failedNames.contains(owner)) {
                out.add(new InstanceFailure(
                        owner,
                        store + " partition " + partition + " served by no instance"
                                + (reasons.containsKey(partition) ? " (" + reasons.get(partition) + ")" : "")));
            }
        });
        return out;
    }
}
