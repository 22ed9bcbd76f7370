package org.fleettelemetry.collector.sim;

import java.time.Duration;
import java.util.List;

/**
 * The demo's incidents. At {@code scale} 1 the timeline spans about six minutes: a proxy whose name
 * stops resolving at one site, a firewall dropping *.fsapi.com at another, the hub proxy several sites
 * share inspecting TLS (when the layout has it at 2 sites or more), a fleet-wide cloud slowdown, and one flaky
 * host all along; each incident starts and ends. A smaller scale shortens every time.
 */
public record Scenario(List<Incident> incidents, Duration length) {

    public static Scenario demo(FleetLayout layout, double scale) {
        if (layout.sites().size() < 3) {
            throw new IllegalArgumentException("the demo scenario needs at least 3 sites");
        }
        String proxySite = layout.sites().get(0);
        String firewallSite = layout.sites().get(1);
        String flakySite = layout.sites().get(2);
        List<Incident> incidents = new java.util.ArrayList<>(List.of(
                new Incident(
                        Incident.Kind.PROXY_DNS,
                        proxySite,
                        layout.firstProxy(proxySite),
                        null,
                        at(40, scale),
                        at(220, scale)),
                new Incident(Incident.Kind.FIREWALL, firewallSite, null, null, at(80, scale), at(260, scale)),
                new Incident(Incident.Kind.CLOUD_SLOW, null, null, null, at(270, scale), at(360, scale)),
                new Incident(
                        Incident.Kind.FLAKY_HOST,
                        flakySite,
                        null,
                        layout.someEndpoint(flakySite, 2),
                        Duration.ZERO,
                        at(420, scale))));
        if (layout.sitesUsing(FleetLayout.HUB).size() >= 2) {
            // the hub several sites share starts inspecting TLS: one proxy outage, not a FLEET alert
            incidents.add(new Incident(
                    Incident.Kind.TLS_INSPECTION, null, FleetLayout.HUB, null, at(100, scale), at(250, scale)));
        }
        return new Scenario(List.copyOf(incidents), at(420, scale));
    }

    private static Duration at(long seconds, double scale) {
        return Duration.ofMillis(Math.round(seconds * 1000 * scale));
    }
}
