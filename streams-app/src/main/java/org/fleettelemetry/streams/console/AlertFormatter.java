package org.fleettelemetry.streams.console;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.streams.domain.Diagnosis;

/** One readable block per alert event for the SOC console, with colour where the terminal has it. */
public final class AlertFormatter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final String INDENT = "           ";
    /** How much deeper than its step's text a command starts. */
    private static final int COMMAND_INDENT = 4;

    private final boolean colour;

    public AlertFormatter(boolean colour) {
        this.colour = colour;
    }

    public String format(ConnectivityAlert a) {
        StringBuilder out = new StringBuilder();
        // a silenced outage is still shown, dimmed: the SOC sees it, a notifier would skip it
        boolean silenced = !a.getSilencedBy().isEmpty();
        if (silenced) {
            out.append(paint("2", "[SILENCED by " + String.join(", ", a.getSilencedBy()) + "] "));
        }
        if (a.getAcknowledgedBy() != null) {
            out.append(paint("1;36", "[ACK " + a.getAcknowledgedBy() + "] "));
        }
        String status = switch (a.getStatus()) {
            case OPEN -> paint("1;31", "OPEN    ");
            case UPDATE -> paint("1;33", "UPDATE  ");
            case RESOLVED -> paint("1;32", "RESOLVED");
        };
        // outageScope says a proxy outage across sites exactly; an alert of an earlier schema has only scope
        boolean proxyWide = a.getOutageScope() == OutageScope.PROXY;
        String scope = a.getOutageScope() == null || a.getOutageScope() == OutageScope.UNKNOWN
                ? a.getScope().name()
                : a.getOutageScope().name();
        String where;
        if (proxyWide) {
            where = "proxy " + a.getProxy() + " (" + String.join(", ", a.getSites()) + ")";
        } else if (a.getSite() == null) {
            where = "fleet (" + String.join(", ", a.getSites()) + ")";
        } else {
            where = "site " + a.getSite() + (a.getProxy() == null ? "" : " via " + a.getProxy());
        }
        out.append(status)
                .append(' ')
                .append(paint("1", a.getSeverity() + " " + scope))
                .append("  ")
                .append(where)
                .append("  ")
                .append(a.getErrorClass())
                .append(" (")
                .append(a.getErrorCode())
                .append(")")
                .append(a.getFlapping() ? paint("1;35", "  FLAPPING") : "")
                .append('\n');
        out.append("  alert    ")
                .append(a.getAlertId())
                .append("  rev ")
                .append(a.getRevision())
                .append('\n');
        if (a.getAcknowledgedBy() != null) {
            out.append("  acked    by ")
                    .append(a.getAcknowledgedBy())
                    .append(a.getAcknowledgedAt() == null ? "" : " at " + TIME.format(a.getAcknowledgedAt()))
                    .append(
                            a.getAcknowledgeComment() == null
                                            || a.getAcknowledgeComment().isEmpty()
                                    ? ""
                                    : ": " + a.getAcknowledgeComment())
                    .append('\n');
        }
        out.append("  cause    ").append(a.getCause()).append('\n');
        out.append(String.format(
                Locale.ROOT,
                "  affected %d of %d active endpoints (%.0f %%)",
                a.getAffectedEndpoints(),
                a.getActiveEndpoints(),
                a.getRatio() * 100));
        if (!a.getSampleEndpoints().isEmpty()) {
            out.append(", e.g. ").append(String.join(", ", a.getSampleEndpoints()));
        }
        out.append('\n');
        if (a.getProbeEndpoints() != null) {
            String found = a.getProbeDetail() != null ? a.getProbeDetail() : a.getProbeFailedStep();
            out.append("  probe    ")
                    .append(
                            a.getProbeConfirmed() == null || a.getProbeConfirmed() == 0
                                    ? "not confirmed: 0/" + a.getProbeEndpoints() + " endpoints that probed"
                                    : "confirmed by probe " + a.getProbeConfirmed() + "/" + a.getProbeEndpoints()
                                            + (found == null ? "" : " · " + found))
                    .append('\n');
        }
        if (!a.getTargetHosts().isEmpty()) {
            out.append("  hosts    ")
                    .append(String.join(", ", a.getTargetHosts()))
                    .append('\n');
        }
        out.append("  seen     ")
                .append(TIME.format(a.getFirstSeen()))
                .append(" .. ")
                .append(TIME.format(a.getLastSeen()));
        if (a.getStatus() == AlertStatus.RESOLVED && a.getResolvedAt() != null) {
            out.append("  resolved ").append(TIME.format(a.getResolvedAt()));
        }
        out.append('\n');
        if (a.getStatus() != AlertStatus.RESOLVED) {
            impact(out, a.getImpact());
            steps(out, Diagnosis.Step.of(a));
        }
        return out.toString();
    }

    private static void impact(StringBuilder out, List<String> items) {
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "  impact   " : INDENT)
                    .append("- ")
                    .append(items.get(i))
                    .append('\n');
        }
    }

    /** Numbered steps; a step's commands on lines of their own, indented under its text, ready to copy. */
    private static void steps(StringBuilder out, List<Diagnosis.Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            String number = (i + 1) + ". ";
            out.append(i == 0 ? "  do       " : INDENT)
                    .append(number)
                    .append(steps.get(i).text())
                    .append('\n');
            String commandIndent = INDENT + " ".repeat(number.length() + COMMAND_INDENT);
            for (String command : steps.get(i).commands()) {
                out.append(commandIndent).append(command).append('\n');
            }
        }
    }

    private String paint(String code, String text) {
        return colour ? "\033[" + code + "m" + text + "\033[0m" : text;
    }
}
