package org.fleettelemetry.streams.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the site rules keep for one site; the topology stores it in the site-state store under the site name.
 * Mutable Jackson bean, changed only by {@link SiteRules}. Maps are sorted so the JSON and the evaluation order are
 * deterministic.
 *
 * <p>Size: one small {@link OutageTrack} per open or recently open outage, plus at most 16 samples: a few kilobytes
 * whatever the size of the site. The endpoint tracks are not here: the caller keeps them in a store of their own
 * (see {@link SiteRules}). States written before that kept them under {@code endpoints}, always empty; the domain's
 * mapper ignores the key ({@link DomainJson}).
 */
public final class SiteState {
    private String site;
    private long clock;
    private TreeMap<String, OutageTrack> outages = new TreeMap<>();
    private OutageTrack silent;
    private List<ActiveSample> activeHistory = new ArrayList<>();
    private SiteSummary summary;
    private Long firstHeardWall;

    public SiteState() {}

    public SiteState(String site) {
        this.site = Objects.requireNonNull(site, "site");
        this.summary = SiteSummary.empty(site);
    }

    public String getSite() {
        return site;
    }

    public void setSite(String site) {
        this.site = site;
    }

    /** The latest evaluation time: evaluations never run backwards, whatever time the caller passes. */
    public long getClock() {
        return clock;
    }

    public void setClock(long clock) {
        this.clock = clock;
    }

    /** By {@code proxy|CLASS}. */
    public TreeMap<String, OutageTrack> getOutages() {
        return outages;
    }

    public void setOutages(TreeMap<String, OutageTrack> outages) {
        this.outages = outages;
    }

    /** The SILENT outage of the site, null when none is open or remembered. */
    public OutageTrack getSilent() {
        return silent;
    }

    public void setSilent(OutageTrack silent) {
        this.silent = silent;
    }

    /** Active counts, one per minute, oldest first. */
    public List<ActiveSample> getActiveHistory() {
        return activeHistory;
    }

    public void setActiveHistory(List<ActiveSample> activeHistory) {
        this.activeHistory = new ArrayList<>(activeHistory);
    }

    /**
     * Wall-clock time the site stage first heard of the site: its population warm-up runs from here (see {@link
     * DetectionParams#populationWarmup()}). Null for a state an older version wrote, whose site was known long before.
     */
    public Long getFirstHeardWall() {
        return firstHeardWall;
    }

    public void setFirstHeardWall(Long firstHeardWall) {
        this.firstHeardWall = firstHeardWall;
    }

    /** The summary as of the last evaluation. */
    public SiteSummary getSummary() {
        return summary;
    }

    public void setSummary(SiteSummary summary) {
        this.summary = summary;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SiteState s
                && clock == s.clock
                && Objects.equals(site, s.site)
                && outages.equals(s.outages)
                && Objects.equals(silent, s.silent)
                && activeHistory.equals(s.activeHistory)
                && Objects.equals(summary, s.summary)
                && Objects.equals(firstHeardWall, s.firstHeardWall);
    }

    @Override
    public int hashCode() {
        return Objects.hash(site, clock, outages.keySet());
    }

    @Override
    public String toString() {
        return "SiteState{" + site + ", clock " + clock + ", outages " + outages.values() + ", silent " + silent + '}';
    }
}
