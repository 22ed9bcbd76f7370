package org.fleettelemetry.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The collector's documented JVM flags: collector/src/main/dist/jvm.options without its comments. */
final class CollectorJvmOptions {
    private CollectorJvmOptions() {}

    static List<String> flags() {
        Path file = Path.of(System.getProperty("basedir", "."), "..", "..", "collector", "src", "main", "dist", "jvm.options")
                .normalize();
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
