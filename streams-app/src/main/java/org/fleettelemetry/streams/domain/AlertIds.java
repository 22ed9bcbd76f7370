package org.fleettelemetry.streams.domain;

import org.fleettelemetry.schemas.avro.AlertScope;

/**
 * Alert ids: deterministic from the outage key and the open time, so a replay of the same input gives the same ids.
 * {@code site:<site>:<proxy>:<class>:<openedAt>} (proxy {@code ALL} for SILENT), {@code fleet:<class>:<openedAt>},
 * {@code proxy:<proxy>:<class>:<openedAt>} for a proxy outage across sites.
 */
final class AlertIds {
    private AlertIds() {}

    static String of(OutageTrack track, long openedAt) {
        if (track.isProxyWide()) {
            return "proxy:" + track.getProxy() + ":" + track.getErrorClass() + ":" + openedAt;
        }
        if (track.getScope() == AlertScope.FLEET) {
            return "fleet:" + track.getErrorClass() + ":" + openedAt;
        }
        String proxy = track.getProxy() == null ? "ALL" : track.getProxy();
        return "site:" + track.getSite() + ":" + proxy + ":" + track.getErrorClass() + ":" + openedAt;
    }
}
