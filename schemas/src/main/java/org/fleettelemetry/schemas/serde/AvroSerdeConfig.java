package org.fleettelemetry.schemas.serde;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * The serde's own settings, read with Confluent's key names from the map Kafka passes to {@code
 * configure}. Registry connection keys are read by {@code SchemaRegistryClientConfig}.
 */
public final class AvroSerdeConfig {

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

    private final boolean autoRegisterSchemas;
    private final boolean useLatestVersion;
    private final SubjectNameStrategy subjectNameStrategy;
    private final boolean specificAvroReader;

    private AvroSerdeConfig(
            boolean autoRegisterSchemas,
            boolean useLatestVersion,
            SubjectNameStrategy subjectNameStrategy,
            boolean specificAvroReader) {
        this.autoRegisterSchemas = autoRegisterSchemas;
        this.useLatestVersion = useLatestVersion;
        this.subjectNameStrategy = subjectNameStrategy;
        this.specificAvroReader = specificAvroReader;
    }

    /** Confluent's defaults: auto-register, no latest version, TopicNameStrategy, generic reader. */
    public static AvroSerdeConfig defaults() {
        return new AvroSerdeConfig(true, false, new TopicNameStrategy(), false);
    }

    public static AvroSerdeConfig from(Map<String, ?> configs, boolean isKey) {
        boolean autoRegister = bool(configs, AUTO_REGISTER_SCHEMAS, true);
        boolean useLatest = bool(configs, USE_LATEST_VERSION, false);
        if (autoRegister && useLatest) {
            // Confluent silently lets auto-register win; a config asking for both is a mistake to report
            throw new ConfigException(USE_LATEST_VERSION + "=true needs " + AUTO_REGISTER_SCHEMAS
                    + "=false: the serializer either registers its own schema or writes with the latest one");
        }
        String strategyKey = isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
        SubjectNameStrategy strategy = SubjectNameStrategies.resolve(strategyKey, configs.get(strategyKey));
        return new AvroSerdeConfig(autoRegister, useLatest, strategy, bool(configs, SPECIFIC_AVRO_READER, false));
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
        Object raw = configs.get(key);
        if (raw == null) {
            return defaultValue;
        }
        if (raw instanceof Boolean value) {
            return value;
        }
        String text = raw.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        throw new ConfigException(key, raw, "expected true or false");
    }

    public boolean autoRegisterSchemas() {
        return autoRegisterSchemas;
    }

    public boolean useLatestVersion() {
        return useLatestVersion;
    }

    public SubjectNameStrategy subjectNameStrategy() {
        return subjectNameStrategy;
    }

    public boolean specificAvroReader() {
        return specificAvroReader;
    }

    @Override
    public String toString() {
        return "AvroSerdeConfig{autoRegisterSchemas=" + autoRegisterSchemas
                + ", useLatestVersion=" + useLatestVersion
                + ", subjectNameStrategy=" + subjectNameStrategy.getClass().getSimpleName()
                + ", specificAvroReader=" + specificAvroReader + '}';
    }
}
