package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.fleettelemetry.schemas.avro.EventKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorClassifierTest {
    private final DetectionParams params = DetectionParams.defaults();

    @ParameterizedTest
    @CsvSource({
        "curl:5, PROXY_DNS",
        "agent:111, PROXY_DNS",
        "curl:6, BACKEND_DNS",
        "curl:7, CONNECT_REFUSED",
        "curl:28, TIMEOUT",
        "wait:258, TIMEOUT",
        "agent:201, TIMEOUT",
        "curl:35, TLS_INSPECTION",
        "curl:60, TLS_INSPECTION",
        "curl:56, RECV_ERROR",
        "proxy:407, PROXY_AUTH",
        "PROXY:407, PROXY_AUTH",
        "proxy:502, OTHER",
        "fserr:101, NETWORK_FAILURE",
        "fserr:218, NETWORK_FAILURE",
        "orsp:failed, CLOUD_LOOKUP",
        "orsp:suppressed, CLOUD_LOOKUP",
        "driver:2222, CONTENT_FILTER",
        "fsscore:timeout, MAIL_URL_SCAN",
        "curl:52, OTHER",
        "agent:999, OTHER",
        "wait:1, OTHER",
        "http:500, OTHER",
        "' CURL:5 ', PROXY_DNS"
    })
    void shouldClassifyTheCodeWhenItIsAFailure(String code, ErrorClass expected) {
        assertThat(ErrorClassifier.classify(code, EventKind.CONNECTION_FAILURE, null, params))
                .contains(expected);
        assertThat(ErrorClassifier.classify(new String(code), EventKind.CONNECTION_FAILURE, null, params))
                .as("remembered per distinct code: the second answer is the first")
                .contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"fserr:0", "fserr: 0"})
    void shouldNotClassifyWhenTheDoormanContactIsHealthy(String code) {
        assertThat(ErrorClassifier.classify(code, EventKind.CONNECTION_OK, null, params))
                .isEmpty();
        assertThat(ErrorClassifier.classify(new String(code), EventKind.CONNECTION_OK, null, params))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"CONNECTION_OK", "OTHER", "UNPARSED", "CLOUD_QUERY_LATENCY"})
    void shouldNotClassifyWhenThereIsNoCode(EventKind kind) {
        assertThat(ErrorClassifier.classify(null, kind, null, params)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "CONNECTION_FAILURE, OTHER",
        "CLOUD_QUERY_FAILURE, CLOUD_LOOKUP",
        "DRIVER_FAILURE, CONTENT_FILTER",
        "SCAN_SKIPPED, MAIL_URL_SCAN"
    })
    void shouldClassifyByKindWhenAFailureHasNoCode(EventKind kind, ErrorClass expected) {
        assertThat(ErrorClassifier.classify(null, kind, null, params)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"3016, true", "2000, true", "1999, false", "12, false"})
    void shouldCountAnOrspAnswerAsCloudLookupWhenItIsSlow(long durationMs, boolean slow) {
        assertThat(ErrorClassifier.classify(null, EventKind.CLOUD_QUERY_LATENCY, durationMs, params)
                        .isPresent())
                .isEqualTo(slow);
    }

    @ParameterizedTest
    @CsvSource({"orsp:suppressed, true", "ORSP:SUPPRESSED, true", "orsp:failed, false", "curl:5, false"})
    void shouldMarkOnlySuppressedOrspFailuresSticky(String code, boolean sticky) {
        assertThat(ErrorClassifier.isSticky(code)).isEqualTo(sticky);
    }
}
