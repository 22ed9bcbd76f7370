package org.fleettelemetry.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@link SchemaRegistryClient} over HTTP with the caches a serde needs: schema to id per subject,
 * id to schema (both immutable facts in a registry, kept forever) and latest version per subject
 * (kept for a short TTL because a new version may be registered at any time). Concurrent misses
 * may both ask the registry; the answers are identical, so no lock is held across HTTP calls.
 */
public final class CachedSchemaRegistryClient implements SchemaRegistryClient {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SchemaRegistryClientConfig config;
    private final RegistryTransport transport;
    private final long latestTtlNanos;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, RegisteredSchema>> lookupsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, TimedLatest> latestBySubject = new ConcurrentHashMap<>();

    public CachedSchemaRegistryClient(SchemaRegistryClientConfig config) {
        this.config = config;
        this.transport = new RegistryTransport(config);
        Duration ttl = config.latestCacheTtl();
        this.latestTtlNanos = ttl.toNanos();
    }

    @Override
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        RegistryRequest request = RegistryRequest.get(
                        "/subjects/" + RegistryRequest.segment(subject) + "/versions", "register schema")
                .aboutSubject(subject)
                .withBody("POST", schemaBody(schema));
        JsonNode answer = transport.send(request);
        int id = requiredInt(answer, "id", request);
        ids.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        Map<Schema, RegisteredSchema> lookups =
                lookupsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        RegisteredSchema cached = lookups.get(schema);
        if (cached != null) {
            return cached;
        }
        RegistryRequest request = RegistryRequest.get("/subjects/" + RegistryRequest.segment(subject), "look up schema")
                .aboutSubject(subject)
                .withBody("POST", schemaBody(schema));
        JsonNode answer = transport.send(request);
        RegisteredSchema found = new RegisteredSchema(
                subject, requiredInt(answer, "id", request), requiredInt(answer, "version", request), schema);
        lookups.put(schema, found);
        schemasById.putIfAbsent(found.id(), schema);
        return found;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        RegistryRequest request =
                RegistryRequest.get("/schemas/ids/" + id, "get schema").aboutId(id);
        Schema schema = parseSchema(transport.send(request), request);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        TimedLatest cached = latestBySubject.get(subject);
        if (cached != null && System.nanoTime() - cached.fetchedAtNanos() < latestTtlNanos) {
            return cached.schema();
        }
        RegisteredSchema latest = fetchVersion(subject, "latest");
        if (latestTtlNanos > 0) {
            latestBySubject.put(subject, new TimedLatest(latest, System.nanoTime()));
        }
        return latest;
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return fetchVersion(subject, Integer.toString(version));
    }

    private RegisteredSchema fetchVersion(String subject, String version) {
        RegistryRequest request = RegistryRequest.get(
                        "/subjects/" + RegistryRequest.segment(subject) + "/versions/" + version, "get schema")
                .aboutSubject(subject)
                .aboutVersion(version);
        JsonNode answer = transport.send(request);
        int id = requiredInt(answer, "id", request);
        Schema schema = schemasById.get(id);
        if (schema == null) {
            schema = parseSchema(answer, request);
            schemasById.putIfAbsent(id, schema);
        }
        return new RegisteredSchema(subject, id, requiredInt(answer, "version", request), schema);
    }

    @Override
    public List<Integer> versions(String subject) {
        RegistryRequest request = RegistryRequest.get(
                        "/subjects/" + RegistryRequest.segment(subject) + "/versions", "list versions")
                .aboutSubject(subject);
        return intList(transport.send(request));
    }

    @Override
    public CompatibilityCheck testCompatibility(String subject, Schema schema) {
        RegistryRequest request = RegistryRequest.get(
                        "/compatibility/subjects/" + RegistryRequest.segment(subject) + "/versions/latest?verbose=true",
                        "test compatibility of schema")
                .aboutSubject(subject)
                .withBody("POST", schemaBody(schema));
        JsonNode answer = transport.send(request);
        if (!answer.has("is_compatible")) {
            throw RegistryErrorClassifier.notJson(request, transport.endpoints().get(0), 200, answer.toString());
        }
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(message -> messages.add(message.asText()));
        return new CompatibilityCheck(answer.get("is_compatible").asBoolean(), messages);
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return compatibility(RegistryRequest.get("/config", "get global compatibility"));
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        transport.send(RegistryRequest.get("/config", "set global compatibility to " + level)
                .withBody("PUT", compatibilityBody(level)));
    }

    @Override
    public CompatibilityLevel subjectCompatibility(String subject) {
        return compatibility(RegistryRequest.get(
                        "/config/" + RegistryRequest.segment(subject) + "?defaultToGlobal=true", "get compatibility")
                .aboutSubject(subject));
    }

    @Override
    public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        transport.send(
                RegistryRequest.get("/config/" + RegistryRequest.segment(subject), "set compatibility to " + level)
                        .aboutSubject(subject)
                        .withBody("PUT", compatibilityBody(level)));
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        transport.send(RegistryRequest.get("/subjects", "list subjects")).forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        String path = "/subjects/" + RegistryRequest.segment(subject);
        List<Integer> deleted =
                intList(transport.send(new RegistryRequest("DELETE", path, null, "delete", subject, null, null)));
        if (permanent) {
            transport.send(new RegistryRequest(
                    "DELETE", path + "?permanent=true", null, "permanently delete", subject, null, null));
        }
        idsBySubject.remove(subject);
        lookupsBySubject.remove(subject);
        latestBySubject.remove(subject);
        return deleted;
    }

    @Override
    public void close() {
        idsBySubject.clear();
        lookupsBySubject.clear();
        latestBySubject.clear();
        schemasById.clear();
    }

    public SchemaRegistryClientConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "CachedSchemaRegistryClient{" + config + '}';
    }

    private CompatibilityLevel compatibility(RegistryRequest request) {
        JsonNode answer = transport.send(request);
        // Confluent answers GET with compatibilityLevel, PUT with compatibility; accept either
        JsonNode level = answer.hasNonNull("compatibilityLevel")
                ? answer.get("compatibilityLevel")
                : answer.get("compatibility");
        if (level == null) {
            throw RegistryErrorClassifier.notJson(request, transport.endpoints().get(0), 200, answer.toString());
        }
        return CompatibilityLevel.parse(level.asText());
    }

    private static String schemaBody(Schema schema) {
        // schemaType is left out for AVRO: registries older than Confluent 5.5 reject the field
        ObjectNode body = NODES.objectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private static String compatibilityBody(CompatibilityLevel level) {
        ObjectNode body = NODES.objectNode();
        body.put("compatibility", level.name());
        return body.toString();
    }

    private int requiredInt(JsonNode answer, String field, RegistryRequest request) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException(
                    request.describe() + " failed: the registry's answer has no integer '" + field + "': "
                            + RegistryErrorClassifier.excerpt(answer.toString()),
                    200,
                    200);
        }
        return value.asInt();
    }

    private static List<Integer> intList(JsonNode answer) {
        List<Integer> values = new ArrayList<>();
        answer.forEach(node -> values.add(node.asInt()));
        return values;
    }

    private static Schema parseSchema(JsonNode answer, RegistryRequest request) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(
                    request.describe() + " failed: the registry holds a " + type + " schema, not AVRO", 200, 200);
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException(
                    request.describe() + " failed: the registry's answer has no 'schema' string: "
                            + RegistryErrorClassifier.excerpt(answer.toString()),
                    200,
                    200);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            SchemaRegistryException error = new SchemaRegistryException(
                    request.describe() + " failed: the registry returned a schema Avro cannot parse: " + e.getMessage(),
                    200,
                    200);
            error.initCause(e);
            throw error;
        }
    }

    private record TimedLatest(RegisteredSchema schema, long fetchedAtNanos) {}
}
