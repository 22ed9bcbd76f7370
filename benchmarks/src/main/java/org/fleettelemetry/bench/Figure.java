package org.fleettelemetry.bench;

/**
 * One measured figure as the report shows it.
 *
 * @param target e.g. {@code ">= 2000000"} or {@code "<= 96"}, empty when there is none
 * @param load the 1/5/15-minute load averages when the measure started
 * @param command how it was measured, exactly enough to repeat it
 */
public record Figure(String measure, double value, String unit, String target, String load, String command) {

    public static Figure of(String measure, double value, String unit, String target, String command) {
        return new Figure(measure, value, unit, target, Machine.loadAverage(), command);
    }

    /** A measure that could not be taken: a row of the report saying why, which makes the run's exit code 1. */
    public static Figure failed(String measure, Throwable cause) {
        return Figure.of(
                measure, Double.NaN, "failed", "", String.valueOf(cause).replace('\n', ' '));
    }

    /** "yes", "NO" or "" when there is no target. */
    public String met() {
        if (target.isEmpty() || Double.isNaN(value)) {
            return target.isEmpty() ? "" : "n/a";
        }
        double bound = Double.parseDouble(target.substring(2).trim());
        boolean ok = target.startsWith(">=") ? value >= bound : value <= bound;
        return ok ? "yes" : "NO";
    }

    public String formattedValue() {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100) {
            return String.format("%,.0f", value);
        }
        return String.format("%.2f", value);
    }
}
