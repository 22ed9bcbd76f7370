package org.fleettelemetry.deploy;

import java.util.List;
import java.util.Map;

/** Typed steps through parsed YAML, failing with the path that was expected when the shape is wrong. */
final class Node {
    private Node() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String where) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(where + ": expected a mapping, got " + describe(value));
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object value, String where) {
        if (!(value instanceof List<?>)) {
            throw new IllegalArgumentException(where + ": expected a list, got " + describe(value));
        }
        return (List<Object>) value;
    }

    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return asMap(parent.get(key), key);
    }

    static Map<String, Object> mapOrEmpty(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        return v == null ? Map.of() : asMap(v, key);
    }

    static List<Object> list(Map<String, Object> parent, String key) {
        return asList(parent.get(key), key);
    }

    static List<Object> listOrEmpty(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        return v == null ? List.of() : asList(v, key);
    }

    /** A scalar as text (YAML numbers and booleans too, as Kubernetes and Compose read them into strings). */
    static String text(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        if (v == null || v instanceof Map<?, ?> || v instanceof List<?>) {
            throw new IllegalArgumentException(key + ": expected a scalar, got " + describe(v));
        }
        return v.toString();
    }

    static String textOrNull(Map<String, Object> parent, String key) {
        return parent.get(key) == null ? null : text(parent, key);
    }

    /** Follows keys through nested mappings: {@code at(doc, "spec", "template", "spec")}. */
    static Map<String, Object> at(Map<String, Object> root, String... keys) {
        Map<String, Object> current = root;
        StringBuilder path = new StringBuilder();
        for (String key : keys) {
            path.append('.').append(key);
            current = asMap(current.get(key), path.toString());
        }
        return current;
    }

    private static String describe(Object v) {
        return v == null ? "nothing" : v.getClass().getSimpleName() + " " + v;
    }
}
