package org.fleettelemetry.streams.domain;

/** What the rules concluded for one outage key at one evaluation; {@link AlertLifecycle} turns it into events. */
enum OutageCondition {
    /** The open condition holds. */
    OPENING,
    /** Not enough to open, enough to keep an open outage open (hysteresis). */
    HOLDING,
    /** Below the keep-open level: an open outage resolves after staying here for resolveAfter. */
    CALM,
    /** Proven over (every affected endpoint reported healthy since, no site holds): resolve at once. */
    RECOVERED,
    /** Nothing to judge by (no active endpoint behind the proxy): change nothing, neither open nor resolve. */
    NO_DATA
}
