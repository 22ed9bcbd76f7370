package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeverityRuleTest {

    @ParameterizedTest
    @CsvSource({
        "PROXY_DNS, SITE, 0.5, CRITICAL",
        "TIMEOUT, SITE, 0.49, HIGH",
        "TIMEOUT, SITE, 0.2, HIGH",
        "TIMEOUT, SITE, 0.1, MEDIUM",
        "CLOUD_LOOKUP, SITE, 0.6, CRITICAL",
        "OTHER, SITE, 0.6, HIGH",
        "OTHER, SITE, 0.3, MEDIUM",
        "OTHER, SITE, 0.1, LOW",
        "CONTENT_FILTER, SITE, 0.3, LOW",
        "CONTENT_FILTER, SITE, 0.7, MEDIUM",
        "MAIL_URL_SCAN, SITE, 0.25, LOW",
        "SILENT, SITE, 0.9, HIGH",
        "MAIL_URL_SCAN, FLEET, 0.1, HIGH",
        "TIMEOUT, FLEET, 0.1, HIGH",
        "TIMEOUT, FLEET, 0.5, CRITICAL"
    })
    void shouldRateByRatioAndImpact(ErrorClass errorClass, AlertScope scope, double ratio, Severity expected) {
        assertThat(SeverityRule.of(errorClass, scope, ratio)).isEqualTo(expected);
    }

    @Test
    void shouldRiseAtOnceButFallOnlyPastTheMargin() {
        assertThat(SeverityRule.next(Severity.HIGH, ErrorClass.TIMEOUT, AlertScope.SITE, 0.51, 0.05))
                .isEqualTo(Severity.CRITICAL);
        assertThat(SeverityRule.next(Severity.CRITICAL, ErrorClass.TIMEOUT, AlertScope.SITE, 0.47, 0.05))
                .isEqualTo(Severity.CRITICAL);
        assertThat(SeverityRule.next(Severity.CRITICAL, ErrorClass.TIMEOUT, AlertScope.SITE, 0.44, 0.05))
                .isEqualTo(Severity.HIGH);
        assertThat(SeverityRule.next(Severity.CRITICAL, ErrorClass.TIMEOUT, AlertScope.SITE, 0.1, 0.05))
                .isEqualTo(Severity.MEDIUM);
    }
}
