package org.fleettelemetry.streams.it;

import java.time.Instant;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;

/**
 * Records of the endpoints of site hel behind proxy {@link #PROXY}, as a collector sends them: a heartbeat, and an
 * fsscorplug.log event that is a doorman contact or, with {@code curl:5}, the proxy's name not resolving.
 */
final class HelRecords {
    static final String PROXY = "proxy.hel.example:3128";

    private HelRecords() {}

    static EndpointHeartbeat beat(String pc) {
        return EndpointHeartbeat.newBuilder()
                .setEndpointId(pc)
                .setSite("hel")
                .setProxy(PROXY)
                .setProduct("Elements EPP for Computers")
                .setCollectorVersion("it")
                .setTimestamp(Instant.now())
                .setLinesSinceLast(1)
                .setFailuresSinceLast(0)
                .setSpoolBytes(0)
                .build();
    }

    private static int sequence;

    static synchronized EndpointEvent event(String pc, EventKind kind, String code) {
        return EndpointEvent.newBuilder()
                .setEventId(pc + ":f:" + (sequence++))
                .setEndpointId(pc)
                .setSite("hel")
                .setProxy(PROXY)
                .setProduct("Elements EPP for Computers")
                .setLogFile(LogFile.FSSCORPLUG)
                .setTimestamp(Instant.now())
                .setLevel(code == null ? "I" : ".W")
                .setSource(code == null ? "fs::xrssdk::DoormanCache::update" : "CurlQuery::completeWithStatus")
                .setMessage(
                        code == null
                                ? "doorman cooldown is off, ttl: 15, fserr: 0"
                                : "failed with 5: Couldn't resolve proxy: proxy.hel.example")
                .setKind(kind)
                .setErrorCode(code)
                .setCurlCode(code == null ? null : 5)
                .setFserr(code == null ? 0 : null)
                .setLineProxy(code == null ? null : "proxy.hel.example")
                .build();
    }
}
