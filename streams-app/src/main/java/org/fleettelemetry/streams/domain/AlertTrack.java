package org.fleettelemetry.streams.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fleettelemetry.schemas.avro.Severity;

/**
 * One open alert: its identity and revision, and what was last published (meaningful change is judged against
 * it). Mutable, Jackson bean; stored inside {@link OutageTrack}.
 */
public final class AlertTrack {
    private String alertId;
    private long openedAt;
    private int revision;
    private long firstSeen;
    private long lastSeen;
    private String errorCode;
    private Severity severity;
    private int affected;
    private int active;
    private double ratio;
    private boolean flapping;
    private Long calmSince;
    private long publishedAt;
    private List<String> sites = new ArrayList<>();
    private List<String> sampleEndpoints = new ArrayList<>();
    private List<String> targetHosts = new ArrayList<>();
    private List<String> products = new ArrayList<>();
    /** What the active probe said in the last publication; null when none of the affected endpoints probed. */
    private ProbeFigures probe;

    public AlertTrack() {}

    public ProbeFigures getProbe() {
        return probe;
    }

    public void setProbe(ProbeFigures probe) {
        this.probe = probe;
    }

    public String getAlertId() {
        return alertId;
    }

    public void setAlertId(String alertId) {
        this.alertId = alertId;
    }

    public long getOpenedAt() {
        return openedAt;
    }

    public void setOpenedAt(long openedAt) {
        this.openedAt = openedAt;
    }

    public int getRevision() {
        return revision;
    }

    public void setRevision(int revision) {
        this.revision = revision;
    }

    public long getFirstSeen() {
        return firstSeen;
    }

    public void setFirstSeen(long firstSeen) {
        this.firstSeen = firstSeen;
    }

    public long getLastSeen() {
        return lastSeen;
    }

    public void setLastSeen(long lastSeen) {
        this.lastSeen = lastSeen;
    }

    public String getErrorCode() {
        return errorCode;
    }

    public void setErrorCode(String errorCode) {
        this.errorCode = errorCode;
    }

    public Severity getSeverity() {
        return severity;
    }

    public void setSeverity(Severity severity) {
        this.severity = severity;
    }

    /** Affected count last published. */
    public int getAffected() {
        return affected;
    }

    public void setAffected(int affected) {
        this.affected = affected;
    }

    public int getActive() {
        return active;
    }

    public void setActive(int active) {
        this.active = active;
    }

    public double getRatio() {
        return ratio;
    }

    public void setRatio(double ratio) {
        this.ratio = ratio;
    }

    public boolean isFlapping() {
        return flapping;
    }

    public void setFlapping(boolean flapping) {
        this.flapping = flapping;
    }

    /** Since when the outage is below the keep-open level; null while it holds. */
    public Long getCalmSince() {
        return calmSince;
    }

    public void setCalmSince(Long calmSince) {
        this.calmSince = calmSince;
    }

    /** When the last event of this alert was published. */
    public long getPublishedAt() {
        return publishedAt;
    }

    public void setPublishedAt(long publishedAt) {
        this.publishedAt = publishedAt;
    }

    public List<String> getSites() {
        return sites;
    }

    public void setSites(List<String> sites) {
        this.sites = new ArrayList<>(sites);
    }

    public List<String> getSampleEndpoints() {
        return sampleEndpoints;
    }

    public void setSampleEndpoints(List<String> sampleEndpoints) {
        this.sampleEndpoints = new ArrayList<>(sampleEndpoints);
    }

    public List<String> getTargetHosts() {
        return targetHosts;
    }

    public void setTargetHosts(List<String> targetHosts) {
        this.targetHosts = new ArrayList<>(targetHosts);
    }

    public List<String> getProducts() {
        return products;
    }

    public void setProducts(List<String> products) {
        this.products = new ArrayList<>(products);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertTrack t
                && openedAt == t.openedAt
                && revision == t.revision
                && firstSeen == t.firstSeen
                && lastSeen == t.lastSeen
                && affected == t.affected
                && active == t.active
                && Double.compare(ratio, t.ratio) == 0
                && flapping == t.flapping
                && Objects.equals(alertId, t.alertId)
                && Objects.equals(errorCode, t.errorCode)
                && severity == t.severity
                && Objects.equals(calmSince, t.calmSince)
                && publishedAt == t.publishedAt
                && sites.equals(t.sites)
                && sampleEndpoints.equals(t.sampleEndpoints)
                && targetHosts.equals(t.targetHosts)
                && products.equals(t.products)
                && Objects.equals(probe, t.probe);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alertId, revision, affected, severity, calmSince);
    }

    @Override
    public String toString() {
        return "AlertTrack{" + alertId + " rev " + revision + ", " + severity + ", affected " + affected + "/"
                + active + (flapping ? ", flapping" : "") + (calmSince == null ? "" : ", calm since " + calmSince)
                + '}';
    }
}
