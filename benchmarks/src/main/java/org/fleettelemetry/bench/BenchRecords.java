package org.fleettelemetry.bench;

import java.time.Instant;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;

/** The records the streams-app measures feed by hand: a heartbeat, a proxy DNS failure, a healthy contact. */
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
}
