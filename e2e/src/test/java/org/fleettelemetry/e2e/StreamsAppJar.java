package org.fleettelemetry.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The streams app's runnable jar, as {@code mvn package} leaves it (the reactor packages streams-app before e2e). */
final class StreamsAppJar {
    private StreamsAppJar() {}

    static Path path() {
        Path jar = Path.of(System.getProperty("basedir", "."), "..", "streams-app", "target", "streams-app.jar")
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the ITs through mvn verify, which packages it first");
        }
        return jar;
    }
}
