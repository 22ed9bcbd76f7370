package org.fleettelemetry.collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A jvm.options file ({@code src/main/dist/jvm.options}: the flags the collector is measured and shipped with): one
 * flag per line; blank lines and lines starting with # are skipped. The benchmarks start the collector with these
 * flags, and the image and Windows service tests check that they use the same list.
 */
public final class JvmOptions {
    private JvmOptions() {}

    public static List<String> read(Path file) {
        try {
            List<String> flags = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String flag = line.strip();
                if (!flag.isEmpty() && !flag.startsWith("#")) {
                    flags.add(flag);
                }
            }
            return flags;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the collector's JVM options " + file, e);
        }
    }
}
