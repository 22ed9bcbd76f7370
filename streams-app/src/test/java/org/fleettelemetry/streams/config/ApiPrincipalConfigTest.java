package org.fleettelemetry.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.fleettelemetry.config.ConfigException;
import org.junit.jupiter.api.Test;

class ApiPrincipalConfigTest {
    private static final String HASH_A = ApiPrincipal.sha256Hex("token-a");
    private static final String HASH_B = ApiPrincipal.sha256Hex("token-b");

    @Test
    void shouldReadEveryPrincipalWithItsRoleSitesAndDigestWhenWellFormed() {
        Map<String, String> c = base();
        c.put("api.principal.alice.token.sha256", HASH_A.toUpperCase());
        c.put("api.principal.alice.role", "Operator");
        c.put("api.principal.alice.sites", "acme-*, beta");
        c.put("api.principal.bob.token.sha256", HASH_B);
        c.put("api.principal.bob.role", "viewer");

        StreamsAppConfig config = StreamsAppConfig.from(c);

        assertThat(config.apiPrincipals())
                .containsExactly(
                        new ApiPrincipal("alice", "operator", java.util.List.of("acme-*", "beta"), HASH_A),
                        new ApiPrincipal("bob", "viewer", java.util.List.of("*"), HASH_B));
        assertThat(config.toString())
                .contains("alice(operator, sites=acme-*,beta)", "bob(viewer, sites=*)")
                .doesNotContain(HASH_A)
                .doesNotContain(HASH_B);
    }

    @Test
    void shouldNameTheKeyWhenTheRoleIsUnknown() {
        Map<String, String> c = base();
        c.put("api.principal.alice.token.sha256", HASH_A);
        c.put("api.principal.alice.role", "superuser");

        assertProblem(c, "api.principal.alice.role='superuser' is invalid: must be viewer, operator or admin");
    }

    @Test
    void shouldNameTheKeyAndNotEchoTheValueWhenTheHashIsNot64Hex() {
        Map<String, String> c = base();
        c.put("api.principal.alice.token.sha256", "the-token-itself-pasted-by-mistake");
        c.put("api.principal.alice.role", "viewer");
        c.put("api.principal.bob.token.sha256", HASH_B.substring(1) + "g");
        c.put("api.principal.bob.role", "viewer");

        assertThatThrownBy(() -> StreamsAppConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("api.principal.alice.token.sha256 must be 64 hex characters")
                .hasMessageContaining("api.principal.bob.token.sha256 must be 64 hex characters")
                .hasMessageNotContaining("the-token-itself");
    }

    @Test
    void shouldNameTheKeyWhenTheTokenIsMissing() {
        Map<String, String> c = base();
        c.put("api.principal.alice.role", "admin");

        assertProblem(c, "api.principal.alice.token.sha256 is required");
    }

    @Test
    void shouldNameTheKeyWhenANameHasNoRole() {
        Map<String, String> c = base();
        c.put("api.principal.alice.token.sha256", HASH_A);
        c.put("api.principal.alice.sites", "acme-*");

        assertProblem(c, "api.principal.alice.role is required");
    }

    @Test
    void shouldRefuseTwoPrincipalsWithTheSameHashOrOneThatRepeatsAnApiToken() {
        Map<String, String> c = base();
        c.put("api.principal.alice.token.sha256", HASH_A);
        c.put("api.principal.alice.role", "admin");
        c.put("api.principal.bob.token.sha256", HASH_A.toUpperCase());
        c.put("api.principal.bob.role", "viewer");
        c.put("api.tokens", "token-b");
        c.put("api.principal.carol.token.sha256", HASH_B);
        c.put("api.principal.carol.role", "viewer");

        assertThatThrownBy(() -> StreamsAppConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "api.principal.bob.token.sha256 is the same token as api.principal.alice.token.sha256")
                .hasMessageContaining("api.principal.carol.token.sha256 is the same token as a token of api.tokens");
    }

    @Test
    void shouldNameAnUnknownSubKeyAndABadName() {
        Map<String, String> c = base();
        c.put("api.principal.alice.token.sha256", HASH_A);
        c.put("api.principal.alice.role", "viewer");
        c.put("api.principal.alice.site", "acme-*");
        c.put("api.principal.alice", "viewer");
        c.put("api.principal.bad!name.role", "viewer");

        assertThatThrownBy(() -> StreamsAppConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key api.principal.alice.site ")
                .hasMessageContaining("unknown key api.principal.alice ")
                .hasMessageContaining("api.principal.bad!name.*: a principal's name is");
    }

    @Test
    void shouldRefuseAnEmptySiteList() {
        Map<String, String> c = base();
        c.put("api.principal.alice.token.sha256", HASH_A);
        c.put("api.principal.alice.role", "viewer");
        c.put("api.principal.alice.sites", " , ");

        assertProblem(c, "api.principal.alice.sites must list at least one site glob");
    }

    @Test
    void shouldKnowTheSameRolesAsTheHttpLayer() {
        assertThat(ApiPrincipal.ROLES)
                .containsExactlyElementsOf(java.util.Arrays.stream(org.fleettelemetry.streams.http.auth.Role.values())
                        .map(r -> r.name().toLowerCase())
                        .toList());
    }

    private static void assertProblem(Map<String, String> c, String message) {
        assertThatThrownBy(() -> StreamsAppConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    private static Map<String, String> base() {
        Map<String, String> c = new HashMap<>();
        c.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        c.put("schema.registry.url", "http://127.0.0.1:8081");
        return c;
    }
}
