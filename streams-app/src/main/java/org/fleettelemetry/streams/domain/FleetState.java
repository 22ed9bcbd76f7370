package org.fleettelemetry.streams.domain;

import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the fleet rules keep; ONE instance for the whole fleet, stored under one fixed key. Mutable Jackson
 * bean, changed only by {@link FleetRules}. Its size is bounded by the number of sites and of open alerts.
 */
public final class FleetState {
    private long clock;
    private TreeMap<String, SiteEntry> sites = new TreeMap<>();
    private TreeMap<ErrorClass, OutageTrack> outages = new TreeMap<>();
    private TreeMap<String, OutageTrack> proxyOutages = new TreeMap<>();
    private TreeMap<String, HeldSiteAlert> held = new TreeMap<>();
    private TreeMap<String, HeldSiteAlert> swallowed = new TreeMap<>();
    private TreeMap<String, PublishedSiteAlert> published = new TreeMap<>();

    public FleetState() {}

    /** The latest evaluation time: evaluations never run backwards. */
    public long getClock() {
        return clock;
    }

    public void setClock(long clock) {
        this.clock = clock;
    }

    /** Latest summary per site. */
    public TreeMap<String, SiteEntry> getSites() {
        return sites;
    }

    public void setSites(TreeMap<String, SiteEntry> sites) {
        this.sites = sites;
    }

    /** FLEET outages by class. */
    public TreeMap<ErrorClass, OutageTrack> getOutages() {
        return outages;
    }

    public void setOutages(TreeMap<ErrorClass, OutageTrack> outages) {
        this.outages = outages;
    }

    /**
     * Outages of one proxy across the sites that share it, by {@code proxy|CLASS} (see {@link FleetRules}). Absent
     * (empty) in a state written before they existed.
     */
    public TreeMap<String, OutageTrack> getProxyOutages() {
        return proxyOutages;
    }

    public void setProxyOutages(TreeMap<String, OutageTrack> proxyOutages) {
        this.proxyOutages = proxyOutages == null ? new TreeMap<>() : proxyOutages;
    }

    /** Site OPENs in their group wait, by alertId. */
    public TreeMap<String, HeldSiteAlert> getHeld() {
        return held;
    }

    public void setHeld(TreeMap<String, HeldSiteAlert> held) {
        this.held = held;
    }

    /** Site alerts inhibited by a fleet alert and never published, by alertId. */
    public TreeMap<String, HeldSiteAlert> getSwallowed() {
        return swallowed;
    }

    public void setSwallowed(TreeMap<String, HeldSiteAlert> swallowed) {
        this.swallowed = swallowed;
    }

    /** Site alerts published and not resolved, by alertId. */
    public TreeMap<String, PublishedSiteAlert> getPublished() {
        return published;
    }

    public void setPublished(TreeMap<String, PublishedSiteAlert> published) {
        this.published = published;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FleetState f
                && clock == f.clock
                && sites.equals(f.sites)
                && outages.equals(f.outages)
                && proxyOutages.equals(f.proxyOutages)
                && held.equals(f.held)
                && swallowed.equals(f.swallowed)
                && published.equals(f.published);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clock, sites.keySet(), outages.keySet(), held.keySet());
    }

    @Override
    public String toString() {
        return "FleetState{clock " + clock + ", sites " + sites.keySet() + ", outages " + outages.values()
                + ", proxy outages "
                + proxyOutages.values() + ", held "
                + held.keySet() + ", swallowed " + swallowed.keySet() + ", published " + published.keySet() + '}';
    }
}
