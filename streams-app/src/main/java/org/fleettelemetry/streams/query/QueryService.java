package org.fleettelemetry.streams.query;

import com.fasterxml.jackson.databind.JavaType;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.HostInfo;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.fleettelemetry.streams.domain.AlertSnapshot;
import org.fleettelemetry.streams.domain.EndpointState;

/**
 * The app's state stores as operators query them, from any instance: key lookups go to the key's owner ({@link
 * KeyRouter}), collections to every instance ({@link FanOut}). State is computed as of the wall clock. Failures are
 * {@link QueryException}s; no Kafka Streams exception escapes.
 */
public final class QueryService {
    private final KafkaStreams streams;
    private final LocalCopies here;
    private final KeyRouter keys;
    private final FanOut fanOut;
    private final LocalReads reads;
    private final Duration maxFailureRange;
    private final Map<ShareOp, JavaType> shareTypes = new HashMap<>();

    QueryService(
            KafkaStreams streams,
            LocalCopies here,
            KeyRouter keys,
            FanOut fanOut,
            LocalReads reads,
            Duration maxFailureRange) {
        this.streams = streams;
        this.here = here;
        this.keys = keys;
        this.fanOut = fanOut;
        this.reads = reads;
        this.maxFailureRange = maxFailureRange;
        for (ShareOp op : ShareOp.values()) {
            shareTypes.put(op, QueryJson.mapper().getTypeFactory().constructParametricType(Share.class, op.item()));
        }
    }

    /**
     * @param topology the description of the topology {@code streams} runs: it tells which partitions of a store an
     *     instance holds
     */
    public static QueryService create(
            KafkaStreams streams, TopologyDescription topology, StreamsAppConfig config, MeterRegistry registry) {
        HostInfo self = new HostInfo(config.advertisedHost(), config.httpPort());
        Duration timeout = config.forwardTimeout();
        Forwarder forwarder =
                new Forwarder(Forwarder.defaultClient(timeout), config.tls().enabled(), Forwarder.name(self), timeout);
        LocalStores stores = new LocalStores(streams);
        StoreLayout layout = new StoreLayout(topology);
        LocalCopies here = new LocalCopies(streams, layout, stores, Forwarder.name(self));
        QueryMeters meters = new QueryMeters(registry);
        KeyRouter keys = new KeyRouter(streams, here, forwarder, self, meters);
        FanOut fanOut = new FanOut(streams, layout, here, forwarder, self, timeout.toMillis(), meters);
        LocalReads reads = new LocalReads(
                stores,
                config.topology().detection(),
                config.topology().windowSize().toMillis());
        return new QueryService(
                streams, here, keys, fanOut, reads, config.topology().windowRetention());
    }

    /** This instance as the others know it (host:port of {@code application.server}). */
    public String self() {
        return here.self();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Must be called from the streams state listener (on the thread changing the state): local reads stop, and wait
     * to drain, before a rebalance closes any store (see {@link ReadGate}).
     */
    public void onStateChange(KafkaStreams.State now) {
        here.onStateChange(now);
    }

    /** The longest time range a failures query may ask for: what the failure windows keep. */
    public Duration maxFailureRange() {
        return maxFailureRange;
    }

    public Served<EndpointView> endpoint(String endpointId, QueryContext ctx) {
        return keys.byKey(
                KeyOp.ENDPOINT,
                endpointId,
                Map.of(),
                ctx,
                slice -> reads.endpoint(slice, endpointId, now(), ctx.sites()));
    }

    public Served<AlertSnapshot> outage(String alertId, QueryContext ctx) {
        return keys.byKey(KeyOp.OUTAGE, alertId, Map.of(), ctx, slice -> reads.outage(slice, alertId, ctx.sites()));
    }

    public Page<AlertSnapshot> outages(OutageFilter filter, QueryContext ctx) {
        Objects.requireNonNull(filter, "filter");
        return fanOut.all(
                ShareOp.OUTAGES,
                filter.asParameters(),
                ctx,
                shareTypes.get(ShareOp.OUTAGES),
                slice -> reads.outages(slice, filter, ctx.sites()),
                AlertSnapshot::alertId);
    }

    /** Every site with its counts and open outages. */
    public Page<SiteView> sites(QueryContext ctx) {
        Page<SiteView> sites = fanOut.all(
                ShareOp.SITES,
                Map.of(),
                ctx,
                shareTypes.get(ShareOp.SITES),
                slice -> reads.sites(slice, now(), ctx.sites()),
                SiteView::site);
        Page<AlertSnapshot> outages = outages(OutageFilter.ALL, ctx);
        Map<String, List<AlertSnapshot>> bySite = new HashMap<>();
        for (AlertSnapshot o : outages.items()) {
            if (o.site() != null) {
                bySite.computeIfAbsent(o.site(), s -> new ArrayList<>()).add(o);
            }
            for (String s : o.sites()) {
                if (!s.equals(o.site())) {
                    bySite.computeIfAbsent(s, x -> new ArrayList<>()).add(o);
                }
            }
        }
        List<SiteView> items = new ArrayList<>(sites.items().size());
        for (SiteView s : sites.items()) {
            items.add(s.withOutages(bySite.getOrDefault(s.site(), List.of()), outages.partial()));
        }
        return joined(items, sites, outages);
    }

    /** {@code items}, built from two answers: partial or stale when either is, with the failures of both. */
    private static <T> Page<T> joined(List<T> items, Page<?> main, Page<?> outages) {
        List<InstanceFailure> failures = new ArrayList<>(main.failures());
        failures.addAll(outages.failures());
        return new Page<>(
                items,
                main.instances(),
                main.partial() || outages.partial(),
                main.stale() || outages.stale(),
                failures);
    }

    /**
     * Every proxy the fleet's endpoints use (DIRECT too: the endpoints without one), with its sites, its endpoints
     * summed over them, and the open outages that name it. Gathered from all instances: a proxy's sites may be kept
     * by several.
     */
    public Page<ProxyView> proxies(QueryContext ctx) {
        Page<ProxySiteView> parts = fanOut.all(
                ShareOp.PROXY_SITES,
                Map.of(),
                ctx,
                shareTypes.get(ShareOp.PROXY_SITES),
                slice -> reads.proxySites(slice, now(), ctx.sites()),
                ProxySiteView::key);
        Page<AlertSnapshot> outages = outages(OutageFilter.ALL, ctx);
        boolean partial = parts.partial() || outages.partial();
        Map<String, List<ProxySiteView>> byProxy = new TreeMap<>();
        for (ProxySiteView p : parts.items()) {
            byProxy.computeIfAbsent(p.proxy(), x -> new ArrayList<>()).add(p);
        }
        List<ProxyView> items = new ArrayList<>(byProxy.size());
        byProxy.forEach((proxy, sites) -> {
            int endpoints = 0;
            int active = 0;
            int failing = 0;
            List<String> names = new ArrayList<>();
            for (ProxySiteView s : sites) {
                endpoints += s.endpoints();
                active += s.active();
                failing += s.failing();
                names.add(s.site());
            }
            names.sort(null);
            List<AlertSnapshot> open = outages.items().stream()
                    .filter(o -> proxy.equals(o.proxy()))
                    .sorted(java.util.Comparator.comparing(AlertSnapshot::alertId))
                    .toList();
            items.add(new ProxyView(proxy, names, endpoints, active, failing, open, partial));
        });
        return joined(items, parts, outages);
    }

    /**
     * One proxy, as {@link #proxies} gives it.
     *
     * @throws NotFoundException when no endpoint that any instance answered for uses it
     */
    public ProxyView proxy(String proxy, QueryContext ctx) {
        Page<ProxyView> all = proxies(ctx);
        return all.items().stream()
                .filter(p -> p.proxy().equals(proxy))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("no proxy '" + proxy + "' (no tracked endpoint uses it"
                        + (all.partial() ? ", among the instances that answered)" : ")")));
    }

    /** One site's counts (from the instance owning the site) with its open outages (from all instances). */
    public Served<SiteView> site(String site, QueryContext ctx) {
        inScope(site, ctx);
        Served<SiteView> counts = siteCounts(site, ctx);
        Page<AlertSnapshot> outages = outages(new OutageFilter(site, null, null), ctx);
        return counts.with(counts.value().withOutages(outages.items(), outages.partial()));
    }

    private Served<SiteView> siteCounts(String site, QueryContext ctx) {
        inScope(site, ctx);
        return keys.byKey(KeyOp.SITE, site, Map.of(), ctx, slice -> reads.site(slice, site, now()));
    }

    /**
     * @param state only endpoints in this state, or all when null
     * @param limit at most this many, sorted by endpointId
     */
    public Served<SiteEndpoints> siteEndpoints(String site, EndpointState state, int limit, QueryContext ctx) {
        inScope(site, ctx);
        KeyArgs args = KeyArgs.endpoints(state, limit);
        return keys.byKey(
                KeyOp.SITE_ENDPOINTS,
                site,
                args.asParameters(),
                ctx,
                slice -> reads.siteEndpoints(slice, site, state, limit, now()));
    }

    /** @throws BadParameterException when the range is longer than {@link #maxFailureRange()} */
    public Served<FailureReport> failures(String site, TimeRange range, QueryContext ctx) {
        inScope(site, ctx);
        TimeRange checked = TimeRange.of(range.from(), range.to(), maxFailureRange);
        return keys.byKey(
                KeyOp.SITE_FAILURES,
                site,
                KeyArgs.failures(checked).asParameters(),
                ctx,
                slice -> reads.failures(slice, site, checked));
    }

    /** A key lookup forwarded by another instance: answered from the stores here, never forwarded again. */
    public Served<?> forwardedKey(KeyOp op, String key, KeyArgs args, QueryContext ctx) {
        requireForwarded(ctx);
        return switch (op) {
            case ENDPOINT -> endpoint(key, ctx);
            case OUTAGE -> outage(key, ctx);
            case SITE -> siteCounts(key, ctx);
            case SITE_ENDPOINTS -> siteEndpoints(key, args.state(), args.limit(), ctx);
            case SITE_FAILURES -> failures(key, args.range(), ctx);
        };
    }

    /** This instance's share of a collection, for the instance that fans out. */
    public Share<?> share(ShareOp op, OutageFilter filter, QueryContext ctx) {
        requireForwarded(ctx);
        return switch (op) {
            case OUTAGES -> here.share(op, ctx, slice -> reads.outages(slice, filter, ctx.sites()));
            case SITES -> here.share(op, ctx, slice -> reads.sites(slice, now(), ctx.sites()));
            case PROXY_SITES -> here.share(op, ctx, slice -> reads.proxySites(slice, now(), ctx.sites()));
        };
    }

    /** A site out of the caller's scope is a site that does not exist; checked before any store is read or asked. */
    private static void inScope(String site, QueryContext ctx) {
        if (!ctx.sites().allows(site)) {
            throw NotFoundException.site(site);
        }
    }

    private static void requireForwarded(QueryContext ctx) {
        if (!ctx.forwarded()) {
            throw new BadParameterException(QueryProtocol.HOP_HEADER, "internal routes answer forwarded queries only");
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
