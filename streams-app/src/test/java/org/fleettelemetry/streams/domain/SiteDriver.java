package org.fleettelemetry.streams.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;

/**
 * Drives the site rules of one site with explicit times, as the topology would: the endpoint tracks are kept beside
 * the state, updated per observation, and the expired ones deleted before each evaluation.
 */
final class SiteDriver {
    static final String PRODUCT = "Elements EPP for Computers";

    final DetectionParams params;
    final SiteState state;
    /** The site's endpoint tracks by endpointId, as the topology's site-endpoints store holds them. */
    final TreeMap<String, EndpointTrack> tracks;

    final List<ConnectivityAlert> emitted = new ArrayList<>();
    long now;

    SiteDriver(String site, DetectionParams params, long start) {
        this(new SiteState(site), new TreeMap<>(), params, start);
    }

    private SiteDriver(SiteState state, TreeMap<String, EndpointTrack> tracks, DetectionParams params, long start) {
        this.params = params;
        this.state = state;
        this.tracks = tracks;
        this.now = start;
    }

    /** A driver of {@code other} (a copy of this one's state), with a copy of this one's tracks. */
    SiteDriver over(SiteState other) {
        return new SiteDriver(other, new TreeMap<>(tracks), params, now);
    }

    static String id(int i) {
        return String.format("ep-%03d", i);
    }

    SiteDriver advance(Duration d) {
        now += d.toMillis();
        return this;
    }

    SiteDriver activity(String proxy, int from, int to) {
        for (int i = from; i < to; i++) {
            observe(Observation.activity(id(i), state.getSite(), proxy, PRODUCT, now));
        }
        return this;
    }

    SiteDriver fail(String proxy, int from, int to, String code, String host) {
        for (int i = from; i < to; i++) {
            observe(Observation.failure(id(i), state.getSite(), proxy, PRODUCT, now, code, host, params));
        }
        return this;
    }

    SiteDriver healthy(String proxy, int from, int to) {
        for (int i = from; i < to; i++) {
            observe(Observation.healthy(id(i), state.getSite(), proxy, PRODUCT, now));
        }
        return this;
    }

    SiteDriver lookupOk(String proxy, int from, int to) {
        for (int i = from; i < to; i++) {
            observe(Observation.lookupOk(id(i), state.getSite(), proxy, PRODUCT, now));
        }
        return this;
    }

    SiteDriver observe(Observation o) {
        tracks.compute(o.endpointId(), (id, previous) -> EndpointTrack.observe(previous, o, now));
        return this;
    }

    List<ConnectivityAlert> evaluate() {
        long t = Math.max(now, state.getClock());
        tracks.values().removeIf(e -> e.expiredAt(t, params));
        List<ConnectivityAlert> out = SiteRules.evaluate(state, tracks.values(), now, params);
        emitted.addAll(out);
        return out;
    }

    /** Every tracked endpoint's state (HEALTHY, FAILING, SILENT) as of now, by endpointId. */
    SortedMap<String, EndpointState> hostStates() {
        SortedMap<String, EndpointState> states = new TreeMap<>();
        tracks.values().forEach(e -> states.put(e.endpointId(), e.stateAt(now, params)));
        return states;
    }

    /** One endpoint's state as of now; null when the site does not track it. */
    EndpointState hostState(String endpointId) {
        EndpointTrack e = tracks.get(endpointId);
        return e == null ? null : e.stateAt(now, params);
    }
}
