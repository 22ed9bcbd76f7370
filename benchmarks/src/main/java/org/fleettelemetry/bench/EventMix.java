package org.fleettelemetry.bench;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.collector.parse.EntryAssembler;
import org.fleettelemetry.collector.parse.ParseContext;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.LogFile;

/**
 * Realistic EndpointEvents for a fleet: each endpoint's own {@link LogLineGenerator} lines go through the
 * real parser (so the events are what the collector ships), and endpoints take turns, one event each,
 * so event time advances across the whole fleet together. Endpoints are {@code <site>-pc-<n>}, spread
 * evenly over the sites, each site behind its own proxy.
 */
public final class EventMix {
    private static final String[] SITES = {"hel", "ber", "ams", "lon", "par", "mad", "osl", "rom"};

    private final List<Endpoint> endpoints = new ArrayList<>();
    private int turn;

    private record Endpoint(
            LogLineGenerator lines, EntryAssembler assembler, ArrayDeque<EndpointEvent> ready, long[] offset) {}

    public EventMix(int endpointCount, int siteCount, long seed, LocalDateTime start, ZoneId zone) {
        if (siteCount < 1 || siteCount > SITES.length || endpointCount < siteCount) {
            throw new IllegalArgumentException("need 1.." + SITES.length + " sites and at least one endpoint per site");
        }
        for (int i = 0; i < endpointCount; i++) {
            String site = SITES[i % siteCount];
            String endpointId = site + "-pc-" + String.format("%04d", i / siteCount + 1);
            ParseContext context = new ParseContext(
                    endpointId,
                    site,
                    "proxy." + site + ".example:3128",
                    "Elements EPP for Computers",
                    LogFile.FSSCORPLUG,
                    zone,
                    "bench-" + seed);
            ArrayDeque<EndpointEvent> ready = new ArrayDeque<>();
            EntryAssembler assembler = new EntryAssembler(context, parsed -> ready.add(parsed.event()));
            endpoints.add(new Endpoint(new LogLineGenerator(seed * 31 + i, start), assembler, ready, new long[1]));
        }
    }

    public static List<String> siteNames(int siteCount) {
        return List.of(SITES).subList(0, siteCount);
    }

    public EndpointEvent next() {
        Endpoint e = endpoints.get(turn);
        turn = (turn + 1) % endpoints.size();
        while (e.ready().isEmpty()) {
            String line = e.lines().next();
            long end = e.offset()[0] + line.length() + 1;
            e.assembler().accept(line, e.offset()[0], end);
            e.offset()[0] = end;
        }
        return e.ready().poll();
    }

    public EndpointEvent[] take(int count) {
        EndpointEvent[] events = new EndpointEvent[count];
        for (int i = 0; i < count; i++) {
            events[i] = next();
        }
        return events;
    }
}
