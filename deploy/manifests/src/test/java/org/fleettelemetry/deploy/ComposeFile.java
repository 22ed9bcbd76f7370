package org.fleettelemetry.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * deploy/compose/compose.yaml as Compose reads it without a {@code .env} file: merge keys resolved,
 * {@code ${VAR:-default}} replaced by its default (a variable without one is an error: the file must run as is).
 */
final class ComposeFile {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

    /** One service, its values interpolated. */
    record Service(String name, Map<String, Object> spec) {
        String image() {
            return interpolate(Node.text(spec, "image"));
        }

        /** The container's command (what follows the image's entrypoint). */
        List<String> command() {
            return Node.list(spec, "command").stream()
                    .map(o -> interpolate(o.toString()))
                    .toList();
        }

        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            Object raw = spec.get("environment");
            if (raw instanceof Map<?, ?>) {
                Node.asMap(raw, name + ".environment")
                        .forEach((k, v) -> env.put(k, v == null ? "" : interpolate(v.toString())));
            } else if (raw != null) {
                for (Object item : Node.asList(raw, name + ".environment")) {
                    String s = item.toString();
                    int eq = s.indexOf('=');
                    env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : interpolate(s.substring(eq + 1)));
                }
            }
            return env;
        }

        /** The host file or named volume mounted at a container path. */
        Optional<String> mountSource(String containerPath) {
            for (Object v : Node.listOrEmpty(spec, "volumes")) {
                String[] parts = interpolate(v.toString()).split(":");
                if (parts.length >= 2 && parts[1].equals(containerPath)) {
                    return Optional.of(parts[0]);
                }
            }
            return Optional.empty();
        }

        /** Container ports published to the host ({@code [ip:]host:container}). */
        List<Integer> publishedContainerPorts() {
            return Node.listOrEmpty(spec, "ports").stream()
                    .map(p -> {
                        String[] parts = interpolate(p.toString()).split(":");
                        return Integer.parseInt(parts[parts.length - 1].replace("/tcp", ""));
                    })
                    .toList();
        }

        String hostname() {
            return spec.containsKey("hostname") ? Node.text(spec, "hostname") : name;
        }
    }

    private final Map<String, Object> doc;

    private ComposeFile(Map<String, Object> doc) {
        this.doc = doc;
    }

    static ComposeFile load() {
        List<Map<String, Object>> docs = YamlDocs.load(DeployDir.composeFile());
        if (docs.size() != 1) {
            throw new IllegalArgumentException("compose.yaml must hold one document, has " + docs.size());
        }
        return new ComposeFile(docs.get(0));
    }

    Map<String, Service> services() {
        Map<String, Service> services = new LinkedHashMap<>();
        Node.map(doc, "services")
                .forEach((name, spec) -> services.put(name, new Service(name, Node.asMap(spec, name))));
        return services;
    }

    Service service(String name) {
        Service s = services().get(name);
        if (s == null) {
            throw new IllegalArgumentException("compose.yaml has no service " + name);
        }
        return s;
    }

    /** Services running one of our images, {@code fleet-telemetry/<app>:<version>}. */
    List<Service> servicesOfApp(String app) {
        return services().values().stream()
                .filter(s -> s.image().startsWith("fleet-telemetry/" + app + ":"))
                .toList();
    }

    /** A path in a volume entry ({@code ./config/x}) on this machine. */
    static Path hostPath(String source) {
        return DeployDir.compose().resolve(source).normalize();
    }

    static String interpolate(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(2) != null) {
                replacement = m.group(2);
            } else {
                throw new IllegalArgumentException("compose.yaml: ${" + m.group(1) + "} has no default, so the file "
                        + "does not run without a .env: write ${" + m.group(1) + ":-value}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
