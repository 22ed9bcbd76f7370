package org.fleettelemetry.streams.query;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What the routing does, counted: forwards (ok or failed), answers from stale copies, partial fan-outs. */
final class QueryMeters {
    static final String FORWARDS = "fleet.query.forwards";
    static final String STALE_ANSWERS = "fleet.query.stale.answers";
    static final String PARTIAL_ANSWERS = "fleet.query.partial.answers";

    private final Counter forwardsOk;
    private final Counter forwardsFailed;
    private final Counter stale;
    private final Counter partial;

    QueryMeters(MeterRegistry registry) {
        this.forwardsOk = Counter.builder(FORWARDS)
                .tag("outcome", "ok")
                .description("Key lookups forwarded to the owning instance")
                .register(registry);
        this.forwardsFailed = Counter.builder(FORWARDS)
                .tag("outcome", "failed")
                .description("Key lookups forwarded to the owning instance")
                .register(registry);
        this.stale = Counter.builder(STALE_ANSWERS)
                .description("Key lookups answered from a standby or restoring copy within maxLag")
                .register(registry);
        this.partial = Counter.builder(PARTIAL_ANSWERS)
                .description("Collection answers missing an instance or some partitions")
                .register(registry);
    }

    void forwarded(boolean ok) {
        (ok ? forwardsOk : forwardsFailed).increment();
    }

    void stale() {
        stale.increment();
    }

    void partial() {
        partial.increment();
    }
}
