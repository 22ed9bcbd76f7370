package org.fleettelemetry.streams.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.schemas.avro.Severity;

/**
 * A {@link ConnectivityAlert} as a plain value: the one copy of the alert's fields outside the Avro record. The fleet
 * state holds site alerts as these in its JSON store (Avro records carry their schema and do not serialise as
 * Jackson beans; {@link DomainJson} writes the times as epoch millis), and the query API shows an open outage as one
 * ({@code QueryJson}: times as ISO-8601). {@code remediation} has one line per step (as the alert's first version
 * had); {@code remediationSteps} the same steps with their commands apart. {@code outageScope} is the exact scope
 * (PROXY for a proxy outage across sites, whose {@code scope} is FLEET for readers of the first schema).
 */
public record AlertSnapshot(
        String alertId,
        AlertStatus status,
        int revision,
        Severity severity,
        AlertScope scope,
        String site,
        String proxy,
        String errorCode,
        String errorClass,
        String cause,
        int affectedEndpoints,
        int activeEndpoints,
        double ratio,
        List<String> sampleEndpoints,
        List<String> targetHosts,
        List<String> sites,
        List<String> impact,
        List<String> remediation,
        List<Diagnosis.Step> remediationSteps,
        boolean flapping,
        Instant firstSeen,
        Instant lastSeen,
        Instant openedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant resolvedAt,
        OutageScope outageScope,
        List<String> silencedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) String acknowledgedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant acknowledgedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String acknowledgeComment,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer probeConfirmed,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer probeEndpoints,
        @JsonInclude(JsonInclude.Include.NON_NULL) String probeFailedStep,
        @JsonInclude(JsonInclude.Include.NON_NULL) String probeDetail) {

    public AlertSnapshot {
        // null in a snapshot stored before actions existed: not silenced
        silencedBy = silencedBy == null ? List.of() : List.copyOf(silencedBy);
        sampleEndpoints = sampleEndpoints == null ? List.of() : List.copyOf(sampleEndpoints);
        targetHosts = targetHosts == null ? List.of() : List.copyOf(targetHosts);
        sites = sites == null ? List.of() : List.copyOf(sites);
        impact = impact == null ? List.of() : List.copyOf(impact);
        remediation = remediation == null ? List.of() : List.copyOf(remediation);
        // null in a snapshot stored before the steps existed, or from an instance of that version (rolling upgrade):
        // its lines as steps
        remediationSteps = remediationSteps == null
                ? remediation.stream().map(Diagnosis.Step::of).toList()
                : List.copyOf(remediationSteps);
        // null in a snapshot stored before it existed, or in an alert of an earlier schema: scope said it all then
        if ((outageScope == null || outageScope == OutageScope.UNKNOWN) && scope != null) {
            outageScope = switch (scope) {
                case HOST -> OutageScope.HOST;
                case SITE -> OutageScope.SITE;
                case FLEET -> OutageScope.FLEET;
            };
        }
    }

    public static AlertSnapshot of(ConnectivityAlert a) {
        return new AlertSnapshot(
                a.getAlertId(),
                a.getStatus(),
                a.getRevision(),
                a.getSeverity(),
                a.getScope(),
                a.getSite(),
                a.getProxy(),
                a.getErrorCode(),
                a.getErrorClass(),
                a.getCause(),
                a.getAffectedEndpoints(),
                a.getActiveEndpoints(),
                a.getRatio(),
                a.getSampleEndpoints(),
                a.getTargetHosts(),
                a.getSites(),
                a.getImpact(),
                a.getRemediation(),
                Diagnosis.Step.of(a),
                a.getFlapping(),
                a.getFirstSeen(),
                a.getLastSeen(),
                a.getOpenedAt(),
                a.getResolvedAt(),
                a.getOutageScope(),
                a.getSilencedBy(),
                a.getAcknowledgedBy(),
                a.getAcknowledgedAt(),
                a.getAcknowledgeComment(),
                a.getProbeConfirmed(),
                a.getProbeEndpoints(),
                a.getProbeFailedStep(),
                a.getProbeDetail());
    }

    /**
     * The alert with the given status and revision (the fleet stage renumbers what it publishes), without the actions:
     * the fleet stage applies the silences and the acknowledgement as it publishes.
     */
    public ConnectivityAlert toAvro(AlertStatus publishedStatus, int publishedRevision) {
        return ConnectivityAlert.newBuilder()
                .setAlertId(alertId)
                .setStatus(publishedStatus)
                .setRevision(publishedRevision)
                .setSeverity(severity)
                .setScope(scope)
                .setSite(site)
                .setProxy(proxy)
                .setErrorCode(errorCode)
                .setErrorClass(errorClass)
                .setCause(cause)
                .setAffectedEndpoints(affectedEndpoints)
                .setActiveEndpoints(activeEndpoints)
                .setRatio(ratio)
                .setSampleEndpoints(sampleEndpoints)
                .setTargetHosts(targetHosts)
                .setSites(sites)
                .setImpact(impact)
                .setRemediation(remediation)
                .setRemediationSteps(Diagnosis.Step.toAvro(remediationSteps))
                .setFlapping(flapping)
                .setFirstSeen(firstSeen)
                .setLastSeen(lastSeen)
                .setOpenedAt(openedAt)
                .setResolvedAt(publishedStatus == AlertStatus.RESOLVED ? resolvedAt : null)
                .setOutageScope(outageScope)
                .setProbeConfirmed(probeConfirmed)
                .setProbeEndpoints(probeEndpoints)
                .setProbeFailedStep(probeFailedStep)
                .setProbeDetail(probeDetail)
                .build();
    }

    /**
     * This outage as a caller scoped to some of its sites sees it: those sites, and the figures over them; everything
     * else (severity, cause, times, silences, acknowledgement) stays the whole outage's.
     */
    public AlertSnapshot within(
            List<String> sites, int affected, int active, double ratio, List<String> samples, List<String> hosts) {
        return new AlertSnapshot(
                alertId,
                status,
                revision,
                severity,
                scope,
                site,
                proxy,
                errorCode,
                errorClass,
                cause,
                affected,
                active,
                ratio,
                samples,
                hosts,
                sites,
                impact,
                remediation,
                remediationSteps,
                flapping,
                firstSeen,
                lastSeen,
                openedAt,
                resolvedAt,
                outageScope,
                silencedBy,
                acknowledgedBy,
                acknowledgedAt,
                acknowledgeComment,
                probeConfirmed,
                probeEndpoints,
                probeFailedStep,
                probeDetail);
    }
}
