package org.fleettelemetry.schemas.registry;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API the pipeline, its tools and its ITs use;
 * works against Confluent, Apicurio ({@code /apis/ccompat/v7}), Karapace and Redpanda. Instances
 * are thread-safe and meant to be shared. Failures: {@link RegistryUnavailableException}
 * (retriable) when no URL answers, {@link SchemaRegistryException} subclasses (permanent) for 4xx.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** A caching HTTP client configured from Confluent-style keys, see {@link SchemaRegistryClientConfig}. */
    static SchemaRegistryClient create(Map<String, ?> configs) {
        return new CachedSchemaRegistryClient(SchemaRegistryClientConfig.from(configs));
    }

    /** Registers the schema under the subject (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** Finds the schema among the subject's versions without registering it. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** The schema with this global id. */
    Schema schemaById(int id);

    /** The subject's latest version; cached for {@code latest.cache.ttl.sec}. */
    RegisteredSchema latest(String subject);

    /** One version of the subject. */
    RegisteredSchema version(String subject, int version);

    /** The subject's version numbers, oldest first. */
    List<Integer> versions(String subject);

    /** Asks whether the schema could be registered as the subject's next version. */
    CompatibilityCheck testCompatibility(String subject, Schema schema);

    CompatibilityLevel globalCompatibility();

    void setGlobalCompatibility(CompatibilityLevel level);

    /** The subject's level, or the global one when the subject has none of its own. */
    CompatibilityLevel subjectCompatibility(String subject);

    void setSubjectCompatibility(String subject, CompatibilityLevel level);

    List<String> subjects();

    /**
     * Deletes all versions of the subject and returns their numbers; {@code permanent} also removes
     * them for good (soft delete first, as the registries require).
     */
    List<Integer> deleteSubject(String subject, boolean permanent);

    @Override
    void close();
}
