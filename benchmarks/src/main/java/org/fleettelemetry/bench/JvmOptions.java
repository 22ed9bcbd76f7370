package org.fleettelemetry.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A jvm.options file: one flag per line; blank lines and lines starting with # are skipped. */
final class JvmOptions {
    private JvmOptions() {}

    static List<String> read(Path file) {
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
