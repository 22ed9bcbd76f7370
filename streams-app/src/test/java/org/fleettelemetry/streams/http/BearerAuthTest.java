package org.fleettelemetry.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fleettelemetry.streams.config.ApiPrincipal;
import org.fleettelemetry.streams.http.auth.Principal;
import org.fleettelemetry.streams.http.auth.Role;
import org.fleettelemetry.streams.http.auth.SiteScope;
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
    void shouldFindThePrincipalWhoseDigestIsThatOfTheToken() {
        BearerAuth withPrincipals = new BearerAuth(
                List.of("alpha-token"),
                List.of(
                        new ApiPrincipal("val", "viewer", List.of("acme-*"), ApiPrincipal.sha256Hex("val-token")),
                        new ApiPrincipal("ops", "operator", List.of("*"), ApiPrincipal.sha256Hex("ops-token"))));

        assertThat(withPrincipals.authenticate("Bearer val-token").principal())
                .isEqualTo(new Principal("val", Role.VIEWER, SiteScope.parse("acme-*")));
        assertThat(withPrincipals.authenticate("Bearer  ops-token ").principal().role())
                .isEqualTo(Role.OPERATOR);
        assertThat(withPrincipals.authenticate("Bearer alpha-token").principal())
                .isEqualTo(Principal.apiToken());
        // the digest is what is configured, not a token: presenting the digest itself does not authenticate
        assertThat(withPrincipals
                        .authenticate("Bearer " + ApiPrincipal.sha256Hex("val-token"))
                        .refusal())
                .contains("not valid");
        assertThat(withPrincipals.authenticate("Bearer val-toke").ok()).isFalse();
        assertThat(withPrincipals
                        .authenticate("Bearer val-token")
                        .principal()
                        .sites()
                        .allows("zeta"))
                .isFalse();
    }

    @Test
    void shouldAuthenticateByPrincipalsAloneWhenNoApiTokenIsConfigured() {
        BearerAuth onlyPrincipals = new BearerAuth(
                List.of(),
                List.of(new ApiPrincipal("ada", "admin", List.of("*"), ApiPrincipal.sha256Hex("ada-token"))));

        assertThat(onlyPrincipals.authenticate("Bearer ada-token").principal().name())
                .isEqualTo("ada");
        assertThat(onlyPrincipals.refusal("Bearer other")).contains("not valid");
    }

    @Test
    void shouldRefuseEverythingWhenNoTokenIsConfigured() {
        assertThat(new BearerAuth(List.of()).refusal("Bearer anything")).contains("no api.tokens");
    }
}
