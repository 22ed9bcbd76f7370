package org.fleettelemetry.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.avro.ProbeResult;
import org.fleettelemetry.schemas.avro.ProbeStep;

/**
 * The records the streams-app measures feed by hand: a heartbeat, a proxy DNS failure, a healthy contact, an active
 * probe's result.
 */
final class BenchRecords {
    private static final String PRODUCT = "Elements EPP for Computers";

    private BenchRecords() {}

    static String proxy(String site) {
        return "proxy." + site + ".example:3128";
    }

    static EndpointHeartbeat beat(String site, String endpoint, Instant at) {
        return EndpointHeartbeat.newBuilder()
                .setEndpointId(endpoint)
                .setSite(site)
                .setProxy(proxy(site))
                .setProduct(PRODUCT)
                .setCollectorVersion("bench")
                .setTimestamp(at)
                .setLinesSinceLast(10)
                .setFailuresSinceLast(0)
                .setSpoolBytes(0)
                .build();
    }

    /** "Couldn't resolve proxy" (curl:5, agent http error 111), as fsscorplug.log reports it. */
    static EndpointEvent proxyDnsFailure(String eventId, String site, String endpoint, Instant at) {
        String proxyHost = proxy(site).split(":")[0];
        return EndpointEvent.newBuilder()
                .setEventId(eventId)
                .setEndpointId(endpoint)
                .setSite(site)
                .setProxy(proxy(site))
                .setProduct(PRODUCT)
                .setLogFile(LogFile.FSSCORPLUG)
                .setTimestamp(at)
                .setLevel(".W")
                .setSource("CurlQuery::completeWithStatus")
                .setMessage("handle 0000023C45E27C50 failed with 5: Couldn't resolve proxy: " + proxyHost)
                .setKind(EventKind.CONNECTION_FAILURE)
                .setErrorCode("curl:5")
                .setCurlCode(5)
                .setAgentHttpError(111)
                .setLineProxy(proxyHost)
                .build();
    }

    /** A doorman contact with fserr 0: the endpoint reached the cloud. */
    static EndpointEvent healthy(String eventId, String site, String endpoint, Instant at) {
        return EndpointEvent.newBuilder()
                .setEventId(eventId)
                .setEndpointId(endpoint)
                .setSite(site)
                .setProxy(proxy(site))
                .setProduct(PRODUCT)
                .setLogFile(LogFile.FSSCORPLUG)
                .setTimestamp(at)
                .setLevel("I")
                .setSource("fs::xrssdk::DoormanCache::update")
                .setMessage("doorman cooldown is off, ttl: 15, fserr: 0")
                .setKind(EventKind.CONNECTION_OK)
                .setFserr(0)
                .build();
    }

    /**
     * An active probe's result as the collector ships it (#18): through the site's proxy to the doorman, every step
     * passed, or failed at resolving the proxy (curl:5) as the endpoints with the proxy DNS failure would see it.
     */
    static EndpointEvent probe(String site, String endpoint, long sequence, boolean ok, Instant at) {
        String[] names = {"PROXY_RESOLVE", "PROXY_CONNECT", "PROXY_TUNNEL", "TLS_HANDSHAKE", "HTTPS_REQUEST"};
        List<ProbeStep> steps = new ArrayList<>();
        for (int i = 0; i < (ok ? names.length : 1); i++) {
            steps.add(ProbeStep.newBuilder()
                    .setName(names[i])
                    .setOk(ok)
                    .setLatencyMicros(1_000L + 300L * i)
                    .setDetail(
                            ok ? null : "Couldn't resolve proxy: " + proxy(site).split(":")[0])
                    .build());
        }
        ProbeResult result = ProbeResult.newBuilder()
                .setTarget("doorman.sc.fsapi.com:443")
                .setVerdict(ok ? "OK" : "PROXY_DNS")
                .setFailedStep(ok ? null : "PROXY_RESOLVE")
                .setTlsIssuer(ok ? "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,C=US" : null)
                .setHttpStatus(ok ? 200 : null)
                .setSteps(steps)
                .build();
        return EndpointEvent.newBuilder()
                .setEventId(endpoint + ":probe:" + sequence)
                .setEndpointId(endpoint)
                .setSite(site)
                .setProxy(proxy(site))
                .setProduct(PRODUCT)
                .setLogFile(LogFile.PROBE)
                .setTimestamp(at)
                .setLevel(ok ? "I" : ".W")
                .setSource("fleet-telemetry::probe")
                .setMessage("probe doorman.sc.fsapi.com:443 via proxy " + proxy(site) + (ok ? ": OK" : ": PROXY_DNS"))
                .setKind(ok ? EventKind.CONNECTION_OK : EventKind.CONNECTION_FAILURE)
                .setErrorCode(ok ? null : "curl:5")
                .setCurlCode(ok ? null : 5)
                .setTargetHost("doorman.sc.fsapi.com")
                .setLineProxy(proxy(site))
                .setDurationMs(ok ? 7L : 1L)
                .setEndOffset(sequence + 1)
                .setProbe(result)
                .build();
    }
}
