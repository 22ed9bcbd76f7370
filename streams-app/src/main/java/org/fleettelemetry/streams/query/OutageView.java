package org.fleettelemetry.streams.query;

import java.time.Instant;
import java.util.List;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.streams.domain.Diagnosis;

/**
 * An open outage as the API shows it: the latest published alert event of it. {@code remediation} has one line per
 * step (as the alert's first version had); {@code remediationSteps} the same steps with their commands apart.
 */
public record OutageView(
        String alertId,
        String status,
        int revision,
        String severity,
        String scope,
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
        Instant openedAt) {

    public OutageView {
        // null when an instance of the previous version answered (rolling upgrade): its lines as steps
        if (remediationSteps == null) {
            remediationSteps = remediation == null
                    ? List.of()
                    : remediation.stream().map(Diagnosis.Step::of).toList();
        }
    }

    public static OutageView of(ConnectivityAlert a) {
        return new OutageView(
                a.getAlertId(),
                a.getStatus().name(),
                a.getRevision(),
                a.getSeverity().name(),
                a.getScope().name(),
                a.getSite(),
                a.getProxy(),
                a.getErrorCode(),
                a.getErrorClass(),
                a.getCause(),
                a.getAffectedEndpoints(),
                a.getActiveEndpoints(),
                a.getRatio(),
                List.copyOf(a.getSampleEndpoints()),
                List.copyOf(a.getTargetHosts()),
                List.copyOf(a.getSites()),
                List.copyOf(a.getImpact()),
                List.copyOf(a.getRemediation()),
                Diagnosis.Step.of(a),
                a.getFlapping(),
                a.getFirstSeen(),
                a.getLastSeen(),
                a.getOpenedAt());
    }
}
