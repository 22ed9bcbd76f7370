package org.fleettelemetry.collector.sim;

import java.time.ZoneId;

/** One simulated endpoint: where it is, what it runs, and its agent's process and thread ids. */
public record SimEndpoint(
        String id, String site, String proxy, ZoneId zone, String product, boolean mailServer, int pid, int tid) {}
