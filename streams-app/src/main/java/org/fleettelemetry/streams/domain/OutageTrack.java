package org.fleettelemetry.streams.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.OutageScope;

/**
 * The lifecycle state of one outage key: a site's (proxy, class), a site's SILENT, a fleet class, or a proxy's class
 * across the sites that share the proxy. Outlives its
 * alerts for the flap window, to count how often the key opened. Mutable, Jackson bean.
 */
public final class OutageTrack {
    private AlertScope scope;
    private boolean proxyWide;
    private String site;
    private String proxy;
    private ErrorClass errorClass;
    private AlertTrack alert;
    private List<Long> openTimes = new ArrayList<>();
    private Integer baseline;
    private Long baselineAt;
    private Long pendingSince;
    private Long pendingWall;

    public OutageTrack() {}

    public OutageTrack(AlertScope scope, String site, String proxy, ErrorClass errorClass) {
        this.scope = scope;
        this.site = site;
        this.proxy = proxy;
        this.errorClass = errorClass;
    }

    public AlertScope getScope() {
        return scope;
    }

    public void setScope(AlertScope scope) {
        this.scope = scope;
    }

    /**
     * True for a proxy's outage across the sites that share it: published with {@code scope} FLEET (the symbol readers
     * of the first schema know) and {@code outageScope} PROXY. False in tracks written before it existed.
     */
    public boolean isProxyWide() {
        return proxyWide;
    }

    public void setProxyWide(boolean proxyWide) {
        this.proxyWide = proxyWide;
    }

    /** The exact scope: what the alert's {@code outageScope} says. */
    public OutageScope outageScope() {
        if (proxyWide) {
            return OutageScope.PROXY;
        }
        return switch (scope) {
            case HOST -> OutageScope.HOST;
            case SITE -> OutageScope.SITE;
            case FLEET -> OutageScope.FLEET;
        };
    }

    /** Null for FLEET and a proxy outage across sites. */
    public String getSite() {
        return site;
    }

    public void setSite(String site) {
        this.site = site;
    }

    /** Null for FLEET and SILENT; the proxy of a proxy outage across sites. */
    public String getProxy() {
        return proxy;
    }

    public void setProxy(String proxy) {
        this.proxy = proxy;
    }

    public ErrorClass getErrorClass() {
        return errorClass;
    }

    public void setErrorClass(ErrorClass errorClass) {
        this.errorClass = errorClass;
    }

    /** The open alert, null while none is open. */
    public AlertTrack getAlert() {
        return alert;
    }

    public void setAlert(AlertTrack alert) {
        this.alert = alert;
    }

    /** When this key opened, within the flap window. */
    public List<Long> getOpenTimes() {
        return openTimes;
    }

    public void setOpenTimes(List<Long> openTimes) {
        this.openTimes = new ArrayList<>(openTimes);
    }

    /** SILENT only: the active count before the drop. */
    public Integer getBaseline() {
        return baseline;
    }

    public void setBaseline(Integer baseline) {
        this.baseline = baseline;
    }

    /** SILENT only: when the baseline was sampled. */
    public Long getBaselineAt() {
        return baselineAt;
    }

    public void setBaselineAt(Long baselineAt) {
        this.baselineAt = baselineAt;
    }

    /**
     * While nothing is open: the evaluation time at which the opening condition was first seen to hold, in a run
     * that has held since (see {@link DetectionParams#settle()}); null when it does not hold.
     */
    public Long getPendingSince() {
        return pendingSince;
    }

    public void setPendingSince(Long pendingSince) {
        this.pendingSince = pendingSince;
    }

    /** The wall-clock time that went with {@link #getPendingSince()}: the settle is arrival time. */
    public Long getPendingWall() {
        return pendingWall;
    }

    public void setPendingWall(Long pendingWall) {
        this.pendingWall = pendingWall;
    }

    void clearPending() {
        pendingSince = null;
        pendingWall = null;
    }

    /**
     * True when nothing is open or pending and no open within the flap window is left to remember: the track can
     * go.
     */
    boolean idleAt(long now, DetectionParams params) {
        openTimes.removeIf(t -> now - t > params.flapWindow().toMillis());
        return alert == null && openTimes.isEmpty() && pendingSince == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutageTrack t
                && scope == t.scope
                && proxyWide == t.proxyWide
                && Objects.equals(site, t.site)
                && Objects.equals(proxy, t.proxy)
                && errorClass == t.errorClass
                && Objects.equals(alert, t.alert)
                && openTimes.equals(t.openTimes)
                && Objects.equals(baseline, t.baseline)
                && Objects.equals(baselineAt, t.baselineAt)
                && Objects.equals(pendingSince, t.pendingSince)
                && Objects.equals(pendingWall, t.pendingWall);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scope, site, proxy, errorClass, alert);
    }

    @Override
    public String toString() {
        return "OutageTrack{" + (proxyWide ? "PROXY" : scope) + " " + site + " " + proxy + " " + errorClass + ", "
                + alert + ", opens " + openTimes + '}';
    }
}
