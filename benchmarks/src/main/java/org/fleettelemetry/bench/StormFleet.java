package org.fleettelemetry.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.IntStream;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;

/**
 * The storm measure's fleet: {@code endpoints} endpoints {@code <site>-pc-<n>} dealt round the sites (endpoint i at
 * site i % sites, so a walk through the endpoints visits every site in turn), each site behind its own proxy, and the
 * records its agents' logs give as the collector parses them (shapes from the parser's golden files). Each endpoint
 * has two agent files, fsscorplug.log and deepguard.log, whose byte offsets advance with every entry, as a collector
 * tailing them sees them. Not thread-safe: one producer thread builds the events (heartbeats are stateless).
 */
final class StormFleet {
    static final String FSSCORPLUG = "fsscorplug-1";
    static final String DEEPGUARD = "deepguard-1";
    private static final String PRODUCT = "Elements EPP for Computers";
    private static final DateTimeFormatter AGENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final int AGENT_TIME_LENGTH = "2021-11-12 17:40:30.152".length();
    private static final int FSSCORPLUG_PID = 0x15c0;
    private static final int FSSCORPLUG_TID = 0x1d1c;
    private static final String FSSCORPLUG_THREAD = "15c0.1d1c";
    private static final int DEEPGUARD_PID = 0x0c44;
    private static final int DEEPGUARD_TID = 0x0d10;
    private static final String DEEPGUARD_THREAD = "0c44.0d10";

    private final int sites;
    private final String[] siteNames;
    private final String[] proxies;
    private final String[] endpointIds;
    private final long[] fsscorplugOffsets;
    private final long[] deepguardOffsets;

    StormFleet(int endpoints, int sites) {
        if (sites < 1 || endpoints < sites) {
            throw new IllegalArgumentException("need at least one site and one endpoint per site, got " + endpoints
                    + " endpoints over " + sites + " sites");
        }
        this.sites = sites;
        this.siteNames = new String[sites];
        this.proxies = new String[sites];
        for (int s = 0; s < sites; s++) {
            siteNames[s] = String.format("site-%03d", s);
            proxies[s] = BenchRecords.proxy(siteNames[s]);
        }
        this.endpointIds = new String[endpoints];
        for (int i = 0; i < endpoints; i++) {
            endpointIds[i] = siteNames[i % sites] + "-pc-" + String.format("%04d", i / sites);
        }
        this.fsscorplugOffsets = new long[endpoints];
        this.deepguardOffsets = new long[endpoints];
    }

    int endpoints() {
        return endpointIds.length;
    }

    int sites() {
        return sites;
    }

    int siteOf(int endpoint) {
        return endpoint % sites;
    }

    String siteName(int site) {
        return siteNames[site];
    }

    String endpointId(int endpoint) {
        return endpointIds[endpoint];
    }

    /** Endpoints at a site: the fleet is dealt evenly, so sites differ by at most one. */
    int endpointsAt(int site) {
        return endpointIds.length / sites + (site < endpointIds.length % sites ? 1 : 0);
    }

    /** {@code count} sites spread evenly over the fleet (0, sites/count, 2 sites/count, ...). */
    List<Integer> spreadSites(int count) {
        if (count > sites) {
            throw new IllegalArgumentException("cannot choose " + count + " of " + sites + " sites");
        }
        return IntStream.range(0, count).map(k -> k * sites / count).boxed().toList();
    }

    EndpointHeartbeat heartbeat(int endpoint, Instant at) {
        return BenchRecords.beat(siteNames[siteOf(endpoint)], endpointIds[endpoint], at);
    }

    /** A doorman contact with fserr 0 (fsscorplug.log): the endpoint reached the cloud. */
    EndpointEvent doormanOk(int endpoint, Instant at) {
        String source = "fs::xrssdk::DoormanCache::update";
        String message = "doorman cooldown is off, ttl: 15, fserr: 0";
        EndpointEvent.Builder e = base(
                        endpoint, LogFile.FSSCORPLUG, at, FSSCORPLUG_PID, FSSCORPLUG_TID, "I", source, message)
                .setKind(EventKind.CONNECTION_OK)
                .setFserr(0);
        return entry(e, endpoint, FSSCORPLUG, fsscorplugOffsets, lineLength(FSSCORPLUG_THREAD, "I", source, message));
    }

    /** An ORSP reputation lookup that took {@code durationMs} (deepguard.log); slow ones are CLOUD_LOOKUP failures. */
    EndpointEvent cloudLookup(int endpoint, Instant at, long durationMs) {
        String source = "SecurityCloud::Query";
        String message = "ORSP query took " + durationMs + " ms";
        String level = ".W";
        EndpointEvent.Builder e = base(
                        endpoint, LogFile.DEEPGUARD, at, DEEPGUARD_PID, DEEPGUARD_TID, level, source, message)
                .setKind(EventKind.CLOUD_QUERY_LATENCY)
                .setDurationMs(durationMs);
        return entry(e, endpoint, DEEPGUARD, deepguardOffsets, lineLength(DEEPGUARD_THREAD, level, source, message));
    }

    /**
     * "Couldn't resolve proxy" (curl:5, agent http error 111), as fsscorplug.log writes it: three lines of one failed
     * query, one event carrying all three (as fsscorplug-proxy-dns.out.json).
     */
    EndpointEvent proxyDnsFailure(int endpoint, Instant at) {
        String proxyHost = proxyHost(siteOf(endpoint));
        String prefix = AGENT_TIME.format(at) + " [" + FSSCORPLUG_THREAD + "] .W: ";
        String message = "handle 0000023C45E27C50 failed with 5: Couldn't resolve proxy: " + proxyHost;
        List<String> lines = List.of(
                prefix + "CurlQuery::completeWithStatus: " + message,
                prefix
                        + "fs::xrssdk::HTTPQueryTask::update_http_stats: http error 111 (5) for http task 0000023C45E9AC20, time 4 ms",
                prefix + "ipc_impl::on_async_complete_ex: winrpc call completed with error 111");
        int length = 0;
        for (String line : lines) {
            length += line.length() + 1;
        }
        EndpointEvent.Builder e = base(
                        endpoint,
                        LogFile.FSSCORPLUG,
                        at,
                        FSSCORPLUG_PID,
                        FSSCORPLUG_TID,
                        ".W",
                        "CurlQuery::completeWithStatus",
                        message)
                .setKind(EventKind.CONNECTION_FAILURE)
                .setErrorCode("curl:5")
                .setCurlCode(5)
                .setAgentHttpError(111)
                .setLineProxy(proxyHost)
                .setDurationMs(4L)
                .setRawLines(lines);
        return entry(e, endpoint, FSSCORPLUG, fsscorplugOffsets, length);
    }

    String proxyHost(int site) {
        return proxies[site].substring(0, proxies[site].indexOf(':'));
    }

    /**
     * Gives the entry its place in its file: eventId = endpointId:fileIdentity:offset of the entry's first byte, as the
     * collector makes it. Offsets grow by the entry's line length (its lines with their line ends), so the next entry of
     * the file starts at offset + entryBytes, which is also this entry's end offset.
     */
    private EndpointEvent entry(
            EndpointEvent.Builder event, int endpoint, String fileIdentity, long[] offsets, int entryBytes) {
        long offset = offsets[endpoint];
        offsets[endpoint] = offset + entryBytes;
        return event.setEventId(endpointIds[endpoint] + ":" + fileIdentity + ":" + offset)
                .setEndOffset(offset + entryBytes)
                .build();
    }

    private EndpointEvent.Builder base(
            int endpoint, LogFile file, Instant at, int pid, int tid, String level, String source, String message) {
        int site = siteOf(endpoint);
        return EndpointEvent.newBuilder()
                .setEndpointId(endpointIds[endpoint])
                .setSite(siteNames[site])
                .setProxy(proxies[site])
                .setProduct(PRODUCT)
                .setLogFile(file)
                .setTimestamp(at)
                .setPid(pid)
                .setTid(tid)
                .setLevel(level)
                .setSource(source)
                .setMessage(message);
    }

    /** Bytes of a one-line entry "time [pid.tid] level: source: message\n" (ASCII, so chars are bytes). */
    private static int lineLength(String thread, String level, String source, String message) {
        return AGENT_TIME_LENGTH
                + 2
                + thread.length()
                + 2
                + level.length()
                + 2
                + source.length()
                + 2
                + message.length()
                + 1;
    }
}
