package org.fleettelemetry.streams.query;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where a key lookup is answered: by the active owner of the key's partition, read here when this instance is the
 * owner, else forwarded once. When the owner cannot answer (rebalancing, restoring, unreachable), a copy of the
 * partition within the caller's maxLag answers instead (here, else on an instance holding a standby), else the answer
 * is 503. Collections, which every instance answers in part, go through {@link FanOut}.
 */
final class KeyRouter {
    private static final Serializer<String> KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final LocalCopies here;
    private final Forwarder forwarder;
    private final HostInfo self;
    private final QueryMeters meters;

    KeyRouter(KafkaStreams streams, LocalCopies here, Forwarder forwarder, HostInfo self, QueryMeters meters) {
        this.streams = streams;
        this.here = here;
        this.forwarder = forwarder;
        this.self = self;
        this.meters = meters;
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
                return new Served<>(here.read(local, Slice.active(partition)), here.self(), null);
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
        LagInfo lag = here.lags(op.store()).get(md.partition());
        if (lag == null) {
            reasons.append("; no copy of partition ").append(md.partition()).append(" here");
        } else if (lag.offsetLag() > ctx.maxLag()) {
            reasons.append("; the copy here is ")
                    .append(lag.offsetLag())
                    .append(" records behind, over maxLag ")
                    .append(ctx.maxLag());
        } else {
            try {
                Served<T> served =
                        new Served<>(here.read(local, Slice.copy(md.partition())), here.self(), lag.offsetLag());
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

    private static boolean isUnknown(HostInfo host) {
        return host == null || host.port() < 0 || HostInfo.unavailable().equals(host);
    }
}
