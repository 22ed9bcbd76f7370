package org.fleettelemetry.streams.domain;

import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.Severity;

/**
 * Severity from the affected ratio and what the class breaks.
 *
 * <ul>
 *   <li>Broad classes (network classes and CLOUD_LOOKUP: DeepGuard and, for network classes, browsing protection
 *       stop working): CRITICAL at ratio &gt;= 0.5, HIGH at &gt;= 0.2, else MEDIUM.
 *   <li>OTHER (impact unknown): HIGH at &gt;= 0.5, MEDIUM at &gt;= 0.2, else LOW.
 *   <li>Narrow classes (CONTENT_FILTER: web traffic scanning; MAIL_URL_SCAN: email URL scanning): MEDIUM at &gt;= 0.5,
 *       else LOW.
 *   <li>SILENT: HIGH (nothing is known about the silent endpoints, and it may be the outage itself).
 *   <li>FLEET scope: at least HIGH.
 * </ul>
 *
 * A lower severity is published only when the ratio is {@link DetectionParams#severityMargin()} below the band it
 * left ({@link #next}), so a ratio wobbling around a band edge does not flood the SOC with UPDATEs.
 */
public final class SeverityRule {
    static final double WIDE = 0.5;
    static final double SIGNIFICANT = 0.2;

    private SeverityRule() {}

    public static Severity of(ErrorClass errorClass, AlertScope scope, double ratio) {
        Severity s = switch (errorClass) {
            case SILENT -> Severity.HIGH;
            case OTHER -> ratio >= WIDE ? Severity.HIGH : ratio >= SIGNIFICANT ? Severity.MEDIUM : Severity.LOW;
            case CONTENT_FILTER, MAIL_URL_SCAN -> ratio >= WIDE ? Severity.MEDIUM : Severity.LOW;
            default -> ratio >= WIDE ? Severity.CRITICAL : ratio >= SIGNIFICANT ? Severity.HIGH : Severity.MEDIUM;
        };
        if (scope == AlertScope.FLEET && s.compareTo(Severity.HIGH) < 0) {
            return Severity.HIGH;
        }
        return s;
    }

    /** The severity to publish given the one last published: rises at once, falls only past the margin. */
    public static Severity next(
            Severity published, ErrorClass errorClass, AlertScope scope, double ratio, double margin) {
        Severity raw = of(errorClass, scope, ratio);
        if (published == null || raw.compareTo(published) >= 0) {
            return raw;
        }
        Severity withMargin = of(errorClass, scope, ratio + margin);
        return withMargin.compareTo(published) < 0 ? raw : published;
    }
}
