package org.fleettelemetry.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaValidationException;
import org.apache.avro.SchemaValidator;
import org.apache.avro.SchemaValidatorBuilder;

/**
 * A registry held in this process, with the Confluent registry's rules: one global id per distinct schema (the same
 * schema under two subjects has one id), versions numbered from 1 per subject, registration refused when the schema
 * breaks the subject's compatibility level (Avro's own schema validation: BACKWARD means the new schema reads the
 * old data), soft deletion before permanent deletion, and the Confluent error codes in its exceptions. For a
 * process that must encode and decode in the wire format without touching the shared registry: the streams app's
 * start-up warm-up runs its topology on synthetic records through one of these. Thread-safe.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final List<Schema> schemasById = new ArrayList<>(); // id = index + 1
    private final Map<String, Subject> subjects = new LinkedHashMap<>();
    private CompatibilityLevel global = CompatibilityLevel.BACKWARD;

    private static final class Subject {
        final List<Version> versions = new ArrayList<>();
        CompatibilityLevel level;
        int lastVersion;
    }

    private record Version(int number, int id, boolean deleted) {}

    @Override
    public synchronized int register(String subject, Schema schema) {
        Subject s = subjects.computeIfAbsent(subject, k -> new Subject());
        Integer known = idsByText.get(schema.toString());
        for (Version v : s.versions) {
            if (!v.deleted && known != null && v.id == known) {
                return v.id;
            }
        }
        CompatibilityCheck check = check(subject, s, schema);
        if (!check.compatible()) {
            throw new IncompatibleSchemaException(
                    "schema being registered is incompatible with an earlier schema for subject \"" + subject + "\": "
                            + String.join("; ", check.messages()),
                    409,
                    409);
        }
        int id = known != null ? known : newId(schema);
        s.lastVersion++;
        s.versions.add(new Version(s.lastVersion, id, false));
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        Subject s = live(subject);
        Integer id = idsByText.get(schema.toString());
        for (Version v : s.versions) {
            if (!v.deleted && id != null && v.id == id) {
                return registered(subject, v);
            }
        }
        throw new SchemaNotFoundException("schema not found under subject " + subject, 404, 40403);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemasById.size()) {
            throw new SchemaNotFoundException("schema " + id + " not found", 404, 40403);
        }
        return schemasById.get(id - 1);
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Version> versions = liveVersions(live(subject));
        return registered(subject, versions.get(versions.size() - 1));
    }

    @Override
    public synchronized RegisteredSchema version(String subject, int version) {
        for (Version v : live(subject).versions) {
            if (!v.deleted && v.number == version) {
                return registered(subject, v);
            }
        }
        throw new VersionNotFoundException("version " + version + " of subject " + subject + " not found", 404, 40402);
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return liveVersions(live(subject)).stream().map(Version::number).toList();
    }

    @Override
    public synchronized CompatibilityCheck testCompatibility(String subject, Schema schema) {
        Subject s = subjects.get(subject);
        return s == null ? new CompatibilityCheck(true, List.of()) : check(subject, s, schema);
    }

    @Override
    public synchronized CompatibilityLevel globalCompatibility() {
        return global;
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        global = Objects.requireNonNull(level, "level");
    }

    @Override
    public synchronized CompatibilityLevel subjectCompatibility(String subject) {
        Subject s = subjects.get(subject);
        return s == null || s.level == null ? global : s.level;
    }

    @Override
    public synchronized void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        subjects.computeIfAbsent(subject, k -> new Subject()).level = Objects.requireNonNull(level, "level");
    }

    @Override
    public synchronized List<String> subjects() {
        return subjects.entrySet().stream()
                .filter(e -> !liveVersions(e.getValue()).isEmpty())
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * As the registries do: a soft delete hides the versions (their ids still resolve, since records carry them), a
     * permanent one removes versions already soft-deleted and is refused while any is still live.
     */
    @Override
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        Subject s = subjects.get(subject);
        if (s == null || s.versions.isEmpty()) {
            throw new SubjectNotFoundException("subject " + subject + " not found", 404, 40401);
        }
        List<Integer> numbers = new ArrayList<>();
        if (permanent) {
            if (!liveVersions(s).isEmpty()) {
                throw new SchemaRegistryException(
                        "subject " + subject + " was not deleted first before being permanently deleted", 404, 40405);
            }
            s.versions.forEach(v -> numbers.add(v.number));
            subjects.remove(subject);
            return numbers;
        }
        List<Version> live = liveVersions(s);
        if (live.isEmpty()) {
            throw new SubjectNotFoundException("subject " + subject + " not found", 404, 40401);
        }
        s.versions.replaceAll(v -> v.deleted ? v : new Version(v.number, v.id, true));
        live.forEach(v -> numbers.add(v.number));
        return numbers;
    }

    @Override
    public void close() {}

    private int newId(Schema schema) {
        schemasById.add(schema);
        int id = schemasById.size();
        idsByText.put(schema.toString(), id);
        return id;
    }

    private Subject live(String subject) {
        Subject s = subjects.get(subject);
        if (s == null || liveVersions(s).isEmpty()) {
            throw new SubjectNotFoundException("subject " + subject + " not found", 404, 40401);
        }
        return s;
    }

    private static List<Version> liveVersions(Subject s) {
        return s.versions.stream().filter(v -> !v.deleted).toList();
    }

    private RegisteredSchema registered(String subject, Version v) {
        return new RegisteredSchema(subject, v.id, v.number, schemasById.get(v.id - 1));
    }

    /** Against the latest live version, or every live one for a TRANSITIVE level; NONE checks nothing. */
    private CompatibilityCheck check(String subject, Subject s, Schema schema) {
        CompatibilityLevel level = s.level == null ? global : s.level;
        List<Version> live = liveVersions(s);
        if (level == CompatibilityLevel.NONE || live.isEmpty()) {
            return new CompatibilityCheck(true, List.of());
        }
        SchemaValidatorBuilder builder = new SchemaValidatorBuilder();
        builder = switch (level) {
            case BACKWARD, BACKWARD_TRANSITIVE -> builder.canReadStrategy();
            case FORWARD, FORWARD_TRANSITIVE -> builder.canBeReadStrategy();
            default -> builder.mutualReadStrategy();
        };
        boolean transitive = level.name().endsWith("_TRANSITIVE");
        SchemaValidator validator = transitive ? builder.validateAll() : builder.validateLatest();
        List<Schema> existing = new ArrayList<>();
        for (int i = live.size() - 1; i >= 0; i--) { // newest first, as the validator expects
            existing.add(schemasById.get(live.get(i).id - 1));
        }
        try {
            validator.validate(schema, existing);
            return new CompatibilityCheck(true, List.of());
        } catch (SchemaValidationException e) {
            return new CompatibilityCheck(false, List.of(level + ": " + e.getMessage()));
        }
    }
}
