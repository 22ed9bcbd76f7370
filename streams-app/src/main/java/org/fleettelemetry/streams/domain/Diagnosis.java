package org.fleettelemetry.streams.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.schemas.avro.RemediationStep;

/**
 * What an outage means for the SOC: the cause in words, the impacted features, and the steps to fix and verify,
 * following the vendor's article "How to troubleshoot Security Cloud connectivity issues" (000035235).
 */
public record Diagnosis(String cause, List<String> impact, List<Step> steps) {

    public static final String ALLOW_LIST = "Allow *.f-secure.com and *.fsapi.com on the firewall or proxy"
            + " (the first contact is doorman.sc.fsapi.com).";
    public static final String PROXY_REGISTRY_KEY =
            "HKEY_LOCAL_MACHINE\\SOFTWARE\\F-Secure\\Ultralight\\Settings\\proxy";
    public static final String CACHE_INTRO = "After the fix the client keeps cached query results for 2 hours;"
            + " to see the fix at once, clear the cache on each affected endpoint from an elevated command prompt:";
    public static final String CACHE_STOP = "net stop fsulnethoster";
    /** The article's "delete every file in" the cache folder, as the command that does it (/q: no prompt for *). */
    public static final String CACHE_DELETE =
            "del /q \"C:\\Windows\\ServiceProfiles\\NetworkService\\AppData\\Local\\F-Secure\\fsscor\\*\"";

    public static final String CACHE_START = "net start fsulnethoster";
    public static final Step CACHE_CLEAN_UP = new Step(CACHE_INTRO, List.of(CACHE_STOP, CACHE_DELETE, CACHE_START));
    /**
     * The hosts whose names the agent must resolve, from the article: its first contact and the domain of the cloud
     * services. Said when no failure named a host: a word of libcurl's text is never one.
     */
    public static final String NEEDED_HOSTS = "doorman.sc.fsapi.com and *.fsapi.com";

    public static final String LOGS =
            "Logs to check: fsscorplug.log, CcfPluginState.log or spplug.log, deepguard.log, transportAgent.log.";

    public Diagnosis {
        Objects.requireNonNull(cause, "cause");
        impact = List.copyOf(impact);
        steps = List.copyOf(steps);
    }

    /**
     * One remediation step: what to do, and the commands that do it (each exactly as typed, none when the step is not
     * a command), so that the console, the page and a SOC tool can show or copy the commands apart from the words.
     */
    public record Step(String text, List<String> commands) {
        public Step {
            Objects.requireNonNull(text, "text");
            commands = commands == null ? List.of() : List.copyOf(commands);
        }

        public static Step of(String text) {
            return new Step(text, List.of());
        }

        /** The step as one line, for the alert's {@code remediation} strings: the text, then its commands. */
        public String asLine() {
            return commands.isEmpty() ? text : text + " " + String.join("; ", commands);
        }

        public RemediationStep toAvro() {
            return new RemediationStep(text, commands);
        }

        public static List<RemediationStep> toAvro(List<Step> steps) {
            return steps.stream().map(Step::toAvro).toList();
        }

        public static List<Step> fromAvro(List<RemediationStep> steps) {
            return steps.stream()
                    .map(s -> new Step(s.getText(), s.getCommands()))
                    .toList();
        }

        /**
         * The steps of an alert: its {@code remediationSteps}, or, for an alert written before they existed, its
         * {@code remediation} strings as steps without commands.
         */
        public static List<Step> of(ConnectivityAlert alert) {
            return alert.getRemediationSteps().isEmpty()
                    ? alert.getRemediation().stream().map(Step::of).toList()
                    : fromAvro(alert.getRemediationSteps());
        }
    }

    /** The steps as one line each, for the alert's {@code remediation} (the field its first version had). */
    public List<String> remediation() {
        return steps.stream().map(Step::asLine).toList();
    }

    /**
     * The diagnosis of an outage.
     *
     * @param proxy the proxy the affected endpoints share (host:port or DIRECT); null for FLEET and SILENT; the
     *     failing proxy for PROXY
     * @param products the products of the affected endpoints (decide the connectivity tool path and whether email URL
     *     scanning is impacted)
     * @param targetHosts the backend hosts (or, for PROXY_DNS, the proxy names) the failures named
     */
    public static Diagnosis of(
            ErrorClass errorClass,
            AlertScope scope,
            String proxy,
            Collection<String> products,
            Collection<String> targetHosts) {
        OutageScope exact = switch (scope) {
            case HOST -> OutageScope.HOST;
            case SITE -> OutageScope.SITE;
            case FLEET -> OutageScope.FLEET;
        };
        return of(errorClass, exact, proxy, products, targetHosts);
    }

    /**
     * The diagnosis of an outage of an exact scope: as {@link #of(ErrorClass, AlertScope, String, Collection,
     * Collection)}, and for PROXY (one proxy failing for its endpoints at several sites) a cause and a first step about
     * that proxy, never about the vendor's cloud: every failing endpoint uses it, so it is the common point.
     */
    public static Diagnosis of(
            ErrorClass errorClass,
            OutageScope scope,
            String proxy,
            Collection<String> products,
            Collection<String> targetHosts) {
        Collection<String> safeProducts = products == null ? List.of() : products;
        List<String> hosts = targetHosts == null ? List.of() : List.copyOf(new TreeSet<>(nonNull(targetHosts)));
        boolean fleet = scope == OutageScope.FLEET;
        boolean proxyWide = scope == OutageScope.PROXY && proxy != null;
        String cause = cause(errorClass, fleet ? null : proxy, hosts);
        if (fleet) {
            cause = cause + fleetClause(errorClass);
        } else if (proxyWide) {
            cause = cause + ", for the endpoints that use this proxy at several sites: every failing endpoint goes"
                    + " through " + proxy + ", so this points to the proxy itself, not to the vendor's cloud or a"
                    + " site's own network";
        }
        List<Step> steps = remediation(errorClass, fleet, proxy, hosts, safeProducts);
        if (proxyWide) {
            steps = new ArrayList<>(steps);
            steps.add(
                    0,
                    Step.of("Check the proxy " + proxy + " first: it is shared by the sites listed and every failing"
                            + " endpoint uses it (its name in the DNS the sites use, its service, its upstream link, its recent"
                            + " changes); the endpoints at those sites that do not use it are not affected."));
        }
        return new Diagnosis(cause, Impact.of(errorClass, safeProducts), steps);
    }

    private static String cause(ErrorClass errorClass, String proxy, List<String> hosts) {
        String targets = hosts.isEmpty() ? "" : ": " + String.join(", ", hosts);
        return switch (errorClass) {
            case PROXY_DNS ->
                "Proxy name does not resolve"
                        + (proxy == null || "DIRECT".equals(proxy) ? targets : ": " + proxy)
                        + " (curl 5 CURLE_COULDNT_RESOLVE_PROXY, agent http error 111)"
                        + (proxy != null && !"DIRECT".equals(proxy) && !hosts.isEmpty()
                                ? "; the clients asked for " + String.join(", ", hosts)
                                : "");
            case BACKEND_DNS ->
                "Backend name does not resolve (curl 6 CURLE_COULDNT_RESOLVE_HOST)"
                        + (hosts.isEmpty() ? ": the agent needs " + NEEDED_HOSTS : targets) + via(proxy);
            case CONNECT_REFUSED ->
                "Connection refused or unreachable (curl 7 CURLE_COULDNT_CONNECT)" + targets + via(proxy);
            case TIMEOUT ->
                "Connections time out (curl 28, wait 258, agent http error 201),"
                        + " typical of a firewall or a proxy not forwarding" + targets + via(proxy);
            case TLS_INSPECTION ->
                "TLS inspection by a proxy: the certificate is not trusted"
                        + " (curl 35 CURLE_SSL_CONNECT_ERROR, curl 60 CURLE_PEER_FAILED_VERIFICATION)" + targets
                        + via(proxy);
            case RECV_ERROR ->
                "Receive error (curl 56 CURLE_RECV_ERROR): the connection broke while the answer was" + " received"
                        + targets + via(proxy);
            case PROXY_AUTH ->
                "Proxy requires authentication (HTTP 407 Proxy Authentication Required to the CONNECT request) that"
                        + " the agent does not present" + targets + via(proxy);
            case NETWORK_FAILURE -> "Real network failure reported by the agent (fserr 101/218)" + targets + via(proxy);
            case CLOUD_LOOKUP -> "Cloud lookups failing or slow (Security Cloud ORSP reputation queries)" + via(proxy);
            case CONTENT_FILTER ->
                "Content filter driver failure (web traffic scanning): the driver fails to reply" + " to messages";
            case MAIL_URL_SCAN -> "Mail URL scanning skipped: transportAgent cannot get answers from FSSCORE";
            case OTHER -> "Unclassified failure talking to the vendor's cloud" + targets + via(proxy);
            case SILENT ->
                "Collectors stopped reporting; this may be the outage itself: they cannot reach Kafka" + " either";
        };
    }

    private static String via(String proxy) {
        if (proxy == null) {
            return "";
        }
        return "DIRECT".equals(proxy) ? " (direct connection, no proxy)" : " (via proxy " + proxy + ")";
    }

    private static String fleetClause(ErrorClass errorClass) {
        return switch (errorClass) {
            case SILENT ->
                ", at several sites at once: this points to the path to Kafka or the internet path rather"
                        + " than a local proxy";
            case CONTENT_FILTER ->
                ", at several sites at once: this points to a product or driver change rather" + " than a local proxy";
            default ->
                // the FLEET rule opens only when the failing sites reach the cloud through different paths (proxies
                // or direct connections): one shared proxy is a PROXY outage, so this sentence holds
                ", at several sites at once through different paths (proxies or direct connections): this points to"
                        + " the vendor's cloud or the internet path rather than a local proxy";
        };
    }

    /**
     * The cause's own fix first (after the fleet or silent-site check, which is what such an outage is about), then
     * the allow-listing where it is a fix, then the cache clean-up, the connectivity tool and the logs.
     */
    private static List<Step> remediation(
            ErrorClass errorClass, boolean fleet, String proxy, List<String> hosts, Collection<String> products) {
        List<String> checks = new ArrayList<>();
        String where =
                fleet || proxy == null || "DIRECT".equals(proxy) ? "the firewall or proxy" : "the proxy " + proxy;
        String targets = hosts.isEmpty() ? "*.f-secure.com and *.fsapi.com" : String.join(", ", hosts);
        if (fleet) {
            checks.add(
                    errorClass == ErrorClass.SILENT
                            ? "Check the path from the sites to the Kafka brokers and the pipeline itself: several sites"
                                    + " stopped reporting at once."
                            : "Check the vendor's service status and the shared internet path (ISP, central firewall or"
                                    + " proxy): several sites fail at once.");
        }
        if (errorClass == ErrorClass.SILENT && !fleet) {
            checks.add("Check that the site's hosts are up and can reach the Kafka brokers; if the site lost its"
                    + " network path, the endpoints cannot reach the vendor's cloud either.");
        }
        switch (errorClass) {
            case PROXY_DNS ->
                checks.add("Fix DNS for the proxy" + (proxy == null || "DIRECT".equals(proxy) ? "" : " " + proxy)
                        + " so that its name resolves on the endpoints, or correct the proxy setting the client"
                        + " discovered: registry key " + PROXY_REGISTRY_KEY
                        + ", values \"value\" (REG_SZ, the proxy URL, e.g. http://proxy.example.intern:3128)"
                        + " and \"access\" (REG_DWORD).");
            case BACKEND_DNS ->
                checks.add("Fix DNS resolution of " + (hosts.isEmpty() ? NEEDED_HOSTS : targets)
                        + " for the endpoints (or for the proxy that resolves for them).");
            case CONNECT_REFUSED ->
                checks.add("Check that " + where + " accepts and forwards HTTPS connections to " + targets + ".");
            case TIMEOUT ->
                checks.add("Check that " + where + " forwards HTTPS to " + targets
                        + ": connections that time out without an answer are typical of a firewall dropping them.");
            case TLS_INSPECTION ->
                checks.add("Exclude *.f-secure.com and *.fsapi.com from TLS inspection on " + where
                        + ": the client does not trust the inspecting certificate.");
            case RECV_ERROR ->
                checks.add("Check " + where + " for connections cut while the answer is received"
                        + " (idle timeouts, inspection, packet loss).");
            case PROXY_AUTH ->
                checks.add("Exempt *.f-secure.com and *.fsapi.com from proxy authentication on " + where
                        + ", or configure the agent's proxy credentials in its policy: the proxy answers the agent's"
                        + " CONNECT with 407 Proxy Authentication Required.");
            case NETWORK_FAILURE ->
                checks.add("Check the network path from the endpoints to the internet: the agent"
                        + " reports real network failures (fserr 101/218).");
            case CLOUD_LOOKUP ->
                checks.add("Check that reputation queries (ORSP) reach the Security Cloud and are" + " answered fast: "
                        + where + " must neither block nor delay them.");
            case CONTENT_FILTER ->
                checks.add("Check the content filter driver of web traffic scanning on an affected"
                        + " endpoint (CcfPluginState.log: \"failed to reply to message\").");
            case MAIL_URL_SCAN ->
                checks.add("Check that the mail server's transportAgent reaches FSSCORE; until it"
                        + " does, URLs in mail are not scanned.");
            case OTHER -> checks.add("Look up the error code in the logs below to see which connection fails.");
            case SILENT -> {
                // the site-level and fleet-level first steps above already say what to check
            }
        }
        if (allowListingFixes(errorClass)) {
            checks.add(ALLOW_LIST);
        }
        List<Step> steps = new ArrayList<>(checks.stream().map(Step::of).toList());
        if (errorClass != ErrorClass.CONTENT_FILTER) {
            steps.add(CACHE_CLEAN_UP);
        }
        steps.addAll(ConnectivityTool.stepsFor(nonNull(products)));
        steps.add(Step.of(LOGS));
        return steps;
    }

    /**
     * Allow-listing the vendor's domains fixes what a firewall or proxy does to their connections: drops them (time
     * outs), refuses them, or inspects their TLS. A name that does not resolve, a broken answer or a slow cloud it
     * does not fix, and as a first step it sends the SOC the wrong way.
     */
    private static boolean allowListingFixes(ErrorClass errorClass) {
        return errorClass == ErrorClass.TIMEOUT
                || errorClass == ErrorClass.CONNECT_REFUSED
                || errorClass == ErrorClass.TLS_INSPECTION;
    }

    private static List<String> nonNull(Collection<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                out.add(v);
            }
        }
        return out;
    }
}
