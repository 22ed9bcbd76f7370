package org.fleettelemetry.collector.sim;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The simulated fleet: endpoints spread over sites, each site in its own time zone with one or two
 * proxies ({@link #HUB} shared by nyc and sgp), a few mail servers among them. Deterministic for a seed.
 */
public record FleetLayout(List<SimEndpoint> endpoints, List<String> sites) {
    private static final String[][] SITES = {
        {"hel", "Europe/Helsinki", "proxy-a.hel.example:3128,proxy-b.hel.example:3128"},
        {"ber", "Europe/Berlin", "proxy.ber.example:8080"},
        // half of nyc and of sgp reach the internet through one regional hub proxy (hub and spoke): the demo's
        // proxy outage across sites
        {"nyc", "America/New_York", "proxy-1.nyc.example:3128," + FleetLayout.HUB},
        {"sgp", "Asia/Singapore", "DIRECT," + FleetLayout.HUB},
        {"lon", "Europe/London", "proxy.lon.example:8080"},
        {"tyo", "Asia/Tokyo", "proxy.tyo.example:3128"},
    };

    /** The proxy several sites share. */
    public static final String HUB = "proxy.hub.example:8080";

    public static FleetLayout of(int endpoints, int sites, long seed) {
        if (sites < 1 || sites > SITES.length) {
            throw new IllegalArgumentException("sites must be between 1 and " + SITES.length);
        }
        Random random = new Random(seed);
        List<SimEndpoint> all = new ArrayList<>();
        List<String> siteNames = new ArrayList<>();
        for (int s = 0; s < sites; s++) {
            siteNames.add(SITES[s][0]);
        }
        for (int i = 0; i < endpoints; i++) {
            String[] site = SITES[i % sites];
            String[] proxies = site[2].split(",");
            int perSite = i / sites;
            String proxy = proxies[perSite % proxies.length];
            boolean server = perSite % 20 == 19;
            String id = site[0] + (server ? "-srv-" : "-pc-") + String.format("%03d", perSite + 1);
            all.add(new SimEndpoint(
                    id,
                    site[0],
                    proxy,
                    ZoneId.of(site[1]),
                    server ? "Business Suite Server Security" : "Elements EPP for Computers",
                    server,
                    0x1000 + random.nextInt(0xe000),
                    0x1000 + random.nextInt(0xe000)));
        }
        return new FleetLayout(List.copyOf(all), List.copyOf(siteNames));
    }

    /** The first proxy of a site (the one the demo's proxy incident breaks). */
    public String firstProxy(String site) {
        return endpoints.stream()
                .filter(e -> e.site().equals(site))
                .map(SimEndpoint::proxy)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no site " + site));
    }

    /** The sites whose endpoints use this proxy. */
    public List<String> sitesUsing(String proxy) {
        return sites.stream()
                .filter(site -> endpoints.stream().anyMatch(e -> e.site().equals(site) && proxy.equals(e.proxy())))
                .toList();
    }

    /** An ordinary endpoint of a site, for the flaky host. */
    public String someEndpoint(String site, int index) {
        return endpoints.stream()
                .filter(e -> e.site().equals(site) && !e.mailServer())
                .skip(index)
                .findFirst()
                .map(SimEndpoint::id)
                .orElseThrow(() -> new IllegalArgumentException("no endpoint at " + site));
    }
}
