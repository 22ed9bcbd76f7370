package org.fleettelemetry.schemas.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.fleettelemetry.config.ConfigReader;
import org.fleettelemetry.schemas.Topics;
import org.fleettelemetry.schemas.avro.AlertAction;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;

/**
 * Registers every contract the apps write, once, by the deploy step: where the registry only lets its admin register
 * (the secure stack), the collectors and the streams app run with {@code auto.register.schemas=false} and {@code
 * use.latest.version=true} and find their subjects here. The subjects are the topics' value subjects
 * (TopicNameStrategy, the serde's default); the dead-letter topic carries raw bytes and the streams app's internal
 * topics its own codecs, so neither has a subject. Idempotent: a schema already registered keeps its id and version.
 */
public final class SchemaRegistration {
    /** The project's level (schemas/EVOLUTION.md); the local stack and compose set it globally too. */
    public static final CompatibilityLevel DEFAULT_COMPATIBILITY = CompatibilityLevel.BACKWARD;

    /** A contract: the config key naming its topic, the topic's default name and the schema written there. */
    public record Contract(String topicKey, String defaultTopic, Schema schema) {}

    public static final List<Contract> CONTRACTS = List.of(
            new Contract("topic.events", Topics.EVENTS, EndpointEvent.getClassSchema()),
            new Contract("topic.heartbeats", Topics.HEARTBEATS, EndpointHeartbeat.getClassSchema()),
            new Contract("topic.alerts", Topics.ALERTS, ConnectivityAlert.getClassSchema()),
            new Contract("topic.actions", Topics.ACTIONS, AlertAction.getClassSchema()));

    /** What happened to one subject. */
    public record Outcome(
            String subject, String record, int id, int version, CompatibilityLevel compatibility, boolean registered) {
        @Override
        public String toString() {
            return subject + "  " + record + "  id " + id + "  version " + version + "  " + compatibility + "  "
                    + (registered ? "(registered now)" : "(already registered)");
        }
    }

    /** The tool's settings: the registry client's, the topic names, and the subjects' compatibility level. */
    public record Settings(
            String registryUrl,
            Map<String, String> registry,
            Map<String, String> topicByKey,
            CompatibilityLevel compatibility) {
        public Settings {
            registry = Map.copyOf(registry);
            topicByKey = Map.copyOf(topicByKey);
            Objects.requireNonNull(compatibility, "compatibility");
        }

        /**
         * From a flat map ({@code --config}, the environment, {@code --set}): {@code schema.registry.url} (required),
         * the registry client keys, {@code topic.events}, {@code topic.heartbeats}, {@code topic.alerts}, {@code
         * topic.actions}, {@code compatibility}; unknown keys and bad values are refused by name.
         */
        public static Settings from(Map<String, String> values) {
            ConfigReader r = new ConfigReader(values);
            String url = r.required(SchemaRegistryClientConfig.URL);
            Map<String, String> registry = RegistrySettings.read(r, url);
            Map<String, String> topics = new LinkedHashMap<>();
            for (Contract contract : CONTRACTS) {
                topics.put(contract.topicKey(), r.string(contract.topicKey(), contract.defaultTopic()));
            }
            CompatibilityLevel level = DEFAULT_COMPATIBILITY;
            String given = r.string("compatibility", null);
            if (given != null) {
                try {
                    level = CompatibilityLevel.parse(given);
                } catch (IllegalArgumentException e) {
                    r.problem("compatibility='" + given + "' is invalid: one of "
                            + java.util.Arrays.toString(CompatibilityLevel.values()));
                }
            }
            r.finish();
            return new Settings(url, registry, topics, level);
        }

        /** The registry client's config map. */
        public Map<String, Object> clientConfig() {
            Map<String, Object> c = new LinkedHashMap<>(registry);
            c.put(SchemaRegistryClientConfig.URL, registryUrl);
            return c;
        }
    }

    private SchemaRegistration() {}

    /**
     * Registers each contract under its topic's value subject and gives the subject {@code level}; stops at the first
     * refusal (a {@link SchemaRegistryException} naming the subject and the registry's answer).
     */
    public static List<Outcome> register(
            SchemaRegistryClient client, Map<String, String> topicByKey, CompatibilityLevel level) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Contract contract : CONTRACTS) {
            String topic = topicByKey.getOrDefault(contract.topicKey(), contract.defaultTopic());
            String subject = topic + "-value";
            try {
                outcomes.add(registerOne(client, subject, contract.schema(), level));
            } catch (SchemaRegistryException e) {
                SchemaRegistryException named = new SchemaRegistryException(
                        "registering " + contract.schema().getFullName() + " under subject '" + subject + "' failed: "
                                + e.getMessage(),
                        e.httpStatus(),
                        e.errorCode());
                named.initCause(e);
                throw named;
            }
        }
        return outcomes;
    }

    private static Outcome registerOne(
            SchemaRegistryClient client, String subject, Schema schema, CompatibilityLevel level) {
        boolean existed = isRegistered(client, subject, schema);
        int id = client.register(subject, schema);
        if (client.subjectCompatibility(subject) != level) {
            client.setSubjectCompatibility(subject, level);
        }
        RegisteredSchema registered = client.lookup(subject, schema);
        return new Outcome(
                subject,
                schema.getFullName(),
                id,
                registered.version(),
                client.subjectCompatibility(subject),
                !existed);
    }

    private static boolean isRegistered(SchemaRegistryClient client, String subject, Schema schema) {
        try {
            client.lookup(subject, schema);
            return true;
        } catch (SubjectNotFoundException | SchemaNotFoundException e) {
            return false;
        }
    }
}
