package org.fleettelemetry.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.fleettelemetry.streams.query.BadParameterException;
import org.fleettelemetry.streams.query.NotFoundException;
import org.fleettelemetry.streams.query.PeerErrorException;
import org.fleettelemetry.streams.query.UnavailableException;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
    @Test
    void shouldAnswer400NamingTheParameterWhenAParameterIsBad() {
        ErrorMapper.Mapped m = ErrorMapper.map(new BadParameterException("from", "must be before 'to'"));

        assertThat(m.status()).isEqualTo(400);
        assertThat(m.body()).isEqualTo(new ApiError("bad_parameter", "parameter 'from': must be before 'to'"));
        assertThat(m.retryAfter()).isNull();
    }

    @Test
    void shouldAnswer404WhenNotFound() {
        ErrorMapper.Mapped m = ErrorMapper.map(new NotFoundException("no site 'x'"));

        assertThat(m.status()).isEqualTo(404);
        assertThat(m.body().code()).isEqualTo("not_found");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenUnavailable() {
        ErrorMapper.Mapped m = ErrorMapper.map(new UnavailableException("rebalancing", Duration.ofSeconds(5)));

        assertThat(m.status()).isEqualTo(503);
        assertThat(m.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(m.body().message()).isEqualTo("rebalancing");
    }

    @Test
    void shouldAnswer503NotA500WhenAStoreExceptionSlipsThrough() {
        ErrorMapper.Mapped m = ErrorMapper.map(new InvalidStateStoreException("store migrated"));

        assertThat(m.status()).isEqualTo(503);
        assertThat(m.retryAfter()).isNotNull();
        assertThat(m.body().message()).doesNotContain("store migrated");
    }

    @Test
    void shouldPassAPeerStatusOnWhenItIsAnError() {
        assertThat(ErrorMapper.map(new PeerErrorException(401, "unauthorized", "bad token"))
                        .status())
                .isEqualTo(401);
        assertThat(ErrorMapper.map(new PeerErrorException(302, "odd", "moved")).status())
                .isEqualTo(502);
    }

    @Test
    void shouldHideTheDetailsWhenTheErrorIsUnexpected() {
        ErrorMapper.Mapped m = ErrorMapper.map(new IllegalStateException("secret internals at line 42"));

        assertThat(m.status()).isEqualTo(500);
        assertThat(m.body()).isEqualTo(new ApiError("internal", "internal error; see the instance's log"));
    }

    @Test
    void shouldNameTheStatusWhenOnlyTheStatusDecides() {
        assertThat(ErrorMapper.forStatus(405, "method POST is not allowed"))
                .isEqualTo(new ApiError("method_not_allowed", "method POST is not allowed"));
        assertThat(ErrorMapper.forStatus(414, "URI Too Long").code()).isEqualTo("uri_too_long");
        assertThat(ErrorMapper.forStatus(431, "Request Header Fields Too Large").code())
                .isEqualTo("headers_too_large");
        assertThat(ErrorMapper.forStatus(418, "teapot").code()).isEqualTo("http_418");
        assertThat(ErrorMapper.forStatus(502, "bad gateway").code()).isEqualTo("internal");
    }
}
