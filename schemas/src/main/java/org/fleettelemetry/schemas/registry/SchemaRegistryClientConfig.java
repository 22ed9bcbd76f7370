package org.fleettelemetry.schemas.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Typed, immutable registry client settings read from a Kafka-style config map with Confluent's
 * key names, so the same map a producer or Streams app gets can configure the client. Keys this
 * class does not know are ignored on purpose: Kafka hands serdes the whole client config.
 */
public final class SchemaRegistryClientConfig {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /**
     * Confluent's serde takes its client keys under {@code schema.registry.} too, so each basic auth key has a second
     * spelling. Either is read; both may be given when they agree, and a config where they disagree is refused
     * (Confluent lets the short one win silently, which hides a stale password).
     */
    public static final String CLIENT_PREFIX = "schema.registry.";

    public static final String SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE =
            CLIENT_PREFIX + BASIC_AUTH_CREDENTIALS_SOURCE;
    public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO = CLIENT_PREFIX + BASIC_AUTH_USER_INFO;
    /** The basic auth keys in both spellings: the ones an application's own config accepts besides {@link #URL}. */
    public static final List<String> BASIC_AUTH_KEYS = List.of(
            BASIC_AUTH_CREDENTIALS_SOURCE,
            BASIC_AUTH_USER_INFO,
            SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE,
            SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);

    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
    /** The trust store an https URL is checked against (Confluent's keys): JKS (default), PKCS12 or PEM. */
    public static final String SSL_TRUSTSTORE_LOCATION = RegistryTrust.LOCATION;

    public static final String SSL_TRUSTSTORE_PASSWORD = RegistryTrust.PASSWORD;
    public static final String SSL_TRUSTSTORE_TYPE = RegistryTrust.TYPE;

    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 5000;
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 200;
    public static final long DEFAULT_RETRY_BACKOFF_MAX_MS = 5000;
    public static final long DEFAULT_LATEST_CACHE_TTL_SEC = 30;

    /** Where Basic auth credentials come from, as in Confluent's {@code basic.auth.credentials.source}. */
    public enum CredentialsSource {
        /** {@code user:password@} inside each URL (Confluent's default). */
        URL,
        /** {@code basic.auth.user.info=user:password}, sent to every URL. */
        USER_INFO
    }

    private final List<RegistryEndpoint> endpoints;
    private final CredentialsSource credentialsSource;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final Duration retryBackoffMax;
    private final Duration latestCacheTtl;
    private final RegistryTrust trust;

    private SchemaRegistryClientConfig(
            List<RegistryEndpoint> endpoints,
            CredentialsSource credentialsSource,
            Duration requestTimeout,
            int maxRetries,
            Duration retryBackoff,
            Duration retryBackoffMax,
            Duration latestCacheTtl,
            RegistryTrust trust) {
        this.endpoints = List.copyOf(endpoints);
        this.credentialsSource = credentialsSource;
        this.requestTimeout = requestTimeout;
        this.maxRetries = maxRetries;
        this.retryBackoff = retryBackoff;
        this.retryBackoffMax = retryBackoffMax;
        this.latestCacheTtl = latestCacheTtl;
        this.trust = trust;
    }

    /**
     * Reads the settings; fails with a {@link ConfigException} naming the key when a required key is
     * missing or a value is malformed.
     */
    public static SchemaRegistryClientConfig from(Map<String, ?> configs) {
        List<String> urls = urls(configs);
        CredentialsSource source = credentialsSource(configs);
        String userInfo = null;
        Spelled givenUserInfo = eitherSpelling(configs, BASIC_AUTH_USER_INFO, false);
        if (source == CredentialsSource.USER_INFO) {
            if (givenUserInfo == null) {
                throw new ConfigException("missing " + BASIC_AUTH_USER_INFO
                        + " (user:password): required when " + BASIC_AUTH_CREDENTIALS_SOURCE
                        + "=USER_INFO");
            }
            userInfo = givenUserInfo.value();
            if (!userInfo.contains(":")) {
                throw new ConfigException(givenUserInfo.key(), "[hidden]", "expected user:password");
            }
        }
        List<RegistryEndpoint> endpoints = new ArrayList<>();
        for (String url : urls) {
            RegistryEndpoint.ParsedUrl parsed;
            try {
                parsed = RegistryEndpoint.parse(url);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(URL + ": " + e.getMessage());
            }
            String credentials = source == CredentialsSource.URL ? parsed.userInfo() : userInfo;
            endpoints.add(new RegistryEndpoint(parsed.plainUrl(), credentials));
        }
        long timeoutMs = positiveLong(configs, REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, 1);
        long maxRetries = positiveLong(configs, MAX_RETRIES, DEFAULT_MAX_RETRIES, 0);
        long backoffMs = positiveLong(configs, RETRY_BACKOFF_MS, DEFAULT_RETRY_BACKOFF_MS, 0);
        long backoffMaxMs =
                positiveLong(configs, RETRY_BACKOFF_MAX_MS, Math.max(backoffMs, DEFAULT_RETRY_BACKOFF_MAX_MS), 0);
        long ttlSec = positiveLong(configs, LATEST_CACHE_TTL_SEC, DEFAULT_LATEST_CACHE_TTL_SEC, 0);
        if (maxRetries > 100) {
            throw new ConfigException(MAX_RETRIES, maxRetries, "at most 100");
        }
        return new SchemaRegistryClientConfig(
                endpoints,
                source,
                Duration.ofMillis(timeoutMs),
                (int) maxRetries,
                Duration.ofMillis(backoffMs),
                Duration.ofMillis(Math.max(backoffMs, backoffMaxMs)),
                Duration.ofSeconds(ttlSec),
                RegistryTrust.from(configs).orElse(null));
    }

    private static List<String> urls(Map<String, ?> configs) {
        Object raw = configs.get(URL);
        List<String> urls = new ArrayList<>();
        if (raw instanceof Collection<?> list) {
            list.forEach(item -> urls.add(String.valueOf(item)));
        } else if (raw != null) {
            for (String part : raw.toString().split(",")) {
                urls.add(part);
            }
        }
        urls.replaceAll(String::trim);
        urls.removeIf(String::isEmpty);
        if (urls.isEmpty()) {
            throw new ConfigException("missing " + URL + ": the schema registry base URL(s), comma-separated,"
                    + " e.g. http://127.0.0.1:8081 or http://127.0.0.1:8080/apis/ccompat/v7");
        }
        return urls;
    }

    private static CredentialsSource credentialsSource(Map<String, ?> configs) {
        Spelled raw = eitherSpelling(configs, BASIC_AUTH_CREDENTIALS_SOURCE, true);
        if (raw == null) {
            return CredentialsSource.URL;
        }
        try {
            return CredentialsSource.valueOf(raw.value().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(raw.key(), raw.value(), "supported: URL, USER_INFO");
        }
    }

    /** A value and the key it was given under. */
    private record Spelled(String key, String value) {}

    /**
     * The value of {@code key} or of {@code schema.registry.<key>}, null when neither is set; refused when both are
     * set and differ. The message names both keys and never shows a value: they may be passwords.
     */
    private static Spelled eitherSpelling(Map<String, ?> configs, String key, boolean ignoreCase) {
        String prefixedKey = CLIENT_PREFIX + key;
        String bare = text(configs.get(key));
        String prefixed = text(configs.get(prefixedKey));
        if (bare != null && prefixed != null) {
            boolean same = ignoreCase ? bare.trim().equalsIgnoreCase(prefixed.trim()) : bare.equals(prefixed);
            if (!same) {
                throw new ConfigException(key + " and " + prefixedKey
                        + " are two spellings of one setting and their values differ: give one of them");
            }
        }
        if (bare != null) {
            return new Spelled(key, bare);
        }
        return prefixed == null ? null : new Spelled(prefixedKey, prefixed);
    }

    private static String text(Object raw) {
        return raw == null || raw.toString().isBlank() ? null : raw.toString();
    }

    private static long positiveLong(Map<String, ?> configs, String key, long defaultValue, long min) {
        Object raw = configs.get(key);
        if (raw == null || raw.toString().isBlank()) {
            return defaultValue;
        }
        long value;
        if (raw instanceof Number number) {
            value = number.longValue();
        } else {
            try {
                value = Long.parseLong(raw.toString().trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(key, raw, "expected a whole number");
            }
        }
        if (value < min) {
            throw new ConfigException(key, raw, "must be at least " + min);
        }
        return value;
    }

    public List<RegistryEndpoint> endpoints() {
        return endpoints;
    }

    public CredentialsSource credentialsSource() {
        return credentialsSource;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Extra rounds over all URLs after the first one. */
    public int maxRetries() {
        return maxRetries;
    }

    public Duration retryBackoff() {
        return retryBackoff;
    }

    public Duration retryBackoffMax() {
        return retryBackoffMax;
    }

    public Duration latestCacheTtl() {
        return latestCacheTtl;
    }

    /** The socket factory for https URLs from the configured trust store; empty: the JDK's default trust. */
    public java.util.Optional<javax.net.ssl.SSLSocketFactory> sslSocketFactory() {
        return java.util.Optional.ofNullable(trust).map(RegistryTrust::socketFactory);
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        for (RegistryEndpoint endpoint : endpoints) {
            shown.add(endpoint + (endpoint.hasCredentials() ? " (basic auth ****)" : ""));
        }
        return "SchemaRegistryClientConfig{urls=" + shown
                + ", credentialsSource=" + credentialsSource
                + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries
                + ", retryBackoff=" + retryBackoff
                + ", retryBackoffMax=" + retryBackoffMax
                + ", latestCacheTtl=" + latestCacheTtl
                + (trust == null ? "" : ", truststore=" + trust) + '}';
    }
}
