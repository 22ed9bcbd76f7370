package org.fleettelemetry.schemas.serde;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Resolves a {@code key.subject.name.strategy} / {@code value.subject.name.strategy} value: Confluent's
 * class names map to our equivalents so existing configs keep working; short names, our class
 * names, a {@link Class} or an instance are accepted too.
 */
final class SubjectNameStrategies {

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

    private static final Map<String, SubjectNameStrategy> KNOWN = Map.of(
            "TopicNameStrategy", new TopicNameStrategy(),
            "RecordNameStrategy", new RecordNameStrategy(),
            "TopicRecordNameStrategy", new TopicRecordNameStrategy());

    private SubjectNameStrategies() {}

    static SubjectNameStrategy resolve(String key, Object value) {
        if (value == null) {
            return KNOWN.get("TopicNameStrategy");
        }
        if (value instanceof SubjectNameStrategy strategy) {
            return strategy;
        }
        if (value instanceof Class<?> type) {
            return instantiate(key, type);
        }
        String name = value.toString().trim();
        String shortName = name.startsWith(CONFLUENT_PACKAGE) ? name.substring(CONFLUENT_PACKAGE.length()) : name;
        if (shortName.startsWith(SubjectNameStrategies.class.getPackageName() + ".")) {
            shortName = shortName.substring(
                    SubjectNameStrategies.class.getPackageName().length() + 1);
        }
        SubjectNameStrategy known = KNOWN.get(shortName);
        if (known != null) {
            return known;
        }
        try {
            return instantiate(
                    key, Class.forName(name, true, Thread.currentThread().getContextClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(
                    key,
                    value,
                    "expected TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy (short or Confluent class"
                            + " name) or a class implementing " + SubjectNameStrategy.class.getName());
        }
    }

    private static SubjectNameStrategy instantiate(String key, Class<?> type) {
        SubjectNameStrategy known = KNOWN.get(type.getSimpleName());
        if (known != null && known.getClass() == type) {
            return known;
        }
        if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
            throw new ConfigException(key, type.getName(), "does not implement " + SubjectNameStrategy.class.getName());
        }
        try {
            return (SubjectNameStrategy) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new ConfigException(key, type.getName(), "cannot be instantiated: " + cause);
        }
    }
}
