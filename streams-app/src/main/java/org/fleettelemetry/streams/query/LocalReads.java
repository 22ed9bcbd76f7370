package org.fleettelemetry.streams.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.streams.domain.AlertSnapshot;
import org.fleettelemetry.streams.domain.DetectionParams;
import org.fleettelemetry.streams.domain.EndpointRecord;
import org.fleettelemetry.streams.domain.EndpointState;
import org.fleettelemetry.streams.domain.EndpointStatus;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.fleettelemetry.streams.domain.FailureMark;
import org.fleettelemetry.streams.domain.FailureWindow;
import org.fleettelemetry.streams.domain.FleetState;
import org.fleettelemetry.streams.domain.ProbeMark;
import org.fleettelemetry.streams.domain.SiteState;
import org.fleettelemetry.streams.domain.Times;
import org.fleettelemetry.streams.topology.StoreNames;

/**
 * What one instance reads from its own stores for each query, given which copy to read ({@link Slice}). Knows the
 * stores' key formats and value types; knows nothing of routing.
 */
final class LocalReads {
    /** Separates site and endpointId in the site-endpoints keys, and the parts of the failure-windows keys. */
    private static final char SEPARATOR = FailureWindow.KEY_SEPARATOR;

    private static final Serializer<String> KEYS = new StringSerializer();

    private final LocalStores stores;
    private final DetectionParams params;
    private final long windowSizeMs;

    LocalReads(LocalStores stores, DetectionParams params, long windowSizeMs) {
        this.stores = stores;
        this.params = params;
        this.windowSizeMs = windowSizeMs;
    }

    /** @throws NotFoundException also when the endpoint's site is not in {@code sites}: the same answer */
    EndpointView endpoint(Slice slice, String endpointId, long now, SiteFilter sites) {
        EndpointRecord r =
                stores.<EndpointRecord>kv(StoreNames.ENDPOINT_STATE, slice).get(endpointId);
        EndpointStatus s = r == null ? null : r.status();
        if (s == null || !sites.allows(s.site())) {
            throw NotFoundException.endpoint(endpointId);
        }
        EndpointStatus at = s.at(now, params);
        return new EndpointView(
                at.endpointId(),
                at.site(),
                at.proxy(),
                at.product(),
                at.state().name(),
                instant(at.lastEvent()),
                instant(at.lastFailure()),
                at.lastErrorCode(),
                at.lastErrorClass() == null ? null : at.lastErrorClass().name(),
                instant(at.lastHealthy()),
                instant(at.stickySince()),
                probe(r.track() == null ? null : r.track().probe()));
    }

    private static EndpointView.Probe probe(ProbeMark p) {
        if (p == null) {
            return null;
        }
        return new EndpointView.Probe(
                Instant.ofEpochMilli(p.at()),
                p.failed() == null ? "OK" : p.failed().name(),
                p.step(),
                p.httpStatus() == 0 ? null : p.httpStatus(),
                p.tlsIssuer());
    }

    /** @throws NotFoundException also when none of the outage's sites is in {@code sites}: the same answer */
    AlertSnapshot outage(Slice slice, String alertId, SiteFilter sites) {
        ConnectivityAlert a =
                stores.<ConnectivityAlert>kv(StoreNames.OPEN_ALERTS, slice).get(alertId);
        AlertSnapshot seen = a == null ? null : ScopedAlerts.view(AlertSnapshot.of(a), sites, fleet(slice), params);
        if (seen == null) {
            throw NotFoundException.outage(alertId);
        }
        return seen;
    }

    /** The open outages as {@code sites} may see them ({@link ScopedAlerts}), then those {@code filter} matches. */
    List<AlertSnapshot> outages(Slice slice, OutageFilter filter, SiteFilter sites) {
        List<AlertSnapshot> out = new ArrayList<>();
        Supplier<FleetState> fleet = fleet(slice);
        try (KeyValueIterator<String, ConnectivityAlert> it =
                stores.<ConnectivityAlert>kv(StoreNames.OPEN_ALERTS, slice).all()) {
            while (it.hasNext()) {
                AlertSnapshot o = ScopedAlerts.view(AlertSnapshot.of(it.next().value), sites, fleet, params);
                if (o != null && filter.matches(o)) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** The site's counts, without its outages (those live with the fleet, elsewhere). */
    SiteView site(Slice slice, String site, long now) {
        SiteState state = stores.<SiteState>kv(StoreNames.SITE_STATE, slice).get(site);
        if (state == null) {
            throw NotFoundException.site(site);
        }
        return counts(slice, state, now);
    }

    List<SiteView> sites(Slice slice, long now, SiteFilter sites) {
        List<SiteView> out = new ArrayList<>();
        try (KeyValueIterator<String, SiteState> it =
                stores.<SiteState>kv(StoreNames.SITE_STATE, slice).all()) {
            while (it.hasNext()) {
                SiteState state = it.next().value;
                if (sites.allows(state.getSite())) {
                    out.add(counts(slice, state, now));
                }
            }
        }
        return out;
    }

    /** Per site kept here, per proxy its endpoints use: what {@link QueryService#proxies} adds up. */
    List<ProxySiteView> proxySites(Slice slice, long now, SiteFilter sites) {
        List<ProxySiteView> out = new ArrayList<>();
        try (KeyValueIterator<String, SiteState> it =
                stores.<SiteState>kv(StoreNames.SITE_STATE, slice).all()) {
            while (it.hasNext()) {
                SiteState state = it.next().value;
                if (!sites.allows(state.getSite())) {
                    continue;
                }
                Map<String, int[]> byProxy = new TreeMap<>();
                for (EndpointTrack t : tracks(slice, state)) {
                    int[] c = byProxy.computeIfAbsent(t.proxy(), p -> new int[3]);
                    EndpointState s = t.stateAt(now, params);
                    c[0]++;
                    if (s != EndpointState.SILENT) {
                        c[1]++;
                    }
                    if (s == EndpointState.FAILING) {
                        c[2]++;
                    }
                }
                byProxy.forEach((proxy, c) -> out.add(new ProxySiteView(proxy, state.getSite(), c[0], c[1], c[2])));
            }
        }
        return out;
    }

    SiteEndpoints siteEndpoints(Slice slice, String site, EndpointState wanted, int limit, long now) {
        SiteState state = stores.<SiteState>kv(StoreNames.SITE_STATE, slice).get(site);
        if (state == null) {
            throw NotFoundException.site(site);
        }
        List<SiteEndpointView> items = new ArrayList<>();
        int matched = 0;
        for (EndpointTrack t : tracks(slice, state)) {
            EndpointState s = t.stateAt(now, params);
            if (wanted != null && s != wanted) {
                continue;
            }
            matched++;
            if (items.size() < limit) {
                items.add(new SiteEndpointView(
                        t.endpointId(),
                        t.proxy(),
                        t.product(),
                        s.name(),
                        instant(t.lastSeen()),
                        instant(t.lastHealthy()),
                        failingClasses(t, now)));
            }
        }
        return new SiteEndpoints(site, wanted == null ? null : wanted.name(), matched, matched > items.size(), items);
    }

    FailureReport failures(Slice slice, String site, TimeRange range) {
        if (stores.<SiteState>kv(StoreNames.SITE_STATE, slice).get(site) == null) {
            throw NotFoundException.site(site);
        }
        String prefix = site + SEPARATOR;
        // every key of the site sorts between "site<US>" and "site<US><U+FFFF>" for the BMP names a site has
        String last = prefix + '\uffff';
        Instant lastStart = range.to().minusMillis(1);
        List<FailureCount> windows = new ArrayList<>();
        Map<String, FailureTotal> totals = new TreeMap<>();
        try (KeyValueIterator<Windowed<String>, FailureWindow> it = stores.<FailureWindow>window(
                        StoreNames.FAILURE_WINDOWS, slice)
                .fetch(prefix, last, range.from(), lastStart)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, FailureWindow> kv = it.next();
                if (!kv.key.key().startsWith(prefix)) {
                    continue;
                }
                FailureWindow w = kv.value;
                long start = kv.key.window().start();
                windows.add(new FailureCount(
                        w.proxy(),
                        w.errorCode(),
                        w.errorClass(),
                        Instant.ofEpochMilli(start),
                        Instant.ofEpochMilli(start + windowSizeMs),
                        w.count(),
                        w.distinctEndpoints(),
                        w.endpointsCapped(),
                        w.targetHosts(),
                        w.samples()));
                totals.merge(
                        kv.key.key(),
                        new FailureTotal(w.proxy(), w.errorCode(), w.errorClass(), w.count(), 1),
                        (a, b) -> new FailureTotal(
                                a.proxy(),
                                a.errorCode(),
                                a.errorClass(),
                                a.count() + b.count(),
                                a.windows() + b.windows()));
            }
        }
        windows.sort(Comparator.comparing(FailureCount::windowStart)
                .thenComparing(FailureCount::proxy)
                .thenComparing(FailureCount::errorCode));
        List<FailureTotal> sortedTotals = new ArrayList<>(totals.values());
        sortedTotals.sort(Comparator.comparingLong(FailureTotal::count)
                .reversed()
                .thenComparing(FailureTotal::proxy)
                .thenComparing(FailureTotal::errorCode));
        return new FailureReport(site, range.from(), range.to(), windowSizeMs, sortedTotals, windows);
    }

    private SiteView counts(Slice slice, SiteState state, long now) {
        int total = 0;
        int active = 0;
        int failing = 0;
        for (EndpointTrack t : tracks(slice, state)) {
            total++;
            EndpointState s = t.stateAt(now, params);
            if (s != EndpointState.SILENT) {
                active++;
            }
            if (s == EndpointState.FAILING) {
                failing++;
            }
        }
        return new SiteView(
                state.getSite(),
                total,
                active,
                failing,
                total - active,
                state.getClock() == 0 ? null : Instant.ofEpochMilli(state.getClock()),
                List.of(),
                false);
    }

    /** The site's endpoint tracks, sorted by endpointId. */
    private List<EndpointTrack> tracks(Slice slice, SiteState state) {
        List<EndpointTrack> out = new ArrayList<>();
        try (KeyValueIterator<String, EndpointTrack> it = stores.<EndpointTrack>kv(StoreNames.SITE_ENDPOINTS, slice)
                .prefixScan(state.getSite() + SEPARATOR, KEYS)) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    private List<String> failingClasses(EndpointTrack t, long now) {
        List<String> out = new ArrayList<>(1);
        for (Map.Entry<ErrorClass, FailureMark> e : t.failures().entrySet()) {
            if (e.getValue().countsAt(now, t.lastHealthy(), e.getKey(), params)) {
                out.add(e.getKey().name());
            }
        }
        return out;
    }

    /** The fleet state of the slice's partition, read once and only when asked for. */
    private Supplier<FleetState> fleet(Slice slice) {
        FleetState[] read = new FleetState[1];
        boolean[] done = new boolean[1];
        return () -> {
            if (!done[0]) {
                read[0] = stores.<FleetState>kv(StoreNames.FLEET_STATE, slice).get(StoreNames.FLEET_KEY);
                done[0] = true;
            }
            return read[0];
        };
    }

    /** The time as an Instant, null when it is {@link Times#NEVER} (the API leaves the field out). */
    private static Instant instant(long epochMillis) {
        return Times.happened(epochMillis) ? Instant.ofEpochMilli(epochMillis) : null;
    }
}
