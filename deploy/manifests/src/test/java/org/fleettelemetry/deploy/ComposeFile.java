package org.fleettelemetry.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compose file as Compose reads it: merge keys resolved, variables interpolated. deploy/compose/compose.yaml runs
 * without a {@code .env} file: {@code ${VAR:-default}} becomes its default, and a variable without one is an error.
 * compose.secure.yaml takes its passwords from a {@code .env} ({@code ${VAR:?message}}: Compose refuses to start
 * without it); it is read with {@code secure.env.example} as that file.
 */
final class ComposeFile {
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    /** One service, its values interpolated with the file's environment. */
    record Service(String name, Map<String, Object> spec, Map<String, String> env) {
        Service(String name, Map<String, Object> spec) {
            this(name, spec, Map.of());
        }

        private String interpolate(String value) {
            return ComposeFile.interpolate(value, env);
        }

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
            Map<String, String> container = new LinkedHashMap<>();
            Object raw = spec.get("environment");
            if (raw instanceof Map<?, ?>) {
                Node.asMap(raw, name + ".environment")
                        .forEach((k, v) -> container.put(k, v == null ? "" : interpolate(v.toString())));
            } else if (raw != null) {
                for (Object item : Node.asList(raw, name + ".environment")) {
                    String s = item.toString();
                    int eq = s.indexOf('=');
                    container.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : interpolate(s.substring(eq + 1)));
                }
            }
            return container;
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
    private final Map<String, String> env;

    private ComposeFile(Map<String, Object> doc, Map<String, String> env) {
        this.doc = doc;
        this.env = Map.copyOf(env);
    }

    /** compose.yaml, without a .env. */
    static ComposeFile load() {
        return load(DeployDir.composeFile(), Map.of());
    }

    /** compose.secure.yaml with secure.env.example as its .env. */
    static ComposeFile loadSecure() {
        return load(DeployDir.composeSecureFile(), envFile(DeployDir.secureEnvExample()));
    }

    static ComposeFile load(Path file, Map<String, String> env) {
        List<Map<String, Object>> docs = YamlDocs.load(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file.getFileName() + " must hold one document, has " + docs.size());
        }
        return new ComposeFile(docs.get(0), env);
    }

    /** A .env file: {@code NAME=value} lines; blank lines and {@code #} comments skipped. */
    static Map<String, String> envFile(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            for (String line : java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int eq = t.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(file + ": not NAME=value: " + line);
                }
                env.put(t.substring(0, eq), t.substring(eq + 1));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return env;
    }

    /** The named volumes the file declares. */
    java.util.Set<String> volumes() {
        return Node.mapOrEmpty(doc, "volumes").keySet();
    }

    Map<String, Service> services() {
        Map<String, Service> services = new LinkedHashMap<>();
        Node.map(doc, "services")
                .forEach((name, spec) -> services.put(name, new Service(name, Node.asMap(spec, name), env)));
        return services;
    }

    Service service(String name) {
        Service s = services().get(name);
        if (s == null) {
            throw new IllegalArgumentException("the compose file has no service " + name);
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
        return interpolate(value, Map.of());
    }

    /** As Compose does: {@code $$}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:?message}} (and without colon). */
    static String interpolate(String value, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            String name = m.group(1);
            String operator = m.group(2);
            String set = name == null ? null : env.get(name);
            boolean given = set != null && (operator == null || !operator.startsWith(":") || !set.isEmpty());
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (given) {
                replacement = set;
            } else if (operator != null && operator.endsWith("-")) {
                replacement = m.group(3);
            } else if (operator != null) {
                throw new IllegalArgumentException("${" + name + "} is required: " + m.group(3));
            } else {
                throw new IllegalArgumentException("compose.yaml: ${" + name + "} has no default, so the file "
                        + "does not run without a .env: write ${" + name + ":-value}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
