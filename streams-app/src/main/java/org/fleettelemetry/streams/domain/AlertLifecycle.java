package org.fleettelemetry.streams.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.Severity;

/**
 * The OPEN / UPDATE / RESOLVED state machine shared by site, SILENT and fleet outages. At most one event per key per
 * evaluation; revisions count 1, 2, 3...; RESOLVED exactly once, after which the key may open a new alert with a new
 * id.
 *
 * <p>UPDATE only on meaningful change against what was last published: a severity rise (at once), or, at most once
 * per {@code updateInterval}, a severity fall past the margin, an affected count moved by a step (at least
 * {@code updateMinStep}, and {@code updateStepFraction} of the published count or {@code updateStepRatio} of the
 * ratio), or for FLEET the number of sites moved by such a step, or what the active probe says of it changed
 * materially (its confirmed count by such a step, the first confirmation, or another failing step). Nothing while
 * calm: the RESOLVED will say it.
 *
 * <p>Flapping: the open that makes more than {@code flapThreshold} opens of the key within {@code flapWindow} is
 * published with {@code flapping=true} (the flap is known at that moment; an OPEN followed at once by an UPDATE would
 * be one event more for the SOC). A flapping alert is held open, whatever the condition, until it has stayed calm
 * for a full {@code flapWindow}.
 */
final class AlertLifecycle {

    private AlertLifecycle() {}

    static Optional<ConnectivityAlert> step(
            OutageTrack track, OutageCondition condition, OutageFigures figures, long now, DetectionParams params) {
        return step(track, condition, figures, now, now, params);
    }

    /**
     * As {@link #step(OutageTrack, OutageCondition, OutageFigures, long, DetectionParams)}; an OPEN takes
     * {@code openAt} as its opening time (the time its condition was first crossed, when it had to settle first).
     */
    static Optional<ConnectivityAlert> step(
            OutageTrack track,
            OutageCondition condition,
            OutageFigures figures,
            long now,
            long openAt,
            DetectionParams params) {
        AlertTrack alert = track.getAlert();
        if (alert == null) {
            return condition == OutageCondition.OPENING
                    ? Optional.of(open(track, figures, now, Math.min(openAt, now), params))
                    : Optional.empty();
        }
        if (figures.lastSeen() != null && figures.lastSeen() > alert.getLastSeen()) {
            alert.setLastSeen(figures.lastSeen());
        }
        switch (condition) {
            case NO_DATA:
                return Optional.empty();
            case OPENING:
            case HOLDING:
                alert.setCalmSince(null);
                return meaningfulChange(track, alert, figures, now, params)
                        ? Optional.of(publish(track, alert, AlertStatus.UPDATE, figures, now, params))
                        : Optional.empty();
            default:
                if (alert.getCalmSince() == null) {
                    alert.setCalmSince(now);
                }
                long calm = now - alert.getCalmSince();
                boolean resolve = alert.isFlapping()
                        ? calm >= params.flapWindow().toMillis()
                        : condition == OutageCondition.RECOVERED
                                || calm >= params.resolveAfter().toMillis();
                if (!resolve) {
                    // improvements while calm are not news: the RESOLVED will say it
                    return Optional.empty();
                }
                ConnectivityAlert resolved = publish(track, alert, AlertStatus.RESOLVED, figures, now, params);
                track.setAlert(null);
                return Optional.of(resolved);
        }
    }

    private static ConnectivityAlert open(
            OutageTrack track, OutageFigures figures, long now, long openAt, DetectionParams params) {
        track.getOpenTimes().removeIf(t -> now - t > params.flapWindow().toMillis());
        track.getOpenTimes().add(openAt);
        AlertTrack alert = new AlertTrack();
        alert.setAlertId(AlertIds.of(track, openAt));
        alert.setOpenedAt(openAt);
        alert.setRevision(0);
        alert.setFlapping(track.getOpenTimes().size() > params.flapThreshold());
        alert.setFirstSeen(figures.firstSeen() == null ? now : figures.firstSeen());
        alert.setLastSeen(figures.lastSeen() == null ? now : figures.lastSeen());
        track.setAlert(alert);
        return publish(track, alert, AlertStatus.OPEN, figures, now, params);
    }

    private static boolean meaningfulChange(
            OutageTrack track, AlertTrack alert, OutageFigures figures, long now, DetectionParams params) {
        Severity next = SeverityRule.next(
                alert.getSeverity(), track.getErrorClass(), track.getScope(), figures.ratio(), params.severityMargin());
        if (next.compareTo(alert.getSeverity()) > 0) {
            return true;
        }
        if (now - alert.getPublishedAt() < params.updateInterval().toMillis()) {
            return false;
        }
        if (next != alert.getSeverity()) {
            return true;
        }
        if (step(figures.affected(), alert.getAffected(), figures.ratio(), alert.getRatio(), params)) {
            return true;
        }
        if (probeChanged(alert.getProbe(), figures.probe(), params)) {
            return true;
        }
        // a FLEET (or proxy) outage spreading to more sites is news, by the same step as endpoints
        int sitesDelta = Math.abs(figures.sites().size() - alert.getSites().size());
        return track.getScope() == AlertScope.FLEET
                && sitesDelta >= params.updateMinStep()
                && sitesDelta
                        >= Math.ceil(
                                params.updateStepFraction() * alert.getSites().size());
    }

    /**
     * A count moved meaningfully: by at least updateMinStep, and by updateStepFraction of the published count or by
     * updateStepRatio of the ratio.
     */
    private static boolean step(int count, int published, double ratio, double publishedRatio, DetectionParams p) {
        int delta = Math.abs(count - published);
        return delta >= p.updateMinStep()
                && (delta >= Math.ceil(p.updateStepFraction() * published)
                        || Math.abs(ratio - publishedRatio) >= p.updateStepRatio());
    }

    /**
     * Whether what the probe says changed enough to publish: the outage became confirmed (or stopped being), the
     * failing step changed, or the confirmed count moved by a step as the affected count must. A probe result that
     * merely appears or wobbles by one is not news.
     */
    private static boolean probeChanged(ProbeFigures published, ProbeFigures now, DetectionParams params) {
        int was = published == null ? 0 : published.confirmed();
        int is = now == null ? 0 : now.confirmed();
        if ((was == 0) != (is == 0)) {
            return true;
        }
        if (is == 0) {
            return false;
        }
        if (!Objects.equals(published.failedStep(), now.failedStep())) {
            return true;
        }
        int delta = Math.abs(is - was);
        return delta >= params.updateMinStep() && delta >= Math.ceil(params.updateStepFraction() * was);
    }

    /** Advances the revision, remembers what is published, and builds the event. */
    private static ConnectivityAlert publish(
            OutageTrack track,
            AlertTrack alert,
            AlertStatus status,
            OutageFigures figures,
            long now,
            DetectionParams params) {
        alert.setRevision(alert.getRevision() + 1);
        alert.setPublishedAt(now);
        if (status != AlertStatus.RESOLVED) {
            alert.setSeverity(SeverityRule.next(
                    alert.getSeverity(),
                    track.getErrorClass(),
                    track.getScope(),
                    figures.ratio(),
                    params.severityMargin()));
            alert.setAffected(figures.affected());
            alert.setActive(figures.active());
            alert.setRatio(figures.ratio());
            alert.setProbe(figures.probe());
        }
        if (figures.errorCode() != null) {
            alert.setErrorCode(figures.errorCode());
        }
        if (figures.affected() > 0) {
            // a RESOLVED with nothing left affected still names who and what was hit
            alert.setSampleEndpoints(figures.sampleEndpoints());
            alert.setTargetHosts(figures.targetHosts());
            alert.setProducts(figures.products());
            alert.setSites(figures.sites());
        }
        Diagnosis diagnosis = Diagnosis.of(
                track.getErrorClass(),
                track.outageScope(),
                track.getProxy(),
                alert.getProducts(),
                alert.getTargetHosts());
        // the probe's word as last published (a RESOLVED keeps what the outage was confirmed by)
        ProbeFigures probe = alert.getProbe();
        String cause = probe == null ? diagnosis.cause() : diagnosis.cause() + "; " + probe.sentence();
        return ConnectivityAlert.newBuilder()
                .setAlertId(alert.getAlertId())
                .setStatus(status)
                .setRevision(alert.getRevision())
                .setSeverity(alert.getSeverity())
                .setScope(track.getScope())
                .setOutageScope(track.outageScope())
                .setSite(track.getSite())
                .setProxy(track.getProxy())
                .setErrorCode(alert.getErrorCode() == null ? defaultCode(track.getErrorClass()) : alert.getErrorCode())
                .setErrorClass(track.getErrorClass().name())
                .setCause(cause)
                .setAffectedEndpoints(figures.affected())
                .setActiveEndpoints(figures.active())
                .setRatio(figures.ratio())
                .setSampleEndpoints(List.copyOf(alert.getSampleEndpoints()))
                .setTargetHosts(List.copyOf(alert.getTargetHosts()))
                .setSites(track.getSite() == null ? List.copyOf(alert.getSites()) : List.of(track.getSite()))
                .setImpact(diagnosis.impact())
                .setRemediation(diagnosis.remediation())
                .setRemediationSteps(Diagnosis.Step.toAvro(diagnosis.steps()))
                .setFlapping(alert.isFlapping())
                .setFirstSeen(Instant.ofEpochMilli(alert.getFirstSeen()))
                .setLastSeen(Instant.ofEpochMilli(alert.getLastSeen()))
                .setOpenedAt(Instant.ofEpochMilli(alert.getOpenedAt()))
                .setResolvedAt(status == AlertStatus.RESOLVED ? Instant.ofEpochMilli(now) : null)
                .setProbeConfirmed(probe == null ? null : probe.confirmed())
                .setProbeEndpoints(probe == null ? null : probe.endpoints())
                .setProbeFailedStep(probe == null ? null : probe.failedStep())
                .setProbeDetail(probe == null ? null : probe.detail())
                .build();
    }

    private static String defaultCode(ErrorClass errorClass) {
        return errorClass == ErrorClass.SILENT ? "silent" : errorClass.name().toLowerCase(java.util.Locale.ROOT);
    }
}
