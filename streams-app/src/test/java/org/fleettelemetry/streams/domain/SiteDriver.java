package org.fleettelemetry.streams.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;

/** Drives the site rules of one site with explicit times, as the topology would. */
final class SiteDriver {
    static final String PRODUCT = "Elements EPP for Computers";

    final DetectionParams params;
    final SiteState state;
    final List<ConnectivityAlert> emitted = new ArrayList<>();
    long now;

    SiteDriver(String site, DetectionParams params, long start) {
        this.params = params;
        this.state = new SiteState(site);
        this.now = start;
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
        SiteRules.observe(state, o, now, params);
        return this;
    }

    List<ConnectivityAlert> evaluate() {
        List<ConnectivityAlert> out = SiteRules.evaluate(state, now, params);
        emitted.addAll(out);
        return out;
    }
}
