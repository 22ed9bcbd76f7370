package org.fleettelemetry.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: literal values, {@code $(VAR)} references to earlier entries
 * expanded, the pod's own fields from {@code fieldRef}. Secret values are unknown here: they become a marker naming
 * the Secret and key, so a config class still sees the key set (and validates its name).
 */
final class PodEnv {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    static final String SECRET_MARKER = "secret:";

    /** The value a Secret's key stands for here. */
    static String secretMarker(String secret, String key) {
        return SECRET_MARKER + secret + "/" + key;
    }

    /** A reference to a Secret's key from an env entry. */
    record SecretRef(String envName, String secret, String key) {}

    private PodEnv() {}

    static Map<String, String> resolve(List<Object> env, String podName, String namespace) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Object entry : env) {
            Map<String, Object> e = Node.asMap(entry, "env entry");
            String name = Node.text(e, "name");
            if (e.containsKey("value")) {
                values.put(name, expand(Node.text(e, "value"), values));
                continue;
            }
            Map<String, Object> from = Node.map(e, "valueFrom");
            if (from.containsKey("fieldRef")) {
                String field = Node.text(Node.map(from, "fieldRef"), "fieldPath");
                values.put(
                        name,
                        switch (field) {
                            case "metadata.name" -> podName;
                            case "metadata.namespace" -> namespace;
                            default ->
                                throw new IllegalArgumentException(
                                        name + ": fieldRef " + field + " is not modelled here");
                        });
            } else if (from.containsKey("secretKeyRef")) {
                Map<String, Object> ref = Node.map(from, "secretKeyRef");
                values.put(name, secretMarker(Node.text(ref, "name"), Node.text(ref, "key")));
            } else {
                throw new IllegalArgumentException(name + ": valueFrom " + from.keySet() + " is not modelled here");
            }
        }
        return values;
    }

    static List<SecretRef> secretRefs(List<Object> env) {
        return env.stream()
                .map(entry -> Node.asMap(entry, "env entry"))
                .filter(e -> e.get("valueFrom") instanceof Map<?, ?> from && from.containsKey("secretKeyRef"))
                .map(e -> {
                    Map<String, Object> ref = Node.at(e, "valueFrom", "secretKeyRef");
                    return new SecretRef(Node.text(e, "name"), Node.text(ref, "name"), Node.text(ref, "key"));
                })
                .toList();
    }

    /** As Kubernetes does: a reference to a variable not defined earlier stays as written. */
    private static String expand(String value, Map<String, String> earlier) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = earlier.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
