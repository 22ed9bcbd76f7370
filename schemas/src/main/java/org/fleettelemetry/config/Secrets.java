package org.fleettelemetry.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Masks secret values before a config is logged or printed. */
public final class Secrets {
    private static final String[] SECRET_WORDS = {"password", "secret", "jaas", "token", "user.info", "key"};

    private Secrets() {}

    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (k.contains(word) && !k.endsWith(".type") && !k.endsWith(".location") && !k.endsWith("algorithm")) {
                return true;
            }
        }
        return false;
    }

    public static Map<String, String> mask(Map<String, String> values) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, isSecretKey(k) ? "****" : v));
        return out;
    }

    /** {@code http://user:pass@host} -> {@code http://user:****@host}, for every comma-separated URL. */
    public static String maskUrl(String urls) {
        if (urls == null) {
            return null;
        }
        return urls.replaceAll("://([^:/@,]+):([^@/,]+)@", "://$1:****@");
    }
}
