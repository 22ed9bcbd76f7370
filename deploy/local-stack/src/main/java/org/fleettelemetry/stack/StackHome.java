package org.fleettelemetry.stack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the stack's binaries are: the broker's jars ({@code broker-lib/}) and the registry's
 * distribution ({@code apicurio/}), both laid out by this module's build under {@code target/stack}.
 */
public final class StackHome {
    public static final String PROPERTY = "stack.home";

    private final Path dir;

    private StackHome(Path dir) {
        this.dir = dir;
    }

    /** The {@code stack.home} system property if set, else {@code target/stack} beside this module's classes or jar. */
    public static StackHome locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured, "broker-lib"))) {
            return new StackHome(Path.of(configured).toAbsolutePath());
        }
        Path target = codeLocation().getParent();
        Path candidate = target.resolve("stack");
        if (!Files.isDirectory(candidate.resolve("broker-lib"))) {
            throw new IllegalStateException("local stack binaries not found at " + candidate + " (nor via -D" + PROPERTY
                    + "): build them with ./mvnw -pl deploy/local-stack generate-resources");
        }
        return new StackHome(candidate);
    }

    private static Path codeLocation() {
        try {
            return Path.of(StackHome.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the local-stack classes", e);
        }
    }

    public Path brokerLib() {
        return dir.resolve("broker-lib");
    }

    public Path registryJar() {
        Path apicurio = dir.resolve("apicurio");
        try (var files = Files.list(apicurio)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + apicurio));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot list " + apicurio, e);
        }
    }

    public Path dir() {
        return dir;
    }
}
