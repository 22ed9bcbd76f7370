package org.fleettelemetry.schemas.serde;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.avro.ProbeResult;
import org.fleettelemetry.schemas.avro.ProbeStep;
import org.fleettelemetry.schemas.avro.RemediationStep;
import org.fleettelemetry.schemas.avro.Severity;

/** Realistic instances of the three contracts, and random EndpointEvents for property tests. */
public final class SampleRecords {

    private static final Instant AT = Instant.parse("2025-03-14T09:26:53.589Z");

    private SampleRecords() {}

    public static EndpointEvent endpointEvent() {
        return EndpointEvent.newBuilder()
                .setEventId("ws-0042:fsscorplug.log#1:18342")
                .setEndpointId("ws-0042")
                .setSite("helsinki-hq")
                .setProxy("proxy.hq.example:3128")
                .setProduct("Elements EPP for Computers")
                .setLogFile(LogFile.FSSCORPLUG)
                .setTimestamp(AT)
                .setPid(0x1a2c)
                .setTid(0x0f10)
                .setLevel(".E")
                .setSource("fsscorplug::CloudQuery")
                .setMessage("curl error 5: Couldn't resolve proxy 'proxy.hq.example'")
                .setKind(EventKind.CONNECTION_FAILURE)
                .setErrorCode("curl:5")
                .setCurlCode(5)
                .setTargetHost("doorman.sc.fsapi.com")
                .setLineProxy("proxy.hq.example")
                .setDurationMs(30_012L)
                .setUrls(List.of("https://doorman.sc.fsapi.com/v2/query"))
                .setRawLines(List.of("2025-03-14 11:26:53.589 [1a2c.0f10] .E: curl error 5"))
                .build();
    }

    public static EndpointHeartbeat heartbeat() {
        return EndpointHeartbeat.newBuilder()
                .setEndpointId("ws-0042")
                .setSite("helsinki-hq")
                .setProxy("DIRECT")
                .setProduct("Elements EPP for Computers")
                .setCollectorVersion("0.1.0")
                .setTimestamp(AT)
                .setLinesSinceLast(120)
                .setFailuresSinceLast(3)
                .setSpoolBytes(0)
                .build();
    }

    public static ConnectivityAlert alert() {
        return ConnectivityAlert.newBuilder()
                .setAlertId("site:helsinki-hq:proxy.hq.example:3128:PROXY_DNS")
                .setStatus(AlertStatus.OPEN)
                .setRevision(1)
                .setSeverity(Severity.HIGH)
                .setScope(AlertScope.SITE)
                .setSite("helsinki-hq")
                .setProxy("proxy.hq.example:3128")
                .setErrorCode("curl:5")
                .setErrorClass("PROXY_DNS")
                .setCause("Endpoints cannot resolve their proxy's name")
                .setAffectedEndpoints(37)
                .setActiveEndpoints(40)
                .setRatio(0.925)
                .setSampleEndpoints(List.of("ws-0042", "ws-0043"))
                .setTargetHosts(List.of("doorman.sc.fsapi.com"))
                .setSites(List.of("helsinki-hq"))
                .setImpact(List.of("Cloud reputation lookups"))
                .setRemediation(List.of("Check the DNS record of proxy.hq.example: nslookup proxy.hq.example"))
                .setRemediationSteps(List.of(new RemediationStep(
                        "Check the DNS record of proxy.hq.example:", List.of("nslookup proxy.hq.example"))))
                .setFlapping(false)
                .setFirstSeen(AT.minusSeconds(300))
                .setLastSeen(AT)
                .setOpenedAt(AT)
                .build();
    }

    public static EndpointEvent randomEndpointEvent(Random random) {
        EndpointEvent.Builder builder = EndpointEvent.newBuilder()
                .setEventId(text(random, 40))
                .setEndpointId(text(random, 20))
                .setSite(text(random, 20))
                .setProxy(text(random, 30))
                .setProduct(text(random, 30))
                .setLogFile(LogFile.values()[random.nextInt(LogFile.values().length)])
                .setTimestamp(Instant.ofEpochMilli(random.nextLong() >> 20))
                .setLevel(text(random, 3))
                .setSource(text(random, 40))
                .setMessage(text(random, 200))
                .setKind(EventKind.values()[random.nextInt(EventKind.values().length)])
                .setPid(random.nextBoolean() ? random.nextInt() : null)
                .setTid(random.nextBoolean() ? random.nextInt() : null)
                .setErrorCode(random.nextBoolean() ? text(random, 16) : null)
                .setCurlCode(random.nextBoolean() ? random.nextInt(100) : null)
                .setAgentHttpError(random.nextBoolean() ? random.nextInt() : null)
                .setFserr(random.nextBoolean() ? random.nextInt(500) : null)
                .setWaitCode(random.nextBoolean() ? random.nextInt() : null)
                .setTargetHost(random.nextBoolean() ? text(random, 40) : null)
                .setLineProxy(random.nextBoolean() ? text(random, 40) : null)
                .setDurationMs(random.nextBoolean() ? random.nextLong() : null)
                .setObjectSha1(random.nextBoolean() ? text(random, 40) : null)
                .setUrls(texts(random, 4, 80))
                .setRawLines(texts(random, 6, 160))
                .setEndOffset(random.nextBoolean() ? random.nextLong() : null)
                .setProbe(random.nextBoolean() ? randomProbe(random) : null);
        return builder.build();
    }

    /** A probe result with zero to four steps, every nullable field sometimes null. */
    public static ProbeResult randomProbe(Random random) {
        List<ProbeStep> steps = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            steps.add(ProbeStep.newBuilder()
                    .setName(text(random, 14))
                    .setOk(random.nextBoolean())
                    .setLatencyMicros(random.nextLong())
                    .setDetail(random.nextBoolean() ? text(random, 60) : null)
                    .build());
        }
        return ProbeResult.newBuilder()
                .setTarget(text(random, 30))
                .setVerdict(text(random, 16))
                .setFailedStep(random.nextBoolean() ? text(random, 14) : null)
                .setTlsIssuer(random.nextBoolean() ? text(random, 60) : null)
                .setHttpStatus(random.nextBoolean() ? random.nextInt(600) : null)
                .setSteps(steps)
                .build();
    }

    private static List<String> texts(Random random, int maxCount, int maxLength) {
        int count = random.nextInt(maxCount + 1);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(text(random, maxLength));
        }
        return texts;
    }

    /** Strings mixing ASCII, Latin-1, Cyrillic, CJK and astral code points (emoji), sometimes empty. */
    public static String text(Random random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int codePoint = switch (random.nextInt(6)) {
                case 0, 1 -> 0x20 + random.nextInt(0x5f);
                case 2 -> 0xa0 + random.nextInt(0x60);
                case 3 -> 0x400 + random.nextInt(0x100);
                case 4 -> 0x4e00 + random.nextInt(0x5000);
                default -> 0x1f300 + random.nextInt(0x300);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }
}
