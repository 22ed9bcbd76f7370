package org.fleettelemetry.streams.domain;

import java.time.Duration;

/**
 * The thresholds of the outage rules. Immutable; build with {@link #builder()}, which validates and names the
 * offending parameter. {@link #defaults()} are the values the SOC agreed on.
 */
public final class DetectionParams {
    private final Duration evaluationPeriod;
    private final int minAffected;
    private final double openRatio;
    private final double closeRatio;
    private final Duration resolveAfter;
    private final Duration activeWindow;
    private final int flapThreshold;
    private final Duration flapWindow;
    private final double updateStepRatio;
    private final double updateStepFraction;
    private final int updateMinStep;
    private final Duration updateInterval;
    private final double severityMargin;
    private final long slowThresholdMs;
    private final double silentDropRatio;
    private final int silentMinDrop;
    private final Duration silentWindow;
    private final int fleetMinSites;
    private final double fleetSiteRatio;
    private final Duration groupWait;
    private final Duration settle;
    private final Duration populationWarmup;
    private final int sampleSize;
    private final int maxTrackedHosts;
    private final Duration endpointRetention;
    private final Duration siteRetention;

    private DetectionParams(Builder b) {
        this.evaluationPeriod = b.evaluationPeriod;
        this.minAffected = b.minAffected;
        this.openRatio = b.openRatio;
        this.closeRatio = b.closeRatio;
        this.resolveAfter = b.resolveAfter;
        this.activeWindow = b.activeWindow;
        this.flapThreshold = b.flapThreshold;
        this.flapWindow = b.flapWindow;
        this.updateStepRatio = b.updateStepRatio;
        this.updateStepFraction = b.updateStepFraction;
        this.updateMinStep = b.updateMinStep;
        this.updateInterval = b.updateInterval;
        this.severityMargin = b.severityMargin;
        this.slowThresholdMs = b.slowThresholdMs;
        this.silentDropRatio = b.silentDropRatio;
        this.silentMinDrop = b.silentMinDrop;
        this.silentWindow = b.silentWindow;
        this.fleetMinSites = b.fleetMinSites;
        this.fleetSiteRatio = b.fleetSiteRatio;
        this.groupWait = b.groupWait;
        this.settle = b.settle;
        this.populationWarmup = b.populationWarmup;
        this.sampleSize = b.sampleSize;
        this.maxTrackedHosts = b.maxTrackedHosts;
        this.endpointRetention = b.endpointRetention;
        this.siteRetention = b.siteRetention;
    }

    public static DetectionParams defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.evaluationPeriod = evaluationPeriod;
        b.minAffected = minAffected;
        b.openRatio = openRatio;
        b.closeRatio = closeRatio;
        b.resolveAfter = resolveAfter;
        b.activeWindow = activeWindow;
        b.flapThreshold = flapThreshold;
        b.flapWindow = flapWindow;
        b.updateStepRatio = updateStepRatio;
        b.updateStepFraction = updateStepFraction;
        b.updateMinStep = updateMinStep;
        b.updateInterval = updateInterval;
        b.severityMargin = severityMargin;
        b.slowThresholdMs = slowThresholdMs;
        b.silentDropRatio = silentDropRatio;
        b.silentMinDrop = silentMinDrop;
        b.silentWindow = silentWindow;
        b.fleetMinSites = fleetMinSites;
        b.fleetSiteRatio = fleetSiteRatio;
        b.groupWait = groupWait;
        b.settle = settle;
        b.populationWarmup = populationWarmup;
        b.sampleSize = sampleSize;
        b.maxTrackedHosts = maxTrackedHosts;
        b.endpointRetention = endpointRetention;
        b.siteRetention = siteRetention;
        return b;
    }

    /** A failure counts toward an outage for this long after it happened. */
    public Duration evaluationPeriod() {
        return evaluationPeriod;
    }

    /** Fewer affected endpoints than this never open an outage, whatever the ratio. */
    public int minAffected() {
        return minAffected;
    }

    /** affected / active at or above this (with {@link #minAffected()}) opens an outage. */
    public double openRatio() {
        return openRatio;
    }

    /** An open outage stays open while affected / active is at or above this (hysteresis). */
    public double closeRatio() {
        return closeRatio;
    }

    /** An open outage resolves after its ratio stayed below {@link #closeRatio()} this long. */
    public Duration resolveAfter() {
        return resolveAfter;
    }

    /** An endpoint is active when seen (any observation) within this window. */
    public Duration activeWindow() {
        return activeWindow;
    }

    /** More opens than this within {@link #flapWindow()} mark the outage flapping. */
    public int flapThreshold() {
        return flapThreshold;
    }

    /** The window opens are counted in, and how long a flapping outage must stay calm to resolve. */
    public Duration flapWindow() {
        return flapWindow;
    }

    /** A change of the ratio by this much is meaningful (given {@link #updateMinStep()}). */
    public double updateStepRatio() {
        return updateStepRatio;
    }

    /** A change of the affected count by this fraction of the last published count is meaningful. */
    public double updateStepFraction() {
        return updateStepFraction;
    }

    /** The affected count must move by at least this much for an UPDATE. */
    public int updateMinStep() {
        return updateMinStep;
    }

    /**
     * At most one UPDATE per alert within this interval, except a severity rise, which goes out at once: small groups
     * wobble by a step now and then, and the SOC needs the trend, not every wobble.
     */
    public Duration updateInterval() {
        return updateInterval;
    }

    /** A lower severity is published only once the ratio is this far below the band it left. */
    public double severityMargin() {
        return severityMargin;
    }

    /** An ORSP answer at least this slow is a CLOUD_LOOKUP failure; faster ones are healthy contacts. */
    public long slowThresholdMs() {
        return slowThresholdMs;
    }

    /** A site is SILENT when its active count drops by more than this fraction ... */
    public double silentDropRatio() {
        return silentDropRatio;
    }

    /** ... and by at least this many endpoints ... */
    public int silentMinDrop() {
        return silentMinDrop;
    }

    /** ... within this window. */
    public Duration silentWindow() {
        return silentWindow;
    }

    /** A class is a FLEET outage when its site condition holds at this many sites ... */
    public int fleetMinSites() {
        return fleetMinSites;
    }

    /** ... or at this fraction of the active sites (and at least 2). */
    public double fleetSiteRatio() {
        return fleetSiteRatio;
    }

    /** A site OPEN is held this long before publication, so that a fleet outage can swallow it. */
    public Duration groupWait() {
        return groupWait;
    }

    /**
     * An outage condition must hold for this long, in arrival (wall-clock) time, before its alert opens: a backlog
     * arrives in an order no one controls (an endpoint's deepguard.log before its spplug.log, one endpoint's spool
     * before its neighbours'), and what arrives within this time may still refute the condition. The alert keeps
     * the time the condition was first crossed as its opening time, so the fleet stage's group wait runs from there
     * and a settle within the group wait delays no publication.
     */
    public Duration settle() {
        return settle;
    }

    /**
     * A site's ratios are not trusted until this long (wall-clock) after the site stage first heard of the site: its
     * denominator, the active endpoints, is only known once every running collector there had the time to send a
     * heartbeat. The site's state keeps when that was, so a restart or a moved task does not start over.
     */
    public Duration populationWarmup() {
        return populationWarmup;
    }

    /** How many endpoint ids an alert lists. */
    public int sampleSize() {
        return sampleSize;
    }

    /** How many target hosts an alert lists. */
    public int maxTrackedHosts() {
        return maxTrackedHosts;
    }

    /** Endpoints not seen this long are forgotten (bounds the site state; SILENT endpoints age out here). */
    public Duration endpointRetention() {
        return endpointRetention;
    }

    /** Sites with no active endpoint this long are forgotten by the fleet state. */
    public Duration siteRetention() {
        return siteRetention;
    }

    @Override
    public String toString() {
        return "DetectionParams{evaluationPeriod=" + evaluationPeriod + ", minAffected=" + minAffected
                + ", openRatio=" + openRatio + ", closeRatio=" + closeRatio + ", resolveAfter=" + resolveAfter
                + ", activeWindow=" + activeWindow + ", flapThreshold=" + flapThreshold + ", flapWindow=" + flapWindow
                + ", updateStepRatio=" + updateStepRatio + ", updateStepFraction=" + updateStepFraction
                + ", updateMinStep=" + updateMinStep + ", updateInterval=" + updateInterval + ", severityMargin="
                + severityMargin
                + ", slowThresholdMs=" + slowThresholdMs + ", silentDropRatio=" + silentDropRatio
                + ", silentMinDrop=" + silentMinDrop + ", silentWindow=" + silentWindow
                + ", fleetMinSites=" + fleetMinSites + ", fleetSiteRatio=" + fleetSiteRatio
                + ", groupWait=" + groupWait + ", sampleSize=" + sampleSize + ", maxTrackedHosts=" + maxTrackedHosts
                + ", endpointRetention=" + endpointRetention + ", siteRetention=" + siteRetention + '}';
    }

    /** Collects values; {@link #build()} validates them all. */
    public static final class Builder {
        private Duration evaluationPeriod = Duration.ofMinutes(5);
        private int minAffected = 3;
        private double openRatio = 0.2;
        private double closeRatio = 0.05;
        private Duration resolveAfter = Duration.ofMinutes(10);
        private Duration activeWindow = Duration.ofMinutes(10);
        private int flapThreshold = 3;
        private Duration flapWindow = Duration.ofHours(1);
        private double updateStepRatio = 0.1;
        private double updateStepFraction = 0.25;
        private int updateMinStep = 2;
        private Duration updateInterval = Duration.ofMinutes(5);
        private double severityMargin = 0.05;
        private long slowThresholdMs = 2000;
        private double silentDropRatio = 0.5;
        private int silentMinDrop = 3;
        private Duration silentWindow = Duration.ofMinutes(5);
        private int fleetMinSites = 3;
        private double fleetSiteRatio = 0.5;
        private Duration groupWait = Duration.ofSeconds(30);
        private Duration settle = Duration.ofSeconds(10);
        private Duration populationWarmup = Duration.ofSeconds(30);
        private int sampleSize = 5;
        private int maxTrackedHosts = 5;
        private Duration endpointRetention = Duration.ofHours(24);
        private Duration siteRetention = Duration.ofHours(24);

        private Builder() {}

        public Builder evaluationPeriod(Duration v) {
            evaluationPeriod = v;
            return this;
        }

        public Builder minAffected(int v) {
            minAffected = v;
            return this;
        }

        public Builder openRatio(double v) {
            openRatio = v;
            return this;
        }

        public Builder closeRatio(double v) {
            closeRatio = v;
            return this;
        }

        public Builder resolveAfter(Duration v) {
            resolveAfter = v;
            return this;
        }

        public Builder activeWindow(Duration v) {
            activeWindow = v;
            return this;
        }

        public Builder flapThreshold(int v) {
            flapThreshold = v;
            return this;
        }

        public Builder flapWindow(Duration v) {
            flapWindow = v;
            return this;
        }

        public Builder updateStepRatio(double v) {
            updateStepRatio = v;
            return this;
        }

        public Builder updateStepFraction(double v) {
            updateStepFraction = v;
            return this;
        }

        public Builder updateMinStep(int v) {
            updateMinStep = v;
            return this;
        }

        public Builder updateInterval(Duration v) {
            updateInterval = v;
            return this;
        }

        public Builder severityMargin(double v) {
            severityMargin = v;
            return this;
        }

        public Builder slowThresholdMs(long v) {
            slowThresholdMs = v;
            return this;
        }

        public Builder silentDropRatio(double v) {
            silentDropRatio = v;
            return this;
        }

        public Builder silentMinDrop(int v) {
            silentMinDrop = v;
            return this;
        }

        public Builder silentWindow(Duration v) {
            silentWindow = v;
            return this;
        }

        public Builder fleetMinSites(int v) {
            fleetMinSites = v;
            return this;
        }

        public Builder fleetSiteRatio(double v) {
            fleetSiteRatio = v;
            return this;
        }

        public Builder groupWait(Duration v) {
            groupWait = v;
            return this;
        }

        public Builder settle(Duration v) {
            settle = v;
            return this;
        }

        public Builder populationWarmup(Duration v) {
            populationWarmup = v;
            return this;
        }

        public Builder sampleSize(int v) {
            sampleSize = v;
            return this;
        }

        public Builder maxTrackedHosts(int v) {
            maxTrackedHosts = v;
            return this;
        }

        public Builder endpointRetention(Duration v) {
            endpointRetention = v;
            return this;
        }

        public Builder siteRetention(Duration v) {
            siteRetention = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid parameter */
        public DetectionParams build() {
            positive("evaluationPeriod", evaluationPeriod);
            positive("resolveAfter", resolveAfter);
            positive("activeWindow", activeWindow);
            positive("flapWindow", flapWindow);
            positive("silentWindow", silentWindow);
            positive("endpointRetention", endpointRetention);
            positive("siteRetention", siteRetention);
            notNegative("groupWait", groupWait);
            notNegative("settle", settle);
            notNegative("populationWarmup", populationWarmup);
            notNegative("updateInterval", updateInterval);
            atLeast("minAffected", minAffected, 1);
            atLeast("flapThreshold", flapThreshold, 1);
            atLeast("updateMinStep", updateMinStep, 1);
            atLeast("silentMinDrop", silentMinDrop, 1);
            atLeast("fleetMinSites", fleetMinSites, 2);
            atLeast("sampleSize", sampleSize, 0);
            atLeast("maxTrackedHosts", maxTrackedHosts, 0);
            fraction("openRatio", openRatio);
            fraction("closeRatio", closeRatio);
            fraction("updateStepRatio", updateStepRatio);
            fraction("updateStepFraction", updateStepFraction);
            fraction("silentDropRatio", silentDropRatio);
            fraction("fleetSiteRatio", fleetSiteRatio);
            if (!(severityMargin >= 0 && severityMargin < 1)) {
                throw new IllegalArgumentException("severityMargin must be in [0, 1), was " + severityMargin);
            }
            if (closeRatio >= openRatio) {
                throw new IllegalArgumentException(
                        "closeRatio must be below openRatio, was " + closeRatio + " >= " + openRatio);
            }
            if (slowThresholdMs <= 0) {
                throw new IllegalArgumentException("slowThresholdMs must be positive, was " + slowThresholdMs);
            }
            if (endpointRetention.compareTo(activeWindow) <= 0) {
                throw new IllegalArgumentException(
                        "endpointRetention must exceed activeWindow, was " + endpointRetention + " <= " + activeWindow);
            }
            return new DetectionParams(this);
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
            }
        }

        private static void notNegative(String name, Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + d);
            }
        }

        private static void atLeast(String name, int v, int min) {
            if (v < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", was " + v);
            }
        }

        private static void fraction(String name, double v) {
            if (!(v > 0 && v <= 1)) {
                throw new IllegalArgumentException(name + " must be in (0, 1], was " + v);
            }
        }
    }
}
