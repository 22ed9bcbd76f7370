package org.fleettelemetry.streams.query;

import org.fleettelemetry.streams.domain.AlertSnapshot;
import org.fleettelemetry.streams.topology.StoreNames;

/** The lookups routed by key to the instance that owns the key, and the store whose partitioning decides the owner. */
public enum KeyOp {
    ENDPOINT(StoreNames.ENDPOINT_STATE, EndpointView.class),
    OUTAGE(StoreNames.OPEN_ALERTS, AlertSnapshot.class),
    /** A site's counts; its outages are added by the instance the client asked. */
    SITE(StoreNames.SITE_STATE, SiteView.class),
    SITE_ENDPOINTS(StoreNames.SITE_STATE, SiteEndpoints.class),
    SITE_FAILURES(StoreNames.SITE_STATE, FailureReport.class);

    private final String store;
    private final Class<?> result;

    KeyOp(String store, Class<?> result) {
        this.store = store;
        this.result = result;
    }

    String store() {
        return store;
    }

    Class<?> result() {
        return result;
    }

    /** The name in the internal route, e.g. {@code site-endpoints}. */
    public String pathName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static KeyOp fromPathName(String name) {
        for (KeyOp op : values()) {
            if (op.pathName().equals(name)) {
                return op;
            }
        }
        throw new NotFoundException("no internal key operation '" + name + "'");
    }
}
