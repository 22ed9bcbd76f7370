package org.fleettelemetry.streams.query;

import com.fasterxml.jackson.databind.JavaType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a query is answered. A key lookup goes to the active owner of the key's partition: read here when this instance
 * is the owner, else forwarded once. When the owner cannot answer (rebalancing, restoring, unreachable), a copy of the
 * partition within the caller's maxLag answers instead (here, else on an instance holding a standby), else the
 * answer is 503. A collection is asked of every instance at once and merged; instances that fail or cannot serve some
 * of their partitions make the answer partial, and say why.
 */
final class Router {
    private static final Logger log = LoggerFactory.getLogger(Router.class);
    private static final Serializer<String> KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final LocalStores stores;
    private final Forwarder forwarder;
    private final HostInfo self;
    private final String selfName;
    private final long shareTimeoutMs;
    private final QueryMeters meters;
    private final StoreLayout layout;
    private final ReadGate gate;

    Router(
            KafkaStreams streams,
            StoreLayout layout,
            LocalStores stores,
            Forwarder forwarder,
            HostInfo self,
            long shareTimeoutMs,
            QueryMeters meters) {
        this.streams = streams;
        this.layout = layout;
        this.gate = new ReadGate(streams.state());
        this.stores = stores;
        this.forwarder = forwarder;
        this.self = self;
        this.selfName = Forwarder.name(self);
        this.shareTimeoutMs = shareTimeoutMs;
        this.meters = meters;
    }

    String self() {
        return selfName;
    }

    void onStateChange(KafkaStreams.State now) {
        gate.onStateChange(now);
    }

    /** Every local read goes through the gate: no store is read while tasks may be closing. */
    private <T> T read(Function<Slice, T> local, Slice slice) {
        return gate.read(() -> local.apply(slice));
    }

    <T> Served<T> byKey(KeyOp op, String key, Map<String, String> params, QueryContext ctx, Function<Slice, T> local) {
        KeyQueryMetadata md;
        try {
            md = streams.queryMetadataForKey(op.store(), key, KEYS);
        } catch (InvalidStateStoreException e) {
            throw new UnavailableException("the streams app is not running here (" + streams.state() + ")");
        }
        if (md == null || md == KeyQueryMetadata.NOT_AVAILABLE || md.partition() < 0) {
            throw new UnavailableException("no streams metadata yet (starting or rebalancing)");
        }
        int partition = md.partition();
        HostInfo active = md.activeHost();
        if (active.equals(self)) {
            try {
                return new Served<>(read(local, Slice.active(partition)), selfName, null);
            } catch (InvalidStateStoreException e) {
                return fromCopy(
                        op,
                        key,
                        params,
                        ctx,
                        local,
                        md,
                        "the active copy here is not queryable (" + e.getMessage() + ")");
            }
        }
        if (ctx.forwarded()) {
            // the forwarding instance thought this one owns the key; no second hop, whatever the metadata says now
            return fromCopy(op, key, params, ctx, local, md, "this instance no longer owns partition " + partition);
        }
        if (isUnknown(active)) {
            return fromCopy(op, key, params, ctx, local, md, "partition " + partition + " has no active owner now");
        }
        try {
            Served<T> served = forwarder.key(active, op, key, params, ctx);
            meters.forwarded(true);
            return served;
        } catch (ForwardException e) {
            meters.forwarded(false);
            return fromCopy(op, key, params, ctx, local, md, "the owner " + e.getMessage());
        }
    }

    /** The answer of a copy within maxLag: this instance's, else (for a client's request) a standby's elsewhere. */
    private <T> Served<T> fromCopy(
            KeyOp op,
            String key,
            Map<String, String> params,
            QueryContext ctx,
            Function<Slice, T> local,
            KeyQueryMetadata md,
            String why) {
        StringBuilder reasons = new StringBuilder(why);
        LagInfo lag = lags(op.store()).get(md.partition());
        if (lag == null) {
            reasons.append("; no copy of partition ").append(md.partition()).append(" here");
        } else if (lag.offsetLag() > ctx.maxLag()) {
            reasons.append("; the copy here is ")
                    .append(lag.offsetLag())
                    .append(" records behind, over maxLag ")
                    .append(ctx.maxLag());
        } else {
            try {
                Served<T> served = new Served<>(read(local, Slice.copy(md.partition())), selfName, lag.offsetLag());
                meters.stale();
                return served;
            } catch (InvalidStateStoreException e) {
                reasons.append("; the copy here is not queryable (")
                        .append(e.getMessage())
                        .append(')');
            } catch (NotFoundException e) {
                // a copy that is behind cannot prove absence: the owner may know the key; say unavailable, not 404
                reasons.append("; the copy here (").append(lag.offsetLag()).append(" records behind) does not know it");
            }
        }
        if (!ctx.forwarded()) {
            for (HostInfo standby : md.standbyHosts()) {
                if (standby.equals(self) || isUnknown(standby)) {
                    continue;
                }
                try {
                    return forwarder.key(standby, op, key, params, ctx);
                } catch (ForwardException e) {
                    reasons.append("; the standby ").append(e.getMessage());
                }
            }
        }
        throw new UnavailableException(reasons.toString());
    }

    /**
     * Every instance's share of a collection, merged: items with the same id are kept once, an up-to-date copy winning
     * over a stale one. Partial when an instance failed, or when a partition the metadata knows was served by nobody.
     */
    <T> Page<T> fanOut(
            ShareOp op,
            Map<String, String> params,
            QueryContext ctx,
            JavaType shareType,
            Function<Slice, List<T>> local,
            Function<T, String> id) {
        Collection<StreamsMetadata> all;
        try {
            all = streams.metadataForAllStreamsClients();
        } catch (InvalidStateStoreException e) {
            throw new UnavailableException("the streams app is not running here (" + streams.state() + ")");
        }
        if (all.isEmpty()) {
            throw new UnavailableException("no streams metadata yet (starting or rebalancing)");
        }
        Map<String, CompletableFuture<Share<T>>> remote = new LinkedHashMap<>();
        Map<Integer, String> owners = new TreeMap<>();
        boolean here = false;
        for (StreamsMetadata md : all) {
            for (TopicPartition tp : md.topicPartitions()) {
                if (layout.holds(op.store(), tp)) {
                    owners.put(tp.partition(), Forwarder.name(md.hostInfo()));
                }
            }
            if (md.hostInfo().equals(self)) {
                here = true;
            } else {
                remote.put(Forwarder.name(md.hostInfo()), forwarder.share(md.hostInfo(), op, params, ctx, shareType));
            }
        }
        List<Share<T>> shares = new ArrayList<>();
        List<InstanceFailure> failures = new ArrayList<>();
        if (here) {
            try {
                shares.add(localShare(op, ctx, local));
            } catch (UnavailableException e) {
                failures.add(new InstanceFailure(selfName, e.getMessage()));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shareTimeoutMs);
        remote.forEach((name, future) -> {
            try {
                shares.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                future.cancel(true);
                failures.add(new InstanceFailure(name, "did not answer in time"));
            } catch (ExecutionException | CompletionException e) {
                Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
                        ? c.getCause()
                        : e.getCause();
                failures.add(new InstanceFailure(name, cause == null ? String.valueOf(e) : cause.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(new InstanceFailure(name, "interrupted"));
            }
        });
        failures.addAll(unserved(op, owners, shares, failures));
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
        if (!failures.isEmpty()) {
            meters.partial();
            log.debug("{} answered partially: {}", op, failures);
        }
        return new Page<>(new ArrayList<>(merged.values()), all.size(), !failures.isEmpty(), stale, failures);
    }

    /** The store's partitions that no share served, except those of instances that failed (already reported). */
    private static <T> List<InstanceFailure> unserved(
            ShareOp op, Map<Integer, String> owners, List<Share<T>> shares, List<InstanceFailure> failed) {
        Set<Integer> served = new HashSet<>();
        Map<Integer, String> reasons = new HashMap<>();
        for (Share<T> s : shares) {
            served.addAll(s.served());
            s.skipped()
                    .forEach(k ->
                            reasons.merge(k.partition(), s.instance() + ": " + k.reason(), (x, y) -> x + "; " + y));
        }
        Set<String> failedNames = new HashSet<>();
        failed.forEach(f -> failedNames.add(f.instance()));
        List<InstanceFailure> out = new ArrayList<>();
        owners.forEach((partition, owner) -> {
            if (!served.contains(partition) && !failedNames.contains(owner)) {
                out.add(new InstanceFailure(
                        owner,
                        op.store() + " partition " + partition + " served by no instance"
                                + (reasons.containsKey(partition) ? " (" + reasons.get(partition) + ")" : "")));
            }
        });
        return out;
    }

    /**
     * This instance's share: each partition of the store it runs actively, read from the active copy or, when that is
     * not queryable (being restored after a task was reset), from the copy here within maxLag.
     */
    <T> Share<T> localShare(ShareOp op, QueryContext ctx, Function<Slice, List<T>> local) {
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
        return new Share<>(selfName, items, served, stale, skipped);
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

    private Map<Integer, LagInfo> lags(String store) {
        try {
            return stores.lags(store);
        } catch (RuntimeException e) {
            // the lags need the broker (end offsets); without them no copy can be trusted
            throw new UnavailableException("cannot tell how far behind the copies here are: " + e.getMessage());
        }
    }

    private static boolean isUnknown(HostInfo host) {
        return host == null || host.port() < 0 || HostInfo.unavailable().equals(host);
    }
}
