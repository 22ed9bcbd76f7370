package org.fleettelemetry.streams.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.fleettelemetry.schemas.avro.ActionKind;
import org.fleettelemetry.schemas.avro.AlertAction;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.Matcher;
import org.fleettelemetry.schemas.avro.Silence;

/**
 * What operators' actions do to an alert, as Alertmanager's users expect: a silence covers an alert while it is active
 * ({@code startsAt <= now < endsAt}) and every one of its matchers matches the alert's labels; an acknowledgement is
 * carried on the alert until taken back.
 *
 * <p>Labels: {@code site}, {@code proxy}, {@code errorClass}, {@code errorCode}, {@code scope} (the exact one:
 * HOST, SITE, PROXY, FLEET) and {@code severity}; a missing one (no proxy) is the empty string. An outage across
 * sites (PROXY, FLEET) has one {@code site} value per site: an equality matcher on {@code site} matches it only when
 * it matches every one of them, a negative one when it matches none. So a silence for {@code site=osaka} never
 * silences a fleet outage that also hits other sites, which an operator of osaka alone must not be able to do.
 */
public final class ActionRules {
    public static final Set<String> LABELS = Set.of("site", "proxy", "errorClass", "errorCode", "scope", "severity");
    public static final String SILENCE_PREFIX = "silence/";
    public static final String ACK_PREFIX = "ack/";

    private ActionRules() {}

    /** The record key (and compaction subject) of a silence's actions. */
    public static String silenceKey(String silenceId) {
        return SILENCE_PREFIX + silenceId;
    }

    /** The record key (and compaction subject) of an outage's acknowledgements. */
    public static String ackKey(String alertId) {
        return ACK_PREFIX + alertId;
    }

    /** pending, active or expired at {@code nowMs}. */
    public static String state(Silence s, long nowMs) {
        if (nowMs >= s.getEndsAt().toEpochMilli()) {
            return "expired";
        }
        return nowMs < s.getStartsAt().toEpochMilli() ? "pending" : "active";
    }

    /** The ids of the silences active at {@code nowMs} that cover {@code alert}, sorted. */
    public static List<String> silencedBy(ConnectivityAlert alert, Collection<Silence> silences, long nowMs) {
        List<String> ids = new ArrayList<>();
        for (Silence s : silences) {
            if ("active".equals(state(s, nowMs)) && matches(s, alert)) {
                ids.add(s.getSilenceId());
            }
        }
        ids.sort(null);
        return ids;
    }

    public static boolean matches(Silence s, ConnectivityAlert alert) {
        if (s.getMatchers().isEmpty()) {
            return false;
        }
        for (Matcher m : s.getMatchers()) {
            if (!matches(m, alert)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(Matcher m, ConnectivityAlert alert) {
        List<String> values = values(m.getName(), alert);
        Pattern regex = m.getIsRegex() ? Pattern.compile(m.getValue()) : null;
        int hits = 0;
        for (String v : values) {
            if (regex == null ? m.getValue().equals(v) : regex.matcher(v).matches()) {
                hits++;
            }
        }
        return m.getIsEqual() ? hits == values.size() : hits == 0;
    }

    /** A label's values: one, except {@code site} of an outage across sites (one per site). */
    static List<String> values(String label, ConnectivityAlert a) {
        return switch (label) {
            case "site" ->
                a.getSite() != null ? List.of(a.getSite()) : a.getSites().isEmpty() ? List.of("") : a.getSites();
            case "proxy" -> List.of(Objects.requireNonNullElse(a.getProxy(), ""));
            case "errorClass" -> List.of(a.getErrorClass());
            case "errorCode" -> List.of(a.getErrorCode());
            case "scope" ->
                List.of(
                        a.getOutageScope() != null
                                ? a.getOutageScope().name()
                                : a.getScope().name());
            case "severity" -> List.of(a.getSeverity().name());
            default -> List.of("");
        };
    }

    /**
     * Why a silence cannot be created, or null when it can: matchers present, known names, values that compile as
     * regular expressions, at least one matcher that does not match the empty string (else it silences everything),
     * {@code endsAt} after {@code startsAt} and in the future, at most {@code maxDuration} long.
     */
    public static String refusal(List<Matcher> matchers, Instant startsAt, Instant endsAt, Instant now, Duration max) {
        if (matchers == null || matchers.isEmpty()) {
            return "matchers: at least one matcher is required";
        }
        for (Matcher m : matchers) {
            if (m.getName() == null || !LABELS.contains(m.getName())) {
                return "matchers: unknown matcher name '" + m.getName() + "'; known: "
                        + String.join(", ", LABELS.stream().sorted().toList());
            }
            if (m.getValue() == null) {
                return "matchers: " + m.getName() + " has no value";
            }
            if (m.getIsRegex()) {
                try {
                    Pattern.compile(m.getValue());
                } catch (PatternSyntaxException e) {
                    return "matchers: " + m.getName() + " has a bad regular expression: " + e.getDescription();
                }
            }
        }
        if (matchers.stream().allMatch(ActionRules::matchesEmpty)) {
            return "matchers: at least one matcher must not match the empty string";
        }
        if (startsAt == null || endsAt == null) {
            return "startsAt and endsAt are required (ISO-8601)";
        }
        if (!endsAt.isAfter(startsAt)) {
            return "endsAt must be after startsAt";
        }
        if (!endsAt.isAfter(now)) {
            return "endsAt is in the past";
        }
        if (Duration.between(startsAt, endsAt).compareTo(max) > 0) {
            return "endsAt is more than silence.max.duration (" + max + ") after startsAt";
        }
        return null;
    }

    private static boolean matchesEmpty(Matcher m) {
        boolean hit = m.getIsRegex()
                ? Pattern.compile(m.getValue()).matcher("").matches()
                : m.getValue().isEmpty();
        return m.getIsEqual() == hit;
    }

    /**
     * {@code alert} with the given silences and the acknowledgement {@code ack} (the latest ack action of its id, or
     * null), as a new record: an UNACKNOWLEDGED action clears the acknowledgement.
     */
    public static ConnectivityAlert withActions(ConnectivityAlert alert, List<String> silencedBy, AlertAction ack) {
        boolean acked = ack != null && ack.getKind() == ActionKind.ACKNOWLEDGED;
        return ConnectivityAlert.newBuilder(alert)
                .setSilencedBy(List.copyOf(silencedBy))
                .setAcknowledgedBy(acked ? ack.getActor() : null)
                .setAcknowledgedAt(acked ? ack.getAt() : null)
                .setAcknowledgeComment(acked ? ack.getComment() : null)
                .build();
    }

    /** Whether the two carry the same silences and acknowledgement. */
    public static boolean sameActions(ConnectivityAlert a, ConnectivityAlert b) {
        return a.getSilencedBy().equals(b.getSilencedBy())
                && Objects.equals(a.getAcknowledgedBy(), b.getAcknowledgedBy())
                && Objects.equals(a.getAcknowledgedAt(), b.getAcknowledgedAt())
                && Objects.equals(a.getAcknowledgeComment(), b.getAcknowledgeComment());
    }
}
