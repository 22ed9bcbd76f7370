package org.fleettelemetry.collector.config;

import java.util.Locale;

/** A host and a port, as {@code host:port} ({@code [v6]:port} for an IPv6 literal). */
public record HostPort(String host, int port) {
    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /**
     * Parses {@code host:port}; without a port, {@code defaultPort} (a negative one makes the port required). A
     * {@code scheme://} prefix and a path are refused: the value is an address, not a URL.
     */
    public static HostPort parse(String value, int defaultPort) {
        String v = value.trim();
        if (v.contains("://") || v.contains("/") || v.contains("@") || v.contains(" ")) {
            throw new IllegalArgumentException("'" + value + "' is not host:port");
        }
        String host;
        String port;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + value + "': unclosed [ of an IPv6 address");
            }
            host = v.substring(1, close);
            String rest = v.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + value + "' is not [address]:port");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = v.lastIndexOf(':');
            if (colon != v.indexOf(':')) {
                throw new IllegalArgumentException("'" + value + "': write an IPv6 address as [address]:port");
            }
            host = colon < 0 ? v : v.substring(0, colon);
            port = colon < 0 ? null : v.substring(colon + 1);
        }
        if (port == null) {
            if (defaultPort < 0) {
                throw new IllegalArgumentException("'" + value + "' has no port (host:port)");
            }
            return new HostPort(host.toLowerCase(Locale.ROOT), defaultPort);
        }
        try {
            return new HostPort(host.toLowerCase(Locale.ROOT), Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "': the port '" + port + "' is not a number");
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
