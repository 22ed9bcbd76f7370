package org.fleettelemetry.streams.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;

/**
 * A generated fleet's logs as its collectors send them: per endpoint one ordered stream per log file, and one of
 * heartbeats. Sites have one or two proxies (or go direct; in some fleets the main proxy is a hub they all share); a site is healthy or has one outage behind one proxy (a
 * proxy whose name does not resolve, a firewall dropping the doorman, a proxy refusing connections, or slow cloud
 * lookups), which goes on to the end or heals before it; some endpoints fail alone now and then (flaky hosts). A
 * network outage also makes the endpoint's reputation lookups fail in deepguard.log: symptoms, logged in another
 * file than their cause.
 *
 * <p>Event ids are the collector's: endpoint, file identity and byte offset, increasing within a file.
 */
final class ReplayFleet {
    static final Instant T0 = TopologyFixture.T0;
    /** The scenario's length in event time. */
    static final Duration LENGTH = Duration.ofMinutes(10);
    /** No outage starts before this: a live phase up to here sees every site healthy. */
    static final Duration QUIET = Duration.ofMinutes(4);

    private static final String DOORMAN = "doorman.sc.fsapi.com";
    private static final String PRODUCT = "Elements EPP for Computers";

    enum Cause {
        HEALTHY,
        PROXY_DNS,
        FIREWALL,
        CONNECT_REFUSED,
        CLOUD_SLOW
    }

    /** One record, in the stream (endpoint + file) it belongs to. */
    record Rec(String site, String endpoint, String stream, long at, SpecificRecord value) {
        boolean isHeartbeat() {
            return value instanceof EndpointHeartbeat;
        }
    }

    /** What the generator made of each site, for failure messages. */
    final Map<String, String> sites = new LinkedHashMap<>();
    /** Each stream's records, in the order its file has them. */
    final List<List<Rec>> streams = new ArrayList<>();

    private final Random random;
    private final Map<String, Long> offsets = new LinkedHashMap<>();

    private ReplayFleet(long seed) {
        this.random = new Random(seed);
    }

    static ReplayFleet generate(long seed) {
        ReplayFleet fleet = new ReplayFleet(seed);
        int siteCount = 2 + fleet.random.nextInt(4);
        // now and then one cause at most sites: a FLEET outage, or not quite one
        Cause shared = fleet.random.nextInt(3) == 0 ? Cause.values()[1 + fleet.random.nextInt(4)] : null;
        // and then, for even seeds, the sites' main proxy is one hub they share (hub and spoke): a PROXY outage, or
        // not quite one. Decided from the seed, not drawn, so that every other fleet stays as it was
        fleet.hub = shared != null && seed % 2 == 0 ? HUB : null;
        for (int s = 0; s < siteCount; s++) {
            fleet.site("s" + s, shared != null && fleet.random.nextInt(5) > 0 ? shared : null);
        }
        return fleet;
    }

    /** The proxy the sites share in a hub-and-spoke fleet. */
    static final String HUB = "proxy.hub.example:8080";

    private String hub;

    /** Every record, in event-time order (ties: stream, then the stream's own order): the in-order arrival. */
    List<Rec> inOrder() {
        List<Rec> all = new ArrayList<>();
        streams.forEach(all::addAll);
        // a stable sort keeps each stream's own order among equal times
        all.sort(Comparator.comparingLong(Rec::at));
        return all;
    }

    int size() {
        return streams.stream().mapToInt(List::size).sum();
    }

    private void site(String site, Cause forced) {
        int endpoints = 6 + random.nextInt(9);
        boolean twoProxies = random.nextInt(3) == 0;
        String main = random.nextInt(5) == 0 ? "DIRECT" : "proxy." + site + ".example:8080";
        if (hub != null) {
            main = hub;
        }
        String other = "proxy2." + site + ".example:3128";
        Cause cause = forced != null ? forced : Cause.values()[random.nextInt(Cause.values().length)];
        long start = QUIET.toMillis() + random.nextInt(90_000);
        boolean heals = random.nextInt(4) == 0;
        long end = heals ? start + 120_000 + random.nextInt(60_000) : Long.MAX_VALUE;
        // the affected share of the endpoints behind the main proxy: sometimes only two (below the minimum), so
        // that a ratio or count just under a threshold is among the cases
        double share = 0.3 + 0.6 * random.nextDouble();
        int flaky = random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0;
        List<String> behindMain = new ArrayList<>();
        List<String[]> plan = new ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            String id = site + "-pc-" + i;
            String proxy = twoProxies && i % 3 == 2 ? other : main;
            if (proxy.equals(main)) {
                behindMain.add(id);
            }
            plan.add(new String[] {id, proxy});
        }
        int affected = cause == Cause.HEALTHY
                ? 0
                : random.nextInt(5) == 0 ? 2 : Math.max(1, (int) Math.round(share * behindMain.size()));
        List<String> hit = behindMain.subList(0, Math.min(affected, behindMain.size()));
        sites.put(
                site,
                cause + " behind " + main + " at " + hit.size() + " of " + behindMain.size() + " (" + endpoints
                        + " endpoints" + (twoProxies ? ", two proxies" : "") + ")"
                        + (heals ? ", healed" : "") + (flaky > 0 ? ", " + flaky + " flaky" : ""));
        for (int i = 0; i < plan.size(); i++) {
            String id = plan.get(i)[0];
            String proxy = plan.get(i)[1];
            boolean isHit = hit.contains(id);
            boolean isFlaky = !isHit && i >= plan.size() - flaky;
            endpoint(site, id, proxy, isHit ? cause : Cause.HEALTHY, start, end, isFlaky);
        }
    }

    private void endpoint(String site, String id, String proxy, Cause cause, long start, long end, boolean flaky) {
        long t0 = T0.toEpochMilli();
        long length = LENGTH.toMillis();
        List<Rec> beats = new ArrayList<>();
        for (long t = random.nextInt(30_000); t < length; t += 30_000) {
            beats.add(new Rec(site, id, id + "/beat", t0 + t, beat(site, id, proxy, t0 + t)));
        }
        List<Rec> fss = new ArrayList<>();
        List<Rec> spp = new ArrayList<>();
        List<Rec> dg = new ArrayList<>();
        // doorman contacts in fsscorplug.log: healthy every minute, failing every 20 to 40 s
        for (long t = random.nextInt(60_000); t < length; ) {
            boolean failing = t0 + t >= t0 + start && t < end;
            Cause now = failing ? cause : Cause.HEALTHY;
            if (now == Cause.HEALTHY || now == Cause.CLOUD_SLOW) {
                fss.add(event(site, id, proxy, LogFile.FSSCORPLUG, "fss", t0 + t, doormanOk()));
                if (flaky && random.nextInt(2) == 0) {
                    fss.add(event(site, id, proxy, LogFile.FSSCORPLUG, "fss", t0 + t + 500, refused()));
                }
                t += 60_000;
            } else {
                fss.add(event(site, id, proxy, LogFile.FSSCORPLUG, "fss", t0 + t, networkFailure(now, proxy)));
                if (now == Cause.FIREWALL) {
                    spp.add(event(site, id, proxy, LogFile.SPPLUG, "spp", t0 + t + 300, socketTimeout()));
                }
                t += 20_000 + random.nextInt(20_000);
            }
        }
        // reputation lookups in deepguard.log every 10 to 20 s: fast while the cloud is reached, failing (a symptom)
        // while the network is down, slow during a cloud slowdown
        for (long t = random.nextInt(15_000); t < length; t += 10_000 + random.nextInt(10_000)) {
            boolean failing = t >= start && t < end;
            Cause now = failing ? cause : Cause.HEALTHY;
            EndpointEvent.Builder e = switch (now) {
                case HEALTHY -> lookup(150);
                case CLOUD_SLOW -> lookup(4_000 + random.nextInt(4_000));
                default -> lookupFailed();
            };
            dg.add(event(site, id, proxy, LogFile.DEEPGUARD, "dg", t0 + t, e));
        }
        for (List<Rec> stream : List.of(beats, fss, spp, dg)) {
            if (!stream.isEmpty()) {
                streams.add(stream);
            }
        }
    }

    private Rec event(
            String site, String id, String proxy, LogFile file, String tag, long at, EndpointEvent.Builder b) {
        String stream = id + "/" + tag;
        long offset = offsets.merge(stream, 0L, (o, x) -> o);
        long length = 120 + random.nextInt(80);
        offsets.put(stream, offset + length);
        EndpointEvent event = b.setEventId(id + ":" + tag + "-1:" + offset)
                .setEndOffset(offset + length)
                .setEndpointId(id)
                .setSite(site)
                .setProxy(proxy)
                .setProduct(PRODUCT)
                .setLogFile(file)
                .setTimestamp(Instant.ofEpochMilli(at))
                .build();
        return new Rec(site, id, stream, at, event);
    }

    private static EndpointHeartbeat beat(String site, String id, String proxy, long at) {
        return EndpointHeartbeat.newBuilder()
                .setEndpointId(id)
                .setSite(site)
                .setProxy(proxy)
                .setProduct(PRODUCT)
                .setCollectorVersion("test")
                .setTimestamp(Instant.ofEpochMilli(at))
                .setLinesSinceLast(10)
                .setFailuresSinceLast(0)
                .setSpoolBytes(0)
                .build();
    }

    private static EndpointEvent.Builder base(EventKind kind, String level, String source, String message) {
        return EndpointEvent.newBuilder()
                .setKind(kind)
                .setLevel(level)
                .setSource(source)
                .setMessage(message);
    }

    private static EndpointEvent.Builder doormanOk() {
        return base(
                        EventKind.CONNECTION_OK,
                        "I",
                        "fs::xrssdk::DoormanCache::update",
                        "doorman cooldown is off, fserr: 0")
                .setFserr(0);
    }

    private static EndpointEvent.Builder refused() {
        return base(EventKind.CONNECTION_FAILURE, ".W", "CurlQuery::completeWithStatus", "failed with 7")
                .setErrorCode("curl:7")
                .setCurlCode(7);
    }

    private static EndpointEvent.Builder networkFailure(Cause cause, String proxy) {
        return switch (cause) {
            case PROXY_DNS ->
                base(
                                EventKind.CONNECTION_FAILURE,
                                ".W",
                                "CurlQuery::completeWithStatus",
                                "failed with 5: Couldn't resolve proxy")
                        .setErrorCode("curl:5")
                        .setCurlCode(5)
                        .setAgentHttpError(111)
                        .setLineProxy(proxy.split(":")[0]);
            case FIREWALL ->
                base(
                                EventKind.CONNECTION_FAILURE,
                                ".W",
                                "CurlQuery::completeWithStatus",
                                "failed with 28: Operation timed out")
                        .setErrorCode("curl:28")
                        .setCurlCode(28)
                        .setAgentHttpError(201)
                        .setDurationMs(1006L);
            case CONNECT_REFUSED -> refused();
            default -> throw new IllegalArgumentException("not a network cause: " + cause);
        };
    }

    private static EndpointEvent.Builder socketTimeout() {
        return base(
                        EventKind.CONNECTION_FAILURE,
                        ".W",
                        "fs::rs::WinSocket::Impl::waitForConnection",
                        "wait failed: 258")
                .setErrorCode("wait:258")
                .setWaitCode(258)
                .setTargetHost(DOORMAN);
    }

    private static EndpointEvent.Builder lookup(long ms) {
        return base(EventKind.CLOUD_QUERY_LATENCY, "I", "fs::orsp::Client::query", "query took " + ms + " ms")
                .setDurationMs(ms);
    }

    private static EndpointEvent.Builder lookupFailed() {
        return base(EventKind.CLOUD_QUERY_FAILURE, ".W", "fs::orsp::Client::query", "ORSP query failed")
                .setErrorCode("orsp:failed");
    }
}
