package org.fleettelemetry.collector.probe;

/** The steps of the agent's path, in the order the probe walks them; their names are the events' step names. */
public enum Step {
    /** The proxy's name to an address. */
    PROXY_RESOLVE,
    /** TCP to the proxy. */
    PROXY_CONNECT,
    /** {@code CONNECT host:port} through the proxy, up to its answer. */
    PROXY_TUNNEL,
    /** The target's name to an address (direct, no proxy). */
    RESOLVE,
    /** TCP to the target (direct, no proxy). */
    CONNECT,
    /** TLS with the target, its chain checked against the trust store and its name against the certificate. */
    TLS_HANDSHAKE,
    /** A small GET over the TLS session, up to the status line of the answer. */
    HTTPS_REQUEST
}
