package org.fleettelemetry.collector.probe;

/**
 * A probe's verdict: OK, or the failure class, named as the log parser's classes (and the streams app's) are, with
 * the code the agent's curl would have logged for the same failure, so a probe event classifies like the log
 * line it stands in for.
 */
public enum Verdict {
    OK(null, null),
    /** The proxy's name does not resolve: curl's CURLE_COULDNT_RESOLVE_PROXY. */
    PROXY_DNS("curl:5", 5),
    /**
     * The target's name does not resolve, going direct: CURLE_COULDNT_RESOLVE_HOST. Through a proxy the proxy resolves
     * the target; when it cannot, it answers the CONNECT with an error status (tinyproxy 500, squid 503), which curl
     * reports as 56 and the probe as {@link #RECV_ERROR}, as the agent's log would show it.
     */
    BACKEND_DNS("curl:6", 6),
    /** Refused or unreachable (proxy or target): CURLE_COULDNT_CONNECT. */
    CONNECT_REFUSED("curl:7", 7),
    /** A step did not finish within the probe's timeout: CURLE_OPERATION_TIMEDOUT. */
    TIMEOUT("curl:28", 28),
    /**
     * The TLS handshake failed: the chain is not trusted or the name does not match (CURLE_PEER_FAILED_VERIFICATION,
     * 60; what a TLS-inspecting proxy gives), or the handshake broke otherwise (CURLE_SSL_CONNECT_ERROR, 35: see
     * {@link ProbeOutcome#curlCode()}).
     */
    TLS_INSPECTION("curl:60", 60),
    /**
     * The proxy asked for authentication (CONNECT answered 407, or tinyproxy's 401 to wrong credentials). The error
     * code is the proxy's, {@code proxy:407}; the curl code is what Debian's curl 7.88.1 returned for a 407 to {@code
     * curl -x} against tinyproxy 1.11.1 with BasicAuth on loopback: exit status 56, "CONNECT tunnel failed, response
     * 407" (checked 2026-12-06; the same 56 for 401, and for 500 when the proxy cannot reach the target).
     */
    PROXY_AUTH("proxy:407", 56),
    /**
     * Any other failure to get an answer: the proxy answered the CONNECT with another status, or closed; the HTTPS
     * request got no status line. CURLE_RECV_ERROR.
     */
    RECV_ERROR("curl:56", 56);

    private final String errorCode;
    private final Integer curlCode;

    Verdict(String errorCode, Integer curlCode) {
        this.errorCode = errorCode;
        this.curlCode = curlCode;
    }

    /** The event's errorCode; null for OK. */
    public String errorCode() {
        return errorCode;
    }

    /** The curl code the agent would have logged; null for OK. */
    public Integer curlCode() {
        return curlCode;
    }
}
