package org.fleettelemetry.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CachedSchemaRegistryClientTest {

    private static final Schema V1 = SchemaBuilder.record("Thing")
            .namespace("org.example")
            .fields()
            .requiredString("id")
            .endRecord();
    private static final Schema V2_OPTIONAL = SchemaBuilder.record("Thing")
            .namespace("org.example")
            .fields()
            .requiredString("id")
            .optionalString("note")
            .endRecord();
    private static final Schema V2_REQUIRED = SchemaBuilder.record("Thing")
            .namespace("org.example")
            .fields()
            .requiredString("id")
            .requiredLong("count")
            .endRecord();

    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start();

    @AfterEach
    void stop() {
        registry.close();
    }

    private static Map<String, Object> config(String url) {
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaRegistryClientConfig.URL, url);
        config.put(SchemaRegistryClientConfig.RETRY_BACKOFF_MS, 1);
        config.put(SchemaRegistryClientConfig.REQUEST_TIMEOUT_MS, 2000);
        return config;
    }

    private SchemaRegistryClient client() {
        return SchemaRegistryClient.create(config(registry.url()));
    }

    @Test
    void shouldRegisterLookUpAndFetchWhenSchemaIsNew() {
        try (SchemaRegistryClient client = client()) {
            int id = client.register("things-value", V1);

            assertThat(client.lookup("things-value", V1).id()).isEqualTo(id);
            assertThat(client.lookup("things-value", V1).version()).isEqualTo(1);
            assertThat(client.latest("things-value").schema()).isEqualTo(V1);
            assertThat(client.version("things-value", 1).id()).isEqualTo(id);
            assertThat(client.versions("things-value")).containsExactly(1);
            assertThat(client.subjects()).containsExactly("things-value");
        }
        try (SchemaRegistryClient fresh = client()) {
            assertThat(fresh.schemaById(1)).isEqualTo(V1);
        }
    }

    @Test
    void shouldOmitSchemaTypeWhenRegisteringAvro() {
        try (SchemaRegistryClient client = client()) {
            client.register("things-value", V1);
        }
        assertThat(registry.requestLog()).containsExactly("POST /subjects/things-value/versions");
    }

    @Test
    void shouldEncodeSubjectWhenItHasReservedCharacters() {
        String subject = "odd subject/with+chars?&ä";
        try (SchemaRegistryClient client = client()) {
            int id = client.register(subject, V1);

            assertThat(client.latest(subject).id()).isEqualTo(id);
            assertThat(client.subjects()).containsExactly(subject);
        }
        assertThat(registry.requestLog().get(0)).startsWith("POST /subjects/odd%20subject%2Fwith%2Bchars%3F%26%C3%A4/");
    }

    @Test
    void shouldWorkWhenBaseUrlHasApicurioPath() {
        try (FakeSchemaRegistry apicurio = FakeSchemaRegistry.start("/apis/ccompat/v7");
                SchemaRegistryClient client = SchemaRegistryClient.create(config(apicurio.url() + "/"))) {
            int id = client.register("things-value", V1);

            assertThat(client.schemaById(id)).isEqualTo(V1);
            assertThat(apicurio.requestLog()).containsExactly("POST /subjects/things-value/versions");
        }
    }

    @Test
    void shouldNotAskRegistryAgainWhenSchemaAndIdAreCached() {
        try (SchemaRegistryClient client = client()) {
            int id = client.register("things-value", V1);
            client.lookup("things-value", V1);
            int before = registry.requestCount();

            assertThat(client.register("things-value", V1)).isEqualTo(id);
            assertThat(client.lookup("things-value", V1).id()).isEqualTo(id);
            assertThat(client.schemaById(id)).isEqualTo(V1);
            assertThat(registry.requestCount()).isEqualTo(before);
        }
    }

    @Test
    void shouldCacheLatestWithinTtlAndRefetchWhenTtlIsZero() {
        try (SchemaRegistryClient cached = client()) {
            cached.register("things-value", V1);
            cached.latest("things-value");
            int before = registry.requestCount();
            cached.latest("things-value");
            assertThat(registry.requestCount()).isEqualTo(before);
        }
        Map<String, Object> noCache = config(registry.url());
        noCache.put(SchemaRegistryClientConfig.LATEST_CACHE_TTL_SEC, 0);
        try (SchemaRegistryClient uncached = SchemaRegistryClient.create(noCache)) {
            uncached.latest("things-value");
            uncached.register("things-value", V2_OPTIONAL);
            assertThat(uncached.latest("things-value").version()).isEqualTo(2);
        }
    }

    @Test
    void shouldRefuseWithClearMessageWhenSchemaIsIncompatible() {
        try (SchemaRegistryClient client = client()) {
            client.setSubjectCompatibility("things-value", CompatibilityLevel.BACKWARD);
            client.register("things-value", V1);

            assertThat(client.testCompatibility("things-value", V2_REQUIRED).compatible())
                    .isFalse();
            assertThat(client.testCompatibility("things-value", V2_OPTIONAL).compatible())
                    .isTrue();
            assertThatThrownBy(() -> client.register("things-value", V2_REQUIRED))
                    .isInstanceOf(IncompatibleSchemaException.class)
                    .hasMessageStartingWith("schema for subject 'things-value' is incompatible with an earlier"
                            + " version (registry error 409): Schema being registered is incompatible")
                    .hasMessageContaining("count")
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus())
                            .isEqualTo(409));
        }
    }

    @Test
    void shouldGetAndSetCompatibilityWhenGlobalOrPerSubject() {
        try (SchemaRegistryClient client = client()) {
            client.setGlobalCompatibility(CompatibilityLevel.FULL);
            client.setSubjectCompatibility("things-value", CompatibilityLevel.NONE);

            assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.subjectCompatibility("things-value")).isEqualTo(CompatibilityLevel.NONE);
            assertThat(client.subjectCompatibility("other-value")).isEqualTo(CompatibilityLevel.FULL);
        }
    }

    @Test
    void shouldNameSubjectVersionOrIdWhenNotFound() {
        try (SchemaRegistryClient client = client()) {
            assertThatThrownBy(() -> client.latest("missing-value"))
                    .isInstanceOf(SubjectNotFoundException.class)
                    .hasMessageContaining("subject 'missing-value' not found")
                    .hasMessageContaining("40401");
            client.register("things-value", V1);
            assertThatThrownBy(() -> client.version("things-value", 7))
                    .isInstanceOf(VersionNotFoundException.class)
                    .hasMessageContaining("version 7 of subject 'things-value' not found");
            assertThatThrownBy(() -> client.schemaById(4242))
                    .isInstanceOf(SchemaNotFoundException.class)
                    .hasMessageContaining("schema id 4242 not found")
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode())
                            .isEqualTo(40403));
            assertThatThrownBy(() -> client.lookup("things-value", V2_OPTIONAL))
                    .isInstanceOf(SchemaNotFoundException.class)
                    .hasMessageContaining("schema not registered under subject 'things-value'");
        }
    }

    @Test
    void shouldDeleteSubjectSoftThenPermanently() {
        try (SchemaRegistryClient client = client()) {
            client.setSubjectCompatibility("things-value", CompatibilityLevel.NONE);
            client.register("things-value", V1);
            client.register("things-value", V2_REQUIRED);

            assertThat(client.deleteSubject("things-value", true)).containsExactly(1, 2);
            assertThat(client.subjects()).isEmpty();
            assertThatThrownBy(() -> client.latest("things-value")).isInstanceOf(SubjectNotFoundException.class);
        }
    }

    @Test
    void shouldRetryWhenRegistryAnswers5xxTwice() {
        registry.failNext(2);
        try (SchemaRegistryClient client = client()) {
            int id = client.register("things-value", V1);

            assertThat(id).isPositive();
            assertThat(registry.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void shouldGiveUpWithRetriableErrorWhenRegistryKeepsFailing() {
        registry.failNext(100);
        try (SchemaRegistryClient client = client()) {
            assertThatThrownBy(() -> client.register("things-value", V1))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .isInstanceOf(org.apache.kafka.common.errors.RetriableException.class)
                    .hasMessageContaining("register schema for subject 'things-value'")
                    .hasMessageContaining("4 attempt(s)")
                    .hasMessageContaining(registry.url())
                    .hasMessageContaining("HTTP 500");
        }
        assertThat(registry.requestCount()).isEqualTo(4);
    }

    @Test
    void shouldThrowRetriableErrorWhenNothingListens() {
        String dead = FakeSchemaRegistry.deadUrl();
        Map<String, Object> config = config(dead);
        config.put(SchemaRegistryClientConfig.MAX_RETRIES, 2);
        try (SchemaRegistryClient client = SchemaRegistryClient.create(config)) {
            assertThatThrownBy(() -> client.schemaById(5))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("get schema id 5")
                    .hasMessageContaining("3 attempt(s) against [" + dead + "]")
                    .hasMessageContaining("ConnectException");
        }
    }

    @Test
    void shouldGiveUpWithRetriableTimeoutWhenRegistryAcceptsButNeverAnswers() throws Exception {
        // a socket that accepts connections and never writes: only the request timeout ends each call
        try (java.net.ServerSocket silent =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort();
            Map<String, Object> config = config(url);
            config.put(SchemaRegistryClientConfig.REQUEST_TIMEOUT_MS, 300);
            config.put(SchemaRegistryClientConfig.MAX_RETRIES, 1);
            try (SchemaRegistryClient client = SchemaRegistryClient.create(config)) {
                assertThatThrownBy(() -> client.schemaById(7))
                        .isInstanceOf(RegistryUnavailableException.class)
                        .hasMessageContaining("get schema id 7")
                        .hasMessageContaining("2 attempt(s) against [" + url + "]")
                        .hasMessageContaining("SocketTimeoutException");
            }
        }
    }

    @Test
    void shouldFailOverWhenFirstUrlIsDown() {
        String dead = FakeSchemaRegistry.deadUrl();
        try (SchemaRegistryClient client = SchemaRegistryClient.create(config(dead + "," + registry.url()))) {
            int id = client.register("things-value", V1);
            client.latest("things-value");

            assertThat(id).isPositive();
            assertThat(registry.requestLog())
                    .containsExactly(
                            "POST /subjects/things-value/versions", "GET /subjects/things-value/versions/latest");
        }
    }

    @Test
    void shouldSendBasicAuthWhenCredentialsComeFromUserInfo() {
        registry.requireBasicAuth("fleet", "s3cret:x");
        Map<String, Object> config = config(registry.url());
        config.put(SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
        config.put(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO, "fleet:s3cret:x");
        try (SchemaRegistryClient client = SchemaRegistryClient.create(config)) {
            client.register("things-value", V1);
        }
        assertThat(registry.authorizations()).containsOnly(basic("fleet:s3cret:x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "schema.registry."})
    void shouldSendBasicAuthWhenConfluentsKeysAreGivenInEitherSpelling(String prefix) {
        registry.requireBasicAuth("fleet", "s3cret");
        Map<String, Object> config = config(registry.url());
        config.put(prefix + "basic.auth.credentials.source", "USER_INFO");
        config.put(prefix + "basic.auth.user.info", "fleet:s3cret");
        try (SchemaRegistryClient client = SchemaRegistryClient.create(config)) {
            client.register("things-value", V1);
        }
        assertThat(registry.authorizations()).containsOnly(basic("fleet:s3cret"));
    }

    @Test
    void shouldSendBasicAuthWhenCredentialsComeFromUrl() {
        registry.requireBasicAuth("fleet", "p@ss word");
        String url = registry.urlWithCredentials("fleet", "p%40ss%20word");
        try (SchemaRegistryClient client = SchemaRegistryClient.create(config(url))) {
            client.register("things-value", V1);
            assertThat(client.toString()).doesNotContain("p%40ss").doesNotContain("fleet:");
        }
        assertThat(registry.authorizations()).containsOnly(basic("fleet:p@ss word"));
    }

    @Test
    void shouldNameUrlButNotPasswordWhenCredentialsAreRejected() {
        registry.requireBasicAuth("fleet", "right");
        String url = registry.urlWithCredentials("fleet", "wrong");
        try (SchemaRegistryClient client = SchemaRegistryClient.create(config(url))) {
            assertThatThrownBy(() -> client.register("things-value", V1))
                    .isInstanceOf(RegistryAuthenticationException.class)
                    .hasMessageContaining(registry.url())
                    .hasMessageContaining("HTTP 401")
                    .hasMessageNotContaining("wrong");
        }
        assertThat(registry.requestCount()).isEqualTo(1);
    }

    @Test
    void shouldRejectInvalidSchemaWith422() {
        Schema notAvroForRegistry = new Schema.Parser()
                .setValidateDefaults(false)
                .parse(
                        "{\"type\":\"record\",\"name\":\"Bad\",\"fields\":[{\"name\":\"n\",\"type\":\"int\",\"default\":\"x\"}]}");
        try (SchemaRegistryClient client = client()) {
            assertThatThrownBy(() -> client.register("bad-value", notAvroForRegistry))
                    .isInstanceOf(InvalidSchemaException.class)
                    .hasMessageContaining("register schema for subject 'bad-value'")
                    .hasMessageContaining("42201");
        }
    }

    @Test
    void shouldShareIdAcrossSubjectsWhenSchemaIsTheSame() {
        try (SchemaRegistryClient client = client()) {
            int events = client.register("a-value", EndpointEvent.getClassSchema());
            int again = client.register("b-value", EndpointEvent.getClassSchema());
            int beats = client.register("c-value", EndpointHeartbeat.getClassSchema());

            assertThat(again).isEqualTo(events);
            assertThat(beats).isNotEqualTo(events);
        }
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
