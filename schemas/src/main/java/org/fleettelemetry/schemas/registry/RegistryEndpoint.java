package org.fleettelemetry.schemas.registry;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * One registry base URL, stripped of any {@code user:password@}, with the Basic auth header to send
 * to it. {@link #toString()} is the URL without credentials, safe for messages and logs.
 */
public final class RegistryEndpoint {

    private final String baseUrl;
    private final String authorization;

    RegistryEndpoint(String baseUrl, String userInfo) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.authorization = userInfo == null
                ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    /** Splits {@code http://user:pass@host:port/path} into the plain URL and its user info. */
    static ParsedUrl parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: '" + mask(url) + "'", e);
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL with a host: '" + mask(url) + "'");
        }
        String rawUserInfo = uri.getRawUserInfo();
        String plain = uri.getScheme()
                + "://"
                + uri.getHost()
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
        while (plain.endsWith("/")) {
            plain = plain.substring(0, plain.length() - 1);
        }
        String userInfo =
                rawUserInfo == null ? null : URLDecoder.decode(rawUserInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
        return new ParsedUrl(plain, userInfo);
    }

    /** Hides the password part of {@code user:password@} in a URL that failed to parse. */
    static String mask(String url) {
        return url.replaceAll("//([^/@:]*):[^/@]*@", "//$1:****@");
    }

    record ParsedUrl(String plainUrl, String userInfo) {}

    String baseUrl() {
        return baseUrl;
    }

    Optional<String> authorization() {
        return Optional.ofNullable(authorization);
    }

    boolean hasCredentials() {
        return authorization != null;
    }

    @Override
    public String toString() {
        return baseUrl;
    }
}
