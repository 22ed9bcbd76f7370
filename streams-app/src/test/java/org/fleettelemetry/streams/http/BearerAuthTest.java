package org.fleettelemetry.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BearerAuthTest {
    private final BearerAuth auth = new BearerAuth(List.of("alpha-token", "beta-token"));

    @Test
    void shouldAcceptWhenAnyConfiguredTokenIsGiven() {
        assertThat(auth.refusal("Bearer alpha-token")).isNull();
        assertThat(auth.refusal("bearer beta-token")).isNull();
    }

    @Test
    void shouldRefuseWhenTheHeaderIsMissingOrNotBearer() {
        assertThat(auth.refusal(null)).contains("bearer token is required");
        assertThat(auth.refusal("Basic YWxwaGE6dG9rZW4=")).contains("bearer token is required");
    }

    @Test
    void shouldRefuseWhenTheTokenIsWrongOrAPrefixOfAGoodOne() {
        assertThat(auth.refusal("Bearer gamma-token")).contains("not valid");
        assertThat(auth.refusal("Bearer alpha")).contains("not valid");
        assertThat(auth.refusal("Bearer ")).contains("not valid");
    }

    @Test
    void shouldRefuseEverythingWhenNoTokenIsConfigured() {
        assertThat(new BearerAuth(List.of()).refusal("Bearer anything")).contains("no api.tokens");
    }
}
