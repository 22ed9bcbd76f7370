package org.fleettelemetry.streams.domain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The thresholds of the outage rules. Immutable; build with {@link #builder()}, which validates and names the
 * offending parameter. {@link #defaults()} are the values the SOC agreed on.
 *
 * <p>{@link #SETTINGS} is the one table of them: each is declared once, as a constant below (key, default, bounds,
 * meaning), and read through its accessor. The config reader, the {@code config} command and the README's list
 * (checked by a test) come from the table.
 */
public final class DetectionParams {
    private static final int MANY = 1_000_000;

    public static final DetectionSetting<Duration> EVALUATION_PERIOD = DetectionSetting.duration(
            "detect.evaluation.period",
            "evaluationPeriod",
            Duration.ofMinutes(5),
            false,
            "A failure counts toward an outage for this long after it happened.");
    public static final DetectionSetting<Integer> MIN_AFFECTED = DetectionSetting.integer(
            "detect.min.affected",
            "minAffected",
            3,
            1,
            MANY,
            "Fewer affected endpoints than this never open an outage, whatever the ratio.");
    public static final DetectionSetting<Double> OPEN_RATIO = DetectionSetting.fraction(
            "detect.open.ratio",
            "openRatio",
            0.2,
            "affected / active at or above this (with detect.min.affected) opens an outage.");
    public static final DetectionSetting<Double> CLOSE_RATIO = DetectionSetting.fraction(
            "detect.close.ratio",
            "closeRatio",
            0.05,
            "An open outage stays open while affected / active is at or above this (hysteresis); below"
                    + " detect.open.ratio.");
    public static final DetectionSetting<Duration> RESOLVE_AFTER = DetectionSetting.duration(
            "detect.resolve.after",
            "resolveAfter",
            Duration.ofMinutes(10),
            false,
            "An open outage resolves after its ratio stayed below detect.close.ratio this long.");
    public static final DetectionSetting<Duration> ACTIVE_WINDOW = DetectionSetting.duration(
            "detect.active.window",
            "activeWindow",
            Duration.ofMinutes(10),
            false,
            "An endpoint is active when seen (any observation) within this window.");
    public static final DetectionSetting<Integer> FLAP_THRESHOLD = DetectionSetting.integer(
            "detect.flap.threshold",
            "flapThreshold",
            3,
            1,
            1000,
            "More opens than this within detect.flap.window mark the outage flapping.");
    public static final DetectionSetting<Duration> FLAP_WINDOW = DetectionSetting.duration(
            "detect.flap.window",
            "flapWindow",
            Duration.ofHours(1),
            false,
            "The window opens are counted in, and how long a flapping outage must stay calm to resolve.");
    public static final DetectionSetting<Double> UPDATE_STEP_RATIO = DetectionSetting.fraction(
            "detect.update.step.ratio",
            "updateStepRatio",
            0.1,
            "A change of the ratio by this much is meaningful (given detect.update.min.step).");
    public static final DetectionSetting<Double> UPDATE_STEP_FRACTION = DetectionSetting.fraction(
            "detect.update.step.fraction",
            "updateStepFraction",
            0.25,
            "A change of the affected count by this fraction of the last published count is meaningful.");
    public static final DetectionSetting<Integer> UPDATE_MIN_STEP = DetectionSetting.integer(
            "detect.update.min.step",
            "updateMinStep",
            2,
            1,
            MANY,
            "The affected count must move by at least this much for an UPDATE.");
    public static final DetectionSetting<Duration> UPDATE_INTERVAL = DetectionSetting.duration(
            "detect.update.interval",
            "updateInterval",
            Duration.ofMinutes(5),
            true,
            "At most one UPDATE per alert within this interval, except a severity rise, which goes out at once:"
                    + " small groups wobble by a step now and then, and the SOC needs the trend, not every wobble.");
    public static final DetectionSetting<Double> SEVERITY_MARGIN = DetectionSetting.margin(
            "detect.severity.margin",
            "severityMargin",
            0.05,
            "A lower severity is published only once the ratio is this far below the band it left.");
    public static final DetectionSetting<Long> SLOW_THRESHOLD_MS = DetectionSetting.longValue(
            "detect.slow.threshold.ms",
            "slowThresholdMs",
            2000,
            1,
            3_600_000,
            "An ORSP answer at least this slow (milliseconds) is a CLOUD_LOOKUP failure; faster ones are healthy"
                    + " contacts.");
    public static final DetectionSetting<Double> SILENT_DROP_RATIO = DetectionSetting.fraction(
            "detect.silent.drop.ratio",
            "silentDropRatio",
            0.5,
            "A site is SILENT when its active count drops by more than this fraction, by at least"
                    + " detect.silent.min.drop endpoints, within detect.silent.window.");
    public static final DetectionSetting<Integer> SILENT_MIN_DROP = DetectionSetting.integer(
            "detect.silent.min.drop", "silentMinDrop", 3, 1, MANY, "The fewest endpoints a SILENT drop must count.");
    public static final DetectionSetting<Duration> SILENT_WINDOW = DetectionSetting.duration(
            "detect.silent.window",
            "silentWindow",
            Duration.ofMinutes(5),
            false,
            "The window a SILENT drop is measured over.");
    public static final DetectionSetting<Integer> FLEET_MIN_SITES = DetectionSetting.integer(
            "detect.fleet.min.sites",
            "fleetMinSites",
            3,
            2,
            100_000,
            "A class is a FLEET outage when its site condition holds at this many sites, or at"
                    + " detect.fleet.site.ratio of the active sites.");
    public static final DetectionSetting<Double> FLEET_SITE_RATIO = DetectionSetting.fraction(
            "detect.fleet.site.ratio",
            "fleetSiteRatio",
            0.5,
            "The fraction of the active sites (and at least 2) at which a class is a FLEET outage.");
    public static final DetectionSetting<Duration> GROUP_WAIT = DetectionSetting.duration(
            "detect.group.wait",
            "groupWait",
            Duration.ofSeconds(30),
            true,
            "A site OPEN is held this long from its crossing before publication, so that a fleet outage can swallow"
                    + " it.");
    public static final DetectionSetting<Duration> SETTLE = DetectionSetting.duration(
            "detect.settle",
            "settle",
            Duration.ofSeconds(10),
            true,
            "An outage condition must hold for this long, in arrival (wall-clock) time, before its alert opens:"
                    + " what arrives within it (a symptom's cause, the rest of a site) may still refute it. The alert"
                    + " keeps the time of its crossing, so a settle within the group wait delays no publication.");
    public static final DetectionSetting<Duration> POPULATION_WARMUP = DetectionSetting.duration(
            "detect.population.warmup",
            "populationWarmup",
            Duration.ofSeconds(30),
            true,
            "A site's ratios are not trusted until this long (wall-clock) after the app first heard of the site:"
                    + " every running collector there has sent a heartbeat by then. Kept in the site's state, so a"
                    + " restart does not start over.");
    public static final DetectionSetting<Integer> SAMPLE_SIZE = DetectionSetting.integer(
            "detect.sample.size", "sampleSize", 5, 0, 100, "How many endpoint ids an alert lists.");
    public static final DetectionSetting<Integer> MAX_TRACKED_HOSTS = DetectionSetting.integer(
            "detect.max.tracked.hosts", "maxTrackedHosts", 5, 0, 100, "How many target hosts an alert lists.");
    public static final DetectionSetting<Duration> ENDPOINT_RETENTION = DetectionSetting.duration(
            "detect.endpoint.retention",
            "endpointRetention",
            Duration.ofHours(24),
            false,
            "Endpoints not seen this long are forgotten (bounds the site state; SILENT endpoints age out here);"
                    + " longer than detect.active.window.");
    public static final DetectionSetting<Duration> SITE_RETENTION = DetectionSetting.duration(
            "detect.site.retention",
            "siteRetention",
            Duration.ofHours(24),
            false,
            "A site with no active endpoint and nothing holding is forgotten by the fleet stage after this long.");

    /** Every detection setting, in the order the config command and the README list them. */
    public static final List<DetectionSetting<?>> SETTINGS = List.of(
            EVALUATION_PERIOD,
            MIN_AFFECTED,
            OPEN_RATIO,
            CLOSE_RATIO,
            RESOLVE_AFTER,
            ACTIVE_WINDOW,
            FLAP_THRESHOLD,
            FLAP_WINDOW,
            UPDATE_STEP_RATIO,
            UPDATE_STEP_FRACTION,
            UPDATE_MIN_STEP,
            UPDATE_INTERVAL,
            SEVERITY_MARGIN,
            SLOW_THRESHOLD_MS,
            SILENT_DROP_RATIO,
            SILENT_MIN_DROP,
            SILENT_WINDOW,
            FLEET_MIN_SITES,
            FLEET_SITE_RATIO,
            GROUP_WAIT,
            SETTLE,
            POPULATION_WARMUP,
            SAMPLE_SIZE,
            MAX_TRACKED_HOSTS,
            ENDPOINT_RETENTION,
            SITE_RETENTION);

    private final Map<DetectionSetting<?>, Object> values;
    // the three durations every event is compared against, as millis: a map lookup and a Duration each time cost the
    // endpoint stage a tenth of its thread (the lookup's key comparison alone 5 %, async-profiler)
    private final long evaluationPeriodMs;
    private final long activeWindowMs;
    private final long endpointRetentionMs;
    private final long slowThresholdMs;

    private DetectionParams(Map<DetectionSetting<?>, Object> values) {
        this.values = Map.copyOf(values);
        this.evaluationPeriodMs = evaluationPeriod().toMillis();
        this.activeWindowMs = activeWindow().toMillis();
        this.endpointRetentionMs = endpointRetention().toMillis();
        this.slowThresholdMs = get(SLOW_THRESHOLD_MS);
    }

    /** {@link #evaluationPeriod()} in milliseconds. */
    public long evaluationPeriodMs() {
        return evaluationPeriodMs;
    }

    /** {@link #activeWindow()} in milliseconds. */
    public long activeWindowMs() {
        return activeWindowMs;
    }

    /** {@link #endpointRetention()} in milliseconds. */
    public long endpointRetentionMs() {
        return endpointRetentionMs;
    }

    public static DetectionParams defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder(Map.of());
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(values);
    }

    /** The value of one setting. */
    public <T> T get(DetectionSetting<T> setting) {
        @SuppressWarnings("unchecked")
        T value = (T) values.get(setting);
        return value;
    }

    public Duration evaluationPeriod() {
        return get(EVALUATION_PERIOD);
    }

    public int minAffected() {
        return get(MIN_AFFECTED);
    }

    public double openRatio() {
        return get(OPEN_RATIO);
    }

    public double closeRatio() {
        return get(CLOSE_RATIO);
    }

    public Duration resolveAfter() {
        return get(RESOLVE_AFTER);
    }

    public Duration activeWindow() {
        return get(ACTIVE_WINDOW);
    }

    public int flapThreshold() {
        return get(FLAP_THRESHOLD);
    }

    public Duration flapWindow() {
        return get(FLAP_WINDOW);
    }

    public double updateStepRatio() {
        return get(UPDATE_STEP_RATIO);
    }

    public double updateStepFraction() {
        return get(UPDATE_STEP_FRACTION);
    }

    public int updateMinStep() {
        return get(UPDATE_MIN_STEP);
    }

    public Duration updateInterval() {
        return get(UPDATE_INTERVAL);
    }

    public double severityMargin() {
        return get(SEVERITY_MARGIN);
    }

    public long slowThresholdMs() {
        return slowThresholdMs;
    }

    public double silentDropRatio() {
        return get(SILENT_DROP_RATIO);
    }

    public int silentMinDrop() {
        return get(SILENT_MIN_DROP);
    }

    public Duration silentWindow() {
        return get(SILENT_WINDOW);
    }

    public int fleetMinSites() {
        return get(FLEET_MIN_SITES);
    }

    public double fleetSiteRatio() {
        return get(FLEET_SITE_RATIO);
    }

    public Duration groupWait() {
        return get(GROUP_WAIT);
    }

    public Duration settle() {
        return get(SETTLE);
    }

    public Duration populationWarmup() {
        return get(POPULATION_WARMUP);
    }

    public int sampleSize() {
        return get(SAMPLE_SIZE);
    }

    public int maxTrackedHosts() {
        return get(MAX_TRACKED_HOSTS);
    }

    public Duration endpointRetention() {
        return get(ENDPOINT_RETENTION);
    }

    public Duration siteRetention() {
        return get(SITE_RETENTION);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetectionParams p && values.equals(p.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return SETTINGS.stream()
                .map(s -> s.key() + "=" + s.format(values.get(s)))
                .collect(Collectors.joining(", ", "DetectionParams{", "}"));
    }

    /** Collects values; {@link #build()} validates them all. */
    public static final class Builder {
        private final Map<DetectionSetting<?>, Object> values = new LinkedHashMap<>();

        private Builder(Map<DetectionSetting<?>, Object> from) {
            SETTINGS.forEach(s -> values.put(s, s.defaultValue()));
            values.putAll(from);
        }

        /** Sets one setting; checked by {@link #build()}. */
        public <T> Builder set(DetectionSetting<T> setting, T value) {
            if (!SETTINGS.contains(setting)) {
                throw new IllegalArgumentException("not a detection setting: " + setting);
            }
            values.put(setting, value);
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid parameter */
        public DetectionParams build() {
            for (DetectionSetting<?> s : SETTINGS) {
                s.check(values.get(s));
            }
            DetectionParams p = new DetectionParams(values);
            if (p.closeRatio() >= p.openRatio()) {
                throw new IllegalArgumentException(
                        "closeRatio must be below openRatio, was " + p.closeRatio() + " >= " + p.openRatio());
            }
            if (p.endpointRetention().compareTo(p.activeWindow()) <= 0) {
                throw new IllegalArgumentException("endpointRetention must exceed activeWindow, was "
                        + p.endpointRetention() + " <= " + p.activeWindow());
            }
            return p;
        }
    }
}
