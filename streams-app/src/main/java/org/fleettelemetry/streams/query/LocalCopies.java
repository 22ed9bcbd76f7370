package org.fleettelemetry.streams.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * What this instance can answer from its own stores: reads through the {@link ReadGate}, how far behind its copies
 * are, and its share of a collection. Both the key routing and the fan-out answer locally through here.
 */
final class LocalCopies {
    private final KafkaStreams streams;
    private final StoreLayout layout;
    private final LocalStores stores;
    private final ReadGate gate;
    private final String self;

    LocalCopies(KafkaStreams streams, StoreLayout layout, LocalStores stores, String self) {
        this.streams = streams;
        this.layout = layout;
        this.stores = stores;
        this.gate = new ReadGate(streams.state());
        this.self = self;
    }

    String self() {
        return self;
    }

    void onStateChange(KafkaStreams.State now) {
        gate.onStateChange(now);
    }

    /** Every local read goes through the gate: no store is read while tasks may be closing. */
    <T> T read(Function<Slice, T> local, Slice slice) {
        return gate.read(() -> local.apply(slice));
    }

    Map<Integer, LagInfo> lags(String store) {
        try {
            return stores.lags(store);
        } catch (RuntimeException e) {
            // the lags need the broker (end offsets); without them no copy can be trusted
            throw new UnavailableException("cannot tell how far behind the copies here are: " + e.getMessage());
        }
    }

    /**
     * This instance's share: each partition of the store it runs actively, read from the active copy or, when that is
     * not queryable (being restored after a task was reset), from the copy here within maxLag.
     */
    <T> Share<T> share(ShareOp op, QueryContext ctx, Function<Slice, List<T>> local) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new UnavailableException("the streams app is " + state + " here");
        }
        int subtopology = layout.subtopology(op.store());
        Set<Integer> active = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            thread.activeTasks().forEach(t -> {
                if (t.taskId().subtopology() == subtopology) {
                    active.add(t.taskId().partition());
                }
            });
        }
        List<T> items = new ArrayList<>();
        List<Integer> served = new ArrayList<>();
        List<SkippedPartition> skipped = new ArrayList<>();
        Map<Integer, LagInfo> lags = null;
        boolean stale = false;
        for (int p : active) {
            try {
                items.addAll(read(local, Slice.active(p)));
                served.add(p);
                continue;
            } catch (InvalidStateStoreException notQueryable) {
                // restoring or migrating: a copy within maxLag may do
            }
            lags = lags == null ? lags(op.store()) : lags;
            String refusal = readCopy(op, p, lags.get(p), ctx, local, items);
            if (refusal == null) {
                served.add(p);
                stale = true;
            } else {
                skipped.add(new SkippedPartition(p, refusal));
            }
        }
        return new Share<>(self, items, served, stale, skipped);
    }

    /** Reads the local copy of a partition into {@code items} if its lag is within maxLag; else says why not. */
    private <T> String readCopy(
            ShareOp op, int p, LagInfo lag, QueryContext ctx, Function<Slice, List<T>> local, List<T> items) {
        if (lag == null) {
            return "no copy of " + op.store() + " partition " + p + " here";
        }
        if (lag.offsetLag() > ctx.maxLag()) {
            return "the copy here is " + lag.offsetLag() + " records behind, over maxLag " + ctx.maxLag();
        }
        try {
            items.addAll(read(local, Slice.copy(p)));
            return null;
        } catch (InvalidStateStoreException e) {
            return "not queryable here (" + e.getMessage() + ")";
        }
    }
}
