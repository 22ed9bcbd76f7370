package org.fleettelemetry.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.assertj.core.api.SoftAssertions;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.fleettelemetry.streams.config.StreamsProperties;
import org.fleettelemetry.streams.metrics.AppMetrics;
import org.fleettelemetry.streams.query.ActionService;
import org.fleettelemetry.streams.query.QueryService;
import org.fleettelemetry.streams.topology.ConnectivityTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /openapi.json} against the server that serves it: the document parses and validates with swagger-parser,
 * names every route and method the server has (a route added without its description fails here), and says what
 * the server really does with auth, parameters and errors: each is probed on a server whose Kafka Streams is created
 * but not started, so the stores answer 503 and everything before them (auth, parameters, routing) is real.
 */
class OpenApiTest {
    private static final String TOKEN = "openapi-token";
    /** Instance-to-instance routes (forwarded lookups, fan-out): not for clients, so not in the document. */
    private static final String INTERNAL = "/internal/";

    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

    @TempDir
    Path dir;

    private KafkaStreams streams;
    private AppMetrics metrics;
    private HttpApi api;
    private ActionService actions;
    private String base;
    private OpenAPI doc;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StreamsAppConfig config = StreamsAppConfig.from(Map.of(
                "kafka.bootstrap.servers",
                "127.0.0.1:1",
                "schema.registry.url",
                "http://127.0.0.1:1",
                "state.dir",
                dir.resolve("state").toString(),
                "http.port",
                Integer.toString(port),
                "api.tokens",
                TOKEN));
        Topology topology = ConnectivityTopology.build(config.topology(), StreamsProperties.serdeConfig(config));
        streams = new KafkaStreams(topology, StreamsProperties.of(config));
        metrics = new AppMetrics(streams);
        QueryService query = QueryService.create(streams, topology.describe(), config, metrics.registry());
        actions = ActionService.create(
                streams,
                query,
                StreamsProperties.of(config),
                StreamsProperties.serdeConfig(config),
                config.topology().actionsTopic(),
                config.silenceMaxDuration());
        api = HttpApi.start(config, query, actions, metrics);
        base = "http://127.0.0.1:" + api.port();

        HttpResponse<String> served = send("GET", "/openapi.json", null);
        assertThat(served.statusCode()).isEqualTo(200);
        ParseOptions options = new ParseOptions();
        options.setResolveFully(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served.body(), null, options);
        assertThat(parsed.getMessages()).as("swagger-parser's findings").isEmpty();
        doc = parsed.getOpenAPI();
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.stop();
        }
        if (actions != null) {
            actions.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void shouldBeValidOpenApi3WithTheBearerSchemeWhenParsed() {
        assertThat(doc.getOpenapi()).startsWith("3.");
        SecurityScheme bearer = doc.getComponents().getSecuritySchemes().get("bearer");
        assertThat(bearer.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(bearer.getScheme()).isEqualTo("bearer");
        assertThat(doc.getSecurity()).extracting(r -> r.keySet()).containsExactly(Set.of("bearer"));
    }

    @Test
    void shouldDescribeEveryRouteAndMethodTheServerHasAndNoOther() {
        List<String> served = api.routes().stream()
                .filter(r -> !r.substring(r.indexOf(' ') + 1).startsWith(INTERNAL))
                .toList();

        assertThat(served).isNotEmpty();
        assertThat(documented()).containsExactlyInAnyOrderElementsOf(served);
    }

    @Test
    void shouldAnswer405WithTheDocumentedMethodsWhenAMethodIsNotDescribed() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        doc.getPaths().forEach((path, item) -> {
            Set<String> methods = methods(item);
            for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
                if (!methods.contains(method)) {
                    HttpResponse<String> r = send(method, example(path), "Bearer " + TOKEN);
                    softly.assertThat(r.statusCode()).as("%s %s", method, path).isEqualTo(405);
                    softly.assertThat(r.headers().firstValue("Allow").map(a -> Set.of(a.split(", "))))
                            .as("%s %s: Allow", method, path)
                            .hasValue(Set.copyOf(allow(methods)));
                }
            }
        });
        softly.assertAll();
    }

    @Test
    void shouldDescribeTheAuthTheServerAsksFor() {
        SoftAssertions softly = new SoftAssertions();
        forEachOperation((label, method, path, op) -> {
            boolean secured = secured(op);
            HttpResponse<String> anonymous = send(method, example(path), null);
            softly.assertThat(anonymous.statusCode() == 401)
                    .as(
                            "%s: the document says secured=%s, the server answered %s without a token",
                            label, secured, anonymous.statusCode())
                    .isEqualTo(secured);
            if (secured) {
                softly.assertThat(op.getResponses().keySet())
                        .as("%s: responses", label)
                        .contains("401");
            }
        });
        softly.assertAll();
    }

    @Test
    void shouldDescribeEveryParameterAndEveryStatusTheServerAnswers() {
        SoftAssertions softly = new SoftAssertions();
        forEachOperation((label, method, path, op) -> {
            List<Parameter> params = op.getParameters() == null ? List.of() : op.getParameters();
            Set<String> templated = new TreeSet<>();
            Matcher m = PATH_PARAM.matcher(path);
            while (m.find()) {
                templated.add(m.group(1));
            }
            softly.assertThat(names(params, "path"))
                    .as("%s: path parameters", label)
                    .isEqualTo(templated);

            HttpResponse<String> valid = send(method, example(path), "Bearer " + TOKEN);
            softly.assertThat(op.getResponses().keySet())
                    .as("%s: answered %s to a valid request", label, valid.statusCode())
                    .contains(Integer.toString(valid.statusCode()));

            for (Parameter p : params) {
                String bad = badValue(p);
                String url = p.getIn().equals("path")
                        ? example(path).replace("/x-" + p.getName(), "/" + bad)
                        : example(path) + "?" + p.getName() + "=" + URLEncoder.encode(bad, StandardCharsets.UTF_8);
                HttpResponse<String> r = send(method, url, "Bearer " + TOKEN);
                softly.assertThat(r.statusCode())
                        .as("%s: parameter %s=%s is read by the server", label, p.getName(), bad)
                        .isEqualTo(400);
                softly.assertThat(r.body())
                        .as("%s: the 400 names %s", label, p.getName())
                        .contains("'" + p.getName() + "'");
                softly.assertThat(op.getResponses().keySet())
                        .as("%s: responses", label)
                        .contains("400");
            }

            op.getResponses().forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    if (path.startsWith("/api/")) {
                        softly.assertThat(isErrorShape(response))
                                .as("%s: %s is {code, message}", label, status)
                                .isTrue();
                    }
                }
            });
        });
        softly.assertAll();
    }

    private interface OperationCheck {
        void check(String label, String method, String path, Operation op);
    }

    private void forEachOperation(OperationCheck check) {
        doc.getPaths()
                .forEach((path, item) -> item.readOperationsMap()
                        .forEach((method, op) -> check.check(method + " " + path, method.name(), path, op)));
    }

    private List<String> documented() {
        List<String> out = new ArrayList<>();
        doc.getPaths().forEach((path, item) -> methods(item).forEach(method -> out.add(method + " " + path)));
        return out;
    }

    private static Set<String> methods(PathItem item) {
        Set<String> out = new TreeSet<>();
        item.readOperationsMap().keySet().forEach(m -> out.add(m.name()));
        return out;
    }

    /** The documented methods as the Allow header lists them: HEAD comes with GET. */
    private static List<String> allow(Set<String> methods) {
        List<String> out = new ArrayList<>(methods);
        if (out.contains("GET") && !out.contains("HEAD")) {
            out.add("HEAD");
        }
        return out;
    }

    private boolean secured(Operation op) {
        List<SecurityRequirement> security = op.getSecurity() != null ? op.getSecurity() : doc.getSecurity();
        return security != null && !security.isEmpty();
    }

    /** A path with each parameter filled in: {@code /api/v1/sites/x-site}. */
    private static String example(String path) {
        return PATH_PARAM.matcher(path).replaceAll("x-$1");
    }

    private static Set<String> names(List<Parameter> params, String in) {
        Set<String> out = new TreeSet<>();
        params.stream().filter(p -> in.equals(p.getIn())).forEach(p -> out.add(p.getName()));
        return out;
    }

    /** A value the parameter's schema forbids, which the server must refuse with a 400 naming it. */
    private static String badValue(Parameter p) {
        Schema<?> schema = p.getSchema();
        if (schema.getEnum() != null) {
            return "NOT-A-MEMBER";
        }
        String type = schema.getType() == null ? "string" : schema.getType();
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "integer", "number" -> "not-a-number";
            default -> "date-time".equals(schema.getFormat()) ? "monday" : "x".repeat(600);
        };
    }

    private static boolean isErrorShape(ApiResponse response) {
        if (response.getContent() == null || response.getContent().get("application/json") == null) {
            return false;
        }
        Schema<?> schema = response.getContent().get("application/json").getSchema();
        return schema != null
                && schema.getProperties() != null
                && schema.getProperties().keySet().equals(Set.of("code", "message"))
                && schema.getRequired() != null
                && Set.copyOf(schema.getRequired()).equals(Set.of("code", "message"));
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
