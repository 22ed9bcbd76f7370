package org.fleettelemetry.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.fleettelemetry.config.ConfigException;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.fleettelemetry.streams.config.StreamsProperties;
import org.fleettelemetry.streams.http.auth.Access;
import org.fleettelemetry.streams.metrics.AppMetrics;
import org.fleettelemetry.streams.query.ForbiddenException;
import org.fleettelemetry.streams.query.QueryJson;
import org.fleettelemetry.streams.query.QueryService;
import org.fleettelemetry.streams.topology.ConnectivityTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSO end to end over HTTP: a real JWKS endpoint (the JDK's HttpServer on loopback, serving keys made here with Nimbus)
 * and the real {@link HttpApi} over a Kafka Streams instance that is never started (as {@link HttpApiTest}).
 */
class OidcAuthTest {
    private static final String ISSUER = "https://sso.example/realms/fleet";
    private static final String AUDIENCE = "fleet-api";
    private static final String STATIC_TOKEN = "static-admin-token-1";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger jwksHits = new AtomicInteger();
    private volatile String jwks;
    private HttpServer jwksServer;
    private KafkaStreams streams;
    private AppMetrics metrics;
    private HttpApi api;
    private RSAKey rsa;
    private ECKey ec;

    @BeforeEach
    void keys() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        publish(rsa, ec);
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/certs", x -> {
            jwksHits.incrementAndGet();
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        jwksServer.start();
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.stop();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(5));
        }
        jwksServer.stop(0);
    }

    @Test
    void shouldAcceptRs256AndEs256TokensWithTheirPrincipalWhenValid() throws Exception {
        String base = start(Map.of());

        HttpResponse<String> keycloak = get(base + "/api/v1/me", token(rsa, JWSAlgorithm.RS256, c -> {}));
        HttpResponse<String> es = get(
                base + "/api/v1/me",
                token(
                        ec,
                        JWSAlgorithm.ES256,
                        c -> c.claim("preferred_username", "olli")
                                .claim("realm_access", Map.of("roles", List.of("fleet-viewer", "fleet-operator")))
                                .claim("fleet_sites", "hel, ber-*")));

        assertThat(keycloak.statusCode()).as(keycloak.body()).isEqualTo(200);
        JsonNode me = json(keycloak);
        assertThat(me.get("name").asText()).isEqualTo("vera");
        assertThat(me.get("role").asText()).isEqualTo("viewer");
        assertThat(me.get("sites")).extracting(JsonNode::asText).containsExactly("acme-*");
        assertThat(es.statusCode()).as(es.body()).isEqualTo(200);
        assertThat(json(es).get("name").asText()).isEqualTo("olli");
        assertThat(json(es).get("role").asText()).isEqualTo("operator");
        assertThat(json(es).get("sites")).extracting(JsonNode::asText).containsExactly("hel", "ber-*");
        // a static token still works beside OIDC
        assertThat(get(base + "/api/v1/me", STATIC_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseWith401AndSayWhyWhenTheJwtIsNotValid() throws Exception {
        String base = start(Map.of());
        Instant now = Instant.now();
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        Map<String, String> tokens = new HashMap<>();
        tokens.put(
                "has expired", token(rsa, JWSAlgorithm.RS256, c -> c.expirationTime(Date.from(now.minusSeconds(120)))));
        tokens.put(
                "not valid yet", token(rsa, JWSAlgorithm.RS256, c -> c.notBeforeTime(Date.from(now.plusSeconds(120)))));
        tokens.put("signature is not valid", token(impostor, JWSAlgorithm.RS256, c -> {}));
        tokens.put("another audience", token(rsa, JWSAlgorithm.RS256, c -> c.audience("other-api")));
        tokens.put("another issuer", token(rsa, JWSAlgorithm.RS256, c -> c.issuer("https://evil.example")));
        tokens.put(
                "no role", token(rsa, JWSAlgorithm.RS256, c -> c.claim("realm_access", Map.of("roles", List.of("x")))));
        tokens.put("not signed", new PlainJWT(claims(c -> {}).build()).serialize());
        SignedJWT hs = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                claims(c -> {}).build());
        hs.sign(new MACSigner(rsa.toPublicJWK().toRSAPublicKey().getEncoded()));
        tokens.put("algorithm is not accepted", hs.serialize());

        for (Map.Entry<String, String> t : tokens.entrySet()) {
            HttpResponse<String> r = get(base + "/api/v1/me", t.getValue());
            assertThat(r.statusCode()).as(t.getKey() + ": " + r.body()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(json(r).get("message").asText()).as(t.getKey()).contains(t.getKey());
            assertThat(r.body()).doesNotContain(t.getValue());
        }
        // within the clock skew (60 s) an expired or future token is still accepted
        assertThat(get(
                                base + "/api/v1/me",
                                token(
                                        rsa,
                                        JWSAlgorithm.RS256,
                                        c -> c.expirationTime(Date.from(now.minusSeconds(20)))
                                                .notBeforeTime(Date.from(now.plusSeconds(20)))))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldAcceptANewKidAfterTheIssuerRotatesItsKeysWhenTheJwksIsRefetched() throws Exception {
        String base = start(Map.of());
        assertThat(get(base + "/api/v1/me", token(rsa, JWSAlgorithm.RS256, c -> {}))
                        .statusCode())
                .isEqualTo(200);
        assertThat(jwksHits.get()).isEqualTo(1);

        RSAKey next = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        publish(rsa, ec, next);
        HttpResponse<String> rotated = get(base + "/api/v1/me", token(next, JWSAlgorithm.RS256, c -> {}));

        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(jwksHits.get()).isEqualTo(2);
        // the cached set now holds it: no fetch more
        assertThat(get(base + "/api/v1/me", token(next, JWSAlgorithm.RS256, c -> {}))
                        .statusCode())
                .isEqualTo(200);
        assertThat(jwksHits.get()).isEqualTo(2);
    }

    @Test
    void shouldNotFetchTheJwksForEveryUnknownKidWhenFlooded() throws Exception {
        String base = start(Map.of());
        assertThat(get(base + "/api/v1/me", token(rsa, JWSAlgorithm.RS256, c -> {}))
                        .statusCode())
                .isEqualTo(200);

        for (int i = 0; i < 20; i++) {
            RSAKey unknown = new RSAKeyGenerator(2048).keyID("flood-" + i).generate();
            assertThat(get(base + "/api/v1/me", token(unknown, JWSAlgorithm.RS256, c -> {}))
                            .statusCode())
                    .isEqualTo(401);
        }

        assertThat(jwksHits.get()).isLessThanOrEqualTo(3);
        // and a known key is still accepted from the cache
        assertThat(get(base + "/api/v1/me", token(ec, JWSAlgorithm.ES256, c -> {}))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldLetAViewerJwtReadButNotActWhenItsRoleIsViewer() throws Exception {
        String base = start(Map.of());
        String viewer = token(rsa, JWSAlgorithm.RS256, c -> {});

        // a read in scope reaches the stores (not running here: 503), out of scope is the 404 of a missing site
        assertThat(get(base + "/api/v1/sites/acme-north", viewer).statusCode()).isEqualTo(503);
        assertThat(get(base + "/api/v1/sites/zeta", viewer).statusCode()).isEqualTo(404);
        // the action routes ask Access.requireAct of the principal (QueryApiIT: a viewer principal POSTing a silence is
        // 403);
        // here the principal a viewer JWT gives is checked by it directly
        BearerAuth.Result r = new OidcAuth(config(Map.of()).oidc()).authenticate(viewer);
        assertThat(r.ok()).as(r.refusal()).isTrue();
        assertThatThrownBy(() -> Access.requireAct(r.principal()))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("'vera' is a viewer");
        BearerAuth.Result operator = new OidcAuth(config(Map.of()).oidc())
                .authenticate(token(
                        rsa,
                        JWSAlgorithm.RS256,
                        c -> c.claim("realm_access", Map.of("roles", List.of("fleet-operator")))));
        Access.requireAct(operator.principal());
    }

    @Test
    void shouldRefuseATokenWithoutSitesUnlessADefaultIsSet() throws Exception {
        String noSites = token(rsa, JWSAlgorithm.RS256, c -> c.claim("fleet_sites", null));
        jwksServer.getAddress();

        BearerAuth.Result refused = new OidcAuth(config(Map.of()).oidc()).authenticate(noSites);
        BearerAuth.Result defaulted =
                new OidcAuth(config(Map.of("api.oidc.sites.default", "hel")).oidc()).authenticate(noSites);

        assertThat(refused.ok()).isFalse();
        assertThat(refused.refusal()).contains("no sites for this token");
        assertThat(defaulted.principal().sites().globs()).containsExactly("hel");
    }

    @Test
    void shouldRefuseWith401WhenTheIssuersKeysCannotBeFetched() throws Exception {
        String base = start(Map.of("api.oidc.jwks.timeout", "1s"));
        jwksServer.stop(0);

        HttpResponse<String> r = get(base + "/api/v1/me", token(rsa, JWSAlgorithm.RS256, c -> {}));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).get("message").asText()).contains("keys could not be fetched");
    }

    @Test
    void shouldRefuseAnUnknownOidcKeyByName() {
        Map<String, String> c = new HashMap<>(baseConfig());
        c.put("api.oidc.issuer", ISSUER);
        c.put("api.oidc.audience", AUDIENCE);
        c.put("api.oidc.jwks.url", "https://sso.example/certs");
        c.put("api.oidc.role.viewer", "v");
        c.put("api.oidc.sites.default", "*");
        c.put("api.oidc.role.guest", "g");

        assertThatThrownBy(() -> StreamsAppConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key api.oidc.role.guest");
        c.remove("api.oidc.role.guest");
        assertThat(StreamsAppConfig.from(c).oidc().jwksUrl()).hasToString("https://sso.example/certs");
    }

    @Test
    void shouldNameTheKeyWhenTheOidcConfigIsIncomplete() {
        Map<String, String> base = new HashMap<>(baseConfig());
        base.put("api.oidc.issuer", ISSUER);
        base.put("api.oidc.role.viewer", "v");
        base.put("api.oidc.sites.default", "*");
        base.put("api.oidc.jwks.url", "http://sso.example/certs");

        assertThatThrownBy(() -> StreamsAppConfig.from(base))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("api.oidc.audience is required")
                .hasMessageContaining("api.oidc.jwks.url must be an https URL");
    }

    private String start(Map<String, String> extra) throws IOException {
        StreamsAppConfig config = config(extra);
        Topology topology = ConnectivityTopology.build(config.topology(), StreamsProperties.serdeConfig(config));
        streams = new KafkaStreams(topology, StreamsProperties.of(config));
        metrics = new AppMetrics(streams);
        api = HttpApi.start(
                config, QueryService.create(streams, topology.describe(), config, metrics.registry()), metrics);
        return "http://127.0.0.1:" + api.port();
    }

    private Map<String, String> baseConfig() {
        Map<String, String> c = new HashMap<>();
        c.put("kafka.bootstrap.servers", "127.0.0.1:1");
        c.put("schema.registry.url", "http://127.0.0.1:1");
        c.put("state.dir", dir.resolve("state").toString());
        c.put("api.tokens", STATIC_TOKEN);
        return c;
    }

    private StreamsAppConfig config(Map<String, String> extra) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> c = baseConfig();
        c.put("http.port", Integer.toString(port));
        // Keycloak's claim names
        c.put("api.oidc.issuer", ISSUER);
        c.put("api.oidc.audience", AUDIENCE);
        c.put("api.oidc.jwks.url", "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/certs");
        c.put("api.oidc.role.claim", "realm_access.roles");
        c.put("api.oidc.role.viewer", "fleet-viewer");
        c.put("api.oidc.role.operator", "fleet-operator");
        c.put("api.oidc.role.admin", "fleet-admin");
        c.put("api.oidc.sites.claim", "fleet_sites");
        c.putAll(extra);
        return StreamsAppConfig.from(c);
    }

    private void publish(JWK... keys) {
        List<JWK> pub = new ArrayList<>();
        for (JWK k : keys) {
            pub.add(k.toPublicJWK());
        }
        jwks = new JWKSet(pub).toString();
    }

    /** A valid viewer token of the issuer (name vera, sites acme-*), changed by {@code change}. */
    private static JWTClaimsSet.Builder claims(Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder c = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE, "account"))
                .subject("3f1c-uuid")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("preferred_username", "vera")
                .claim("realm_access", Map.of("roles", List.of("fleet-viewer", "offline_access")))
                .claim("fleet_sites", List.of("acme-*"));
        change.accept(c);
        return c;
    }

    private static String token(JWK key, JWSAlgorithm alg, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(alg)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims(change).build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return QueryJson.mapper().readTree(r.body());
    }
}
