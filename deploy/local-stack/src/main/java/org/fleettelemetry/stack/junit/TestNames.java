package org.fleettelemetry.stack.junit;

import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Topic names and application ids derived from the test's own name, so tests never share state. */
public final class TestNames {
    private TestNames() {}

    /** {@code it.<TestClass>.<method>.<suffix>}, limited to Kafka's legal characters. */
    public static String of(ExtensionContext context, String suffix) {
        String cls = context.getRequiredTestClass().getSimpleName();
        String method = context.getTestMethod().map(m -> m.getName()).orElse("all");
        return sanitize("it." + cls + "." + method + "." + suffix);
    }

    public static String of(Class<?> testClass, String method, String suffix) {
        return sanitize("it." + testClass.getSimpleName() + "." + method + "." + suffix);
    }

    static String sanitize(String raw) {
        String cleaned = raw.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned.toLowerCase(Locale.ROOT);
    }
}
