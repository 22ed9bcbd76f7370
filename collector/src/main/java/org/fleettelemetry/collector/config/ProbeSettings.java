package org.fleettelemetry.collector.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.fleettelemetry.config.ConfigReader;

/**
 * The active probe's settings (issue #18) and the proxy it walks through: {@code probe.*} and {@code proxy}. They are
 * read by {@link CollectorConfig} for the running collector and alone by {@code collector probe}, which needs no
 * Kafka and no registry.
 *
 * @param proxy the endpoint's proxy, empty when it goes direct
 * @param proxyUser Basic credentials for the proxy's CONNECT, null when none are configured
 * @param truststore a PEM file of CA certificates trusted instead of the platform's, null for the platform's
 */
public record ProbeSettings(
        boolean enabled,
        Duration interval,
        Duration jitter,
        Duration timeout,
        List<HostPort> targets,
        Optional<HostPort> proxy,
        String proxyUser,
        String proxyPassword,
        Path truststore) {

    /**
     * The first contact the spec names. The vendor's article names the rest only as wildcards ({@code *.fsapi.com},
     * {@code *.f-secure.com}), which cannot be probed; add hosts seen in the agent's logs with {@code probe.targets}.
     */
    public static final List<HostPort> DEFAULT_TARGETS = List.of(new HostPort("doorman.sc.fsapi.com", 443));

    /** The sequence of a probe event gives each target of a round its own slot below this (see ProbeSequence). */
    public static final int MAX_TARGETS = 16;

    /** The port the agent assumes for a proxy named without one. */
    public static final int DEFAULT_PROXY_PORT = 8080;

    public static final Set<String> KEYS = Set.of(
            "probe.enabled",
            "probe.interval",
            "probe.jitter",
            "probe.timeout",
            "probe.targets",
            "probe.truststore",
            "probe.proxy.user",
            "probe.proxy.password");

    public ProbeSettings {
        targets = List.copyOf(targets);
    }

    /**
     * Reads the probe's keys and the proxy from {@code r}; problems go to the reader. A proxy value the probe cannot
     * use is a problem only when the probe will use it ({@code proxyRequired}): a collector with the probe off
     * keeps stamping its events with whatever {@code proxy} says, as before the probe.
     */
    static ProbeSettings read(ConfigReader r, String proxyValue, boolean proxyRequired) {
        boolean enabled = r.bool("probe.enabled", true);
        Duration interval = r.duration("probe.interval", Duration.ofMinutes(5));
        Duration jitter = r.duration("probe.jitter", Duration.ofSeconds(30));
        Duration timeout = r.duration("probe.timeout", Duration.ofSeconds(10));
        if (timeout.isZero()) {
            r.problem("probe.timeout must be positive");
        }
        if (interval.compareTo(timeout) < 0) {
            r.problem("probe.interval (" + interval + ") must be at least probe.timeout (" + timeout
                    + "): a probe must not overlap the next");
        }
        if (jitter.compareTo(interval) >= 0) {
            r.problem("probe.jitter (" + jitter + ") must be less than probe.interval (" + interval + ")");
        }
        List<HostPort> targets = new ArrayList<>();
        for (String t : r.list("probe.targets", List.of())) {
            try {
                targets.add(HostPort.parse(t, -1));
            } catch (IllegalArgumentException e) {
                r.problem("probe.targets: " + e.getMessage());
            }
        }
        if (targets.isEmpty()) {
            targets.addAll(DEFAULT_TARGETS);
        }
        if (targets.size() > MAX_TARGETS) {
            r.problem("probe.targets lists " + targets.size() + " targets; at most " + MAX_TARGETS);
        }
        Optional<HostPort> proxy = Optional.empty();
        if (proxyValue != null && !proxyValue.equalsIgnoreCase(CollectorConfig.DIRECT)) {
            try {
                // as the registry's value is read: http://host:port/ and user@ are the agent's spellings too
                String address = WindowsProxySetting.normalise(proxyValue).orElse(proxyValue);
                proxy = Optional.of(HostPort.parse(address, DEFAULT_PROXY_PORT));
            } catch (IllegalArgumentException e) {
                if (proxyRequired || enabled) {
                    r.problem("proxy='" + proxyValue + "' cannot be probed: " + e.getMessage()
                            + " (host:port or DIRECT; probe.enabled=false turns the probe off)");
                }
            }
        }
        String user = r.string("probe.proxy.user", null);
        String password = r.string("probe.proxy.password", null);
        if (user != null && user.contains(":")) {
            r.problem("probe.proxy.user must not contain ':' (Basic auth splits there)");
        }
        if (password != null && user == null) {
            r.problem("probe.proxy.password is set but probe.proxy.user is not");
        }
        String trust = r.string("probe.truststore", null);
        Path truststore = null;
        if (trust != null) {
            truststore = Path.of(trust);
            String problem = pemProblem(truststore);
            if (problem != null) {
                r.problem("probe.truststore=" + trust + ": " + problem);
            }
        }
        return new ProbeSettings(
                enabled,
                interval,
                jitter,
                timeout,
                targets,
                proxy,
                user,
                password == null && user != null ? "" : password,
                truststore);
    }

    /**
     * Only the probe's keys and {@code proxy} from a full collector configuration (what {@code collector probe} reads):
     * the other keys are left alone, an unknown {@code probe.*} key is refused by name.
     */
    public static ProbeSettings from(Map<String, String> values) {
        Map<String, String> mine = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("probe.") || k.equals("proxy")) {
                mine.put(k, v);
            }
        });
        ConfigReader r = new ConfigReader(mine);
        String proxy = r.string("proxy", WindowsProxySetting.read().orElse(CollectorConfig.DIRECT));
        ProbeSettings settings = read(r, proxy, true);
        r.finish();
        return settings;
    }

    private static String pemProblem(Path file) {
        if (!Files.isRegularFile(file)) {
            return "no such file";
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                return "no certificate in it (a PEM file of CA certificates is expected)";
            }
            return null;
        } catch (IOException | CertificateException e) {
            return "not a PEM file of certificates (" + e.getMessage() + ")";
        }
    }

    /** The proxy as the events name it: host:port, or null when direct. */
    public String proxyName() {
        return proxy.map(HostPort::toString).orElse(null);
    }

    /** Secrets masked. */
    @Override
    public String toString() {
        return "probe.enabled=" + enabled + ", probe.interval=" + interval + ", probe.jitter=" + jitter
                + ", probe.timeout=" + timeout + ", probe.targets=" + targets + ", probe.proxy.user=" + proxyUser
                + ", probe.proxy.password=" + (proxyPassword == null ? null : "****") + ", probe.truststore="
                + truststore;
    }
}
