package org.fleettelemetry.streams.query;

import org.fleettelemetry.streams.domain.AlertSnapshot;
import org.fleettelemetry.streams.topology.StoreNames;

/** The collections every instance contributes its part to, and the store each reads. */
public enum ShareOp {
    OUTAGES(StoreNames.OPEN_ALERTS, AlertSnapshot.class),
    SITES(StoreNames.SITE_STATE, SiteView.class),
    PROXY_SITES(StoreNames.SITE_STATE, ProxySiteView.class);

    private final String store;
    private final Class<?> item;

    ShareOp(String store, Class<?> item) {
        this.store = store;
        this.item = item;
    }

    String store() {
        return store;
    }

    Class<?> item() {
        return item;
    }

    public String pathName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ShareOp fromPathName(String name) {
        for (ShareOp op : values()) {
            if (op.pathName().equals(name)) {
                return op;
            }
        }
        throw new NotFoundException("no internal share operation '" + name + "'");
    }
}
