package org.fleettelemetry.streams.domain;

/**
 * What a failure says about the path to the vendor's cloud; the outage rules group failures by it.
 *
 * <p>{@link #SILENT} is not a failure an endpoint reports: the site rules raise it when collectors stop
 * reporting.
 */
public enum ErrorClass {
    /** curl 5, agent http error 111: the proxy's name does not resolve. */
    PROXY_DNS(true),
    /** curl 6: the backend's name does not resolve. */
    BACKEND_DNS(true),
    /** curl 7: connection refused or unreachable. */
    CONNECT_REFUSED(true),
    /** curl 28, wait 258, agent http error 201: typical of a firewall or a proxy not forwarding. */
    TIMEOUT(true),
    /** curl 35, curl 60: a TLS-inspecting proxy whose certificate the client does not trust. */
    TLS_INSPECTION(true),
    /** curl 56: the connection broke while receiving. */
    RECV_ERROR(true),
    /**
     * proxy 407 (the collector's active probe: the proxy answered its CONNECT with 407 Proxy Authentication
     * Required): the proxy wants credentials the agent does not present. A network class: nothing reaches the cloud
     * through that proxy, and a cloud contact proves it over.
     */
    PROXY_AUTH(true),
    /** fserr other than 0 (the article names 101 and 218): a real network failure. */
    NETWORK_FAILURE(true),
    /** ORSP reputation lookups failing, suppressed, or slow. */
    CLOUD_LOOKUP(false),
    /** The content filter driver used by web traffic scanning fails. */
    CONTENT_FILTER(false),
    /** transportAgent could not ask FSSCORE: URLs in mail are not scanned. */
    MAIL_URL_SCAN(false),
    /** A failure code none of the other classes covers. */
    OTHER(false),
    /** Collectors at a site stopped reporting. */
    SILENT(false);

    private final boolean network;

    ErrorClass(boolean network) {
        this.network = network;
    }

    /** True for the classes that mean the endpoint cannot reach the cloud at all (so every cloud feature suffers). */
    public boolean network() {
        return network;
    }

    /**
     * Whether a healthy cloud contact (doorman fserr 0, a fast ORSP answer) proves this failure is over.
     * A content filter driver failure is local to the endpoint: reaching the cloud says nothing about it, so it
     * only ages out.
     */
    public boolean clearedByCloudContact() {
        return this != CONTENT_FILTER && this != SILENT;
    }

    /**
     * Whether only a fast cloud lookup (an ORSP answer under the slow threshold) proves this failure over.
     * During a cloud slowdown the doorman still answers (fserr 0) while lookups stay slow: a doorman contact
     * says the path is open, not that lookups are fast again.
     */
    public boolean clearedOnlyByLookup() {
        return this == CLOUD_LOOKUP;
    }

    /**
     * Whether this failure follows from a network failure of the same endpoint: lookups and mail URL scans
     * fail when the cloud cannot be reached at all. While a network class counts for an endpoint, these
     * are symptoms of that outage, not a second one (else one broken proxy would also raise a cloud alert).
     */
    public boolean symptomOfNetwork() {
        return this == CLOUD_LOOKUP || this == MAIL_URL_SCAN;
    }
}
