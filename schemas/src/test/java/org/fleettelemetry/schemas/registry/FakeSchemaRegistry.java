package org.fleettelemetry.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * An in-memory Confluent-compatible schema registry on 127.0.0.1 and an ephemeral port, so tests
 * exercise the client's real HTTP code. It speaks Confluent's JSON shapes and error codes, checks
 * compatibility with Avro's {@link SchemaCompatibility}, counts requests, and can be told to fail
 * the next requests with 500 or to require Basic auth.
 */
public final class FakeSchemaRegistry implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String basePath;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final List<String> requestLog = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile String requiredAuthorization;

    // registry state, guarded by this
    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Version>> subjects = new LinkedHashMap<>();
    private final Map<String, String> subjectLevels = new HashMap<>();
    private String globalLevel = "BACKWARD";
    private int nextId = 1;

    private FakeSchemaRegistry(String basePath) throws IOException {
        this.basePath = basePath;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "fake-schema-registry");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext(basePath.isEmpty() ? "/" : basePath, this::handle);
        server.start();
    }

    /** A registry at the root path, as Confluent, Karapace and Redpanda serve it. */
    public static FakeSchemaRegistry start() {
        return start("");
    }

    /** A registry under a base path, e.g. {@code /apis/ccompat/v7} as Apicurio serves it. */
    public static FakeSchemaRegistry start(String basePath) {
        try {
            return new FakeSchemaRegistry(basePath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A URL on which nothing listens (the port was free a moment ago). */
    public static String deadUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + basePath;
    }

    public String urlWithCredentials(String user, String password) {
        return "http://" + user + ":" + password + "@127.0.0.1:"
                + server.getAddress().getPort() + basePath;
    }

    public int requestCount() {
        return requests.get();
    }

    /** "METHOD /path?query" of every request, relative to the base path, in arrival order. */
    public List<String> requestLog() {
        return List.copyOf(requestLog);
    }

    /** The Authorization header of every request ("" when absent). */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** The next {@code count} requests get a 500 with error code 50001. */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    public void requireBasicAuth(String user, String password) {
        requiredAuthorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public synchronized void setGlobalLevel(String level) {
        globalLevel = level;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getRawPath().substring(basePath.length());
            String query = exchange.getRequestURI().getRawQuery();
            String method = exchange.getRequestMethod();
            requestLog.add(method + " " + path + (query == null ? "" : "?" + query));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "" : authorization);
            Answer answer;
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer = error(500, 50001, "injected failure");
            } else if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
                answer = error(401, 401, "Unauthorized");
            } else {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                answer = route(method, segments(path), query == null ? "" : query, body);
            }
            byte[] bytes = answer.body().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String raw : path.split("/")) {
            if (!raw.isEmpty()) {
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private synchronized Answer route(String method, List<String> p, String query, String body) {
        int n = p.size();
        try {
            if (n == 1 && p.get(0).equals("subjects") && method.equals("GET")) {
                return listSubjects();
            }
            if (n == 2 && p.get(0).equals("subjects") && method.equals("POST")) {
                return lookup(p.get(1), body);
            }
            if (n == 2 && p.get(0).equals("subjects") && method.equals("DELETE")) {
                return delete(p.get(1), query.contains("permanent=true"));
            }
            if (n == 3 && p.get(0).equals("subjects") && p.get(2).equals("versions")) {
                return method.equals("POST") ? register(p.get(1), body) : versions(p.get(1));
            }
            if (n == 4 && p.get(0).equals("subjects") && p.get(2).equals("versions") && method.equals("GET")) {
                return version(p.get(1), p.get(3));
            }
            if (n == 3 && p.get(0).equals("schemas") && p.get(1).equals("ids") && method.equals("GET")) {
                return schemaById(Integer.parseInt(p.get(2)));
            }
            if (n == 5 && p.get(0).equals("compatibility") && method.equals("POST")) {
                return testCompatibility(p.get(2), body);
            }
            if (p.get(0).equals("config") && n <= 2) {
                return config(method, n == 2 ? p.get(1) : null, body);
            }
        } catch (NumberFormatException e) {
            return error(404, 404, "HTTP 404 Not Found");
        }
        return error(404, 404, "HTTP 404 Not Found");
    }

    private Answer listSubjects() {
        ArrayNode list = JSON.createArrayNode();
        subjects.forEach((subject, versions) -> {
            if (versions.stream().anyMatch(v -> !v.deleted)) {
                list.add(subject);
            }
        });
        return ok(list);
    }

    private Answer register(String subject, String body) {
        Schema schema;
        try {
            schema = parseRequest(body);
        } catch (IllegalArgumentException e) {
            return error(422, 42201, "Invalid schema: " + e.getMessage());
        }
        List<Version> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        for (Version version : versions) {
            if (!version.deleted && schemasById.get(version.id).equals(schema)) {
                return ok(JSON.createObjectNode().put("id", version.id));
            }
        }
        List<String> problems = incompatibilities(subject, schema);
        if (!problems.isEmpty()) {
            return error(
                    409,
                    409,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + problems);
        }
        int id = idsBySchemaText.computeIfAbsent(schema.toString(), text -> nextId++);
        schemasById.putIfAbsent(id, schema);
        int next = versions.stream().mapToInt(v -> v.version).max().orElse(0) + 1;
        versions.add(new Version(next, id));
        return ok(JSON.createObjectNode().put("id", id));
    }

    private Answer lookup(String subject, String body) {
        List<Version> live = live(subject);
        if (live.isEmpty()) {
            return subjectNotFound(subject);
        }
        Schema schema;
        try {
            schema = parseRequest(body);
        } catch (IllegalArgumentException e) {
            return error(422, 42201, "Invalid schema: " + e.getMessage());
        }
        for (Version version : live) {
            if (schemasById.get(version.id).equals(schema)) {
                return ok(describe(subject, version));
            }
        }
        return error(404, 40403, "Schema not found");
    }

    private Answer versions(String subject) {
        List<Version> live = live(subject);
        if (live.isEmpty()) {
            return subjectNotFound(subject);
        }
        ArrayNode list = JSON.createArrayNode();
        live.forEach(v -> list.add(v.version));
        return ok(list);
    }

    private Answer version(String subject, String which) {
        List<Version> live = live(subject);
        if (live.isEmpty()) {
            return subjectNotFound(subject);
        }
        if (which.equals("latest")) {
            return ok(describe(subject, live.get(live.size() - 1)));
        }
        int wanted = Integer.parseInt(which);
        for (Version version : live) {
            if (version.version == wanted) {
                return ok(describe(subject, version));
            }
        }
        return error(404, 40402, "Version " + which + " not found.");
    }

    private Answer schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            return error(404, 40403, "Schema " + id + " not found");
        }
        return ok(JSON.createObjectNode().put("schema", schema.toString()));
    }

    private Answer testCompatibility(String subject, String body) {
        if (live(subject).isEmpty()) {
            return subjectNotFound(subject);
        }
        Schema schema;
        try {
            schema = parseRequest(body);
        } catch (IllegalArgumentException e) {
            return error(422, 42201, "Invalid schema: " + e.getMessage());
        }
        List<String> problems = incompatibilities(subject, schema);
        ObjectNode answer = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
        ArrayNode messages = answer.putArray("messages");
        problems.forEach(messages::add);
        return ok(answer);
    }

    private Answer delete(String subject, boolean permanent) {
        List<Version> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            return subjectNotFound(subject);
        }
        ArrayNode list = JSON.createArrayNode();
        if (permanent) {
            if (versions.stream().anyMatch(v -> !v.deleted)) {
                return error(
                        404, 40405, "Subject '" + subject + "' was not deleted first before being permanently deleted");
            }
            versions.forEach(v -> list.add(v.version));
            subjects.remove(subject);
            return ok(list);
        }
        if (versions.stream().allMatch(v -> v.deleted)) {
            return error(404, 40404, "Subject '" + subject + "' was soft deleted.");
        }
        for (Version version : versions) {
            if (!version.deleted) {
                version.deleted = true;
                list.add(version.version);
            }
        }
        return ok(list);
    }

    private Answer config(String method, String subject, String body) {
        if (method.equals("PUT")) {
            String level;
            try {
                level = JSON.readTree(body).path("compatibility").asText("");
            } catch (IOException e) {
                return error(422, 42203, "Invalid compatibility level");
            }
            if (!List.of(
                            "NONE",
                            "BACKWARD",
                            "BACKWARD_TRANSITIVE",
                            "FORWARD",
                            "FORWARD_TRANSITIVE",
                            "FULL",
                            "FULL_TRANSITIVE")
                    .contains(level)) {
                return error(422, 42203, "Invalid compatibility level");
            }
            if (subject == null) {
                globalLevel = level;
            } else {
                subjectLevels.put(subject, level);
            }
            return ok(JSON.createObjectNode().put("compatibility", level));
        }
        String level = subject == null ? globalLevel : subjectLevels.getOrDefault(subject, globalLevel);
        return ok(JSON.createObjectNode().put("compatibilityLevel", level));
    }

    private List<String> incompatibilities(String subject, Schema candidate) {
        String level = subjectLevels.getOrDefault(subject, globalLevel);
        List<Version> live = live(subject);
        if (level.equals("NONE") || live.isEmpty()) {
            return List.of();
        }
        List<Version> against = level.endsWith("_TRANSITIVE") ? live : List.of(live.get(live.size() - 1));
        boolean backward = level.startsWith("BACKWARD") || level.startsWith("FULL");
        boolean forward = level.startsWith("FORWARD") || level.startsWith("FULL");
        List<String> problems = new ArrayList<>();
        for (Version version : against) {
            Schema existing = schemasById.get(version.id);
            if (backward) {
                check(candidate, existing, "BACKWARD against version " + version.version, problems);
            }
            if (forward) {
                check(existing, candidate, "FORWARD against version " + version.version, problems);
            }
        }
        return problems;
    }

    private static void check(Schema reader, Schema writer, String what, List<String> problems) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            result.getResult()
                    .getIncompatibilities()
                    .forEach(incompatibility -> problems.add(what + ": "
                            + incompatibility.getType() + " at " + incompatibility.getLocation() + ": "
                            + incompatibility.getMessage()));
        }
    }

    private List<Version> live(String subject) {
        List<Version> live = new ArrayList<>();
        for (Version version : subjects.getOrDefault(subject, List.of())) {
            if (!version.deleted) {
                live.add(version);
            }
        }
        return live;
    }

    private ObjectNode describe(String subject, Version version) {
        return JSON.createObjectNode()
                .put("subject", subject)
                .put("version", version.version)
                .put("id", version.id)
                .put("schema", schemasById.get(version.id).toString());
    }

    private static Schema parseRequest(String body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("request body is not JSON");
        }
        String type = request.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new IllegalArgumentException("only AVRO is supported here, got " + type);
        }
        if (!request.path("schema").isTextual()) {
            throw new IllegalArgumentException("no schema string");
        }
        try {
            return new Schema.Parser().parse(request.get("schema").asText());
        } catch (AvroRuntimeException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static Answer subjectNotFound(String subject) {
        return error(404, 40401, "Subject '" + subject + "' not found.");
    }

    private static Answer ok(JsonNode body) {
        return new Answer(200, body);
    }

    private static Answer error(int status, int code, String message) {
        return new Answer(
                status, JSON.createObjectNode().put("error_code", code).put("message", message));
    }

    private record Answer(int status, JsonNode body) {}

    private static final class Version {
        final int version;
        final int id;
        boolean deleted;

        Version(int version, int id) {
            this.version = version;
            this.id = id;
        }
    }
}
