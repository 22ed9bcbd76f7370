package org.fleettelemetry.streams.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the actions API, as Alertmanager's (v2) silences have them. */
public final class ActionViews {
    private ActionViews() {}

    public record MatcherView(String name, String value, boolean isRegex, boolean isEqual) {}

    public record Status(String state) {}

    public record SilenceView(
            String id,
            Status status,
            List<MatcherView> matchers,
            Instant startsAt,
            Instant endsAt,
            Instant updatedAt,
            String createdBy,
            String comment,
            @JsonInclude(JsonInclude.Include.NON_NULL) String expiredBy) {}

    public record Created(String silenceID) {}

    public record Acknowledgement(String alertId, String acknowledgedBy, Instant acknowledgedAt, String comment) {}

    public record AuditEntry(
            Instant at,
            String actor,
            @JsonInclude(JsonInclude.Include.NON_NULL) String role,
            String action,
            String subject,
            @JsonInclude(JsonInclude.Include.NON_NULL) String alertId,
            @JsonInclude(JsonInclude.Include.NON_NULL) String silenceId,
            String comment) {}

    public record AuditPage(Instant from, Instant to, int count, boolean truncated, List<AuditEntry> items) {}
}
