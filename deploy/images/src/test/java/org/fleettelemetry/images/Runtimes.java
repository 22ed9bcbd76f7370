package org.fleettelemetry.images;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code java -version} output. */
final class Runtimes {
    private static final Pattern VERSION = Pattern.compile("version \"(\\d+)");

    private Runtimes() {}

    static int featureVersion(String javaVersionOutput) {
        Matcher m = VERSION.matcher(javaVersionOutput);
        if (!m.find()) {
            throw new IllegalArgumentException("no version in: " + javaVersionOutput);
        }
        return Integer.parseInt(m.group(1));
    }
}
