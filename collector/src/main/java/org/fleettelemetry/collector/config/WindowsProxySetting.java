package org.fleettelemetry.collector.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The proxy the agent discovered, read on Windows from
 * {@code HKLM\SOFTWARE\F-Secure\Ultralight\Settings\proxy} (value {@code "value"}) with {@code reg query}.
 */
public final class WindowsProxySetting {
    public static final String KEY = "HKLM\\SOFTWARE\\F-Secure\\Ultralight\\Settings\\proxy";

    private WindowsProxySetting() {}

    /** The proxy as host:port, or empty when not on Windows, not set, or unreadable. */
    public static Optional<String> read() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return Optional.empty();
        }
        try {
            Process process = new ProcessBuilder("reg", "query", KEY, "/v", "value")
                    .redirectErrorStream(true)
                    .start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), Charset.defaultCharset());
            }
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return parseRegQuery(output);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Parses {@code reg query} output such as {@code "    value    REG_SZ    http://proxy.example.intern:3128"}. */
    static Optional<String> parseRegQuery(String output) {
        for (String line : output.split("\\R")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 3 && parts[0].equalsIgnoreCase("value") && parts[1].equalsIgnoreCase("REG_SZ")) {
                return normalise(parts[2]);
            }
        }
        return Optional.empty();
    }

    /** {@code http://host:port/} -> {@code host:port}; a value without a port gets 8080 as the agent assumes none. */
    static Optional<String> normalise(String url) {
        String v = url.trim();
        int scheme = v.indexOf("://");
        if (scheme >= 0) {
            v = v.substring(scheme + 3);
        }
        int slash = v.indexOf('/');
        if (slash >= 0) {
            v = v.substring(0, slash);
        }
        int at = v.lastIndexOf('@');
        if (at >= 0) {
            v = v.substring(at + 1);
        }
        return v.isBlank() ? Optional.empty() : Optional.of(v.toLowerCase(Locale.ROOT));
    }
}
