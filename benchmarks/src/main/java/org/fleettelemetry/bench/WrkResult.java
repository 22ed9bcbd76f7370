package org.fleettelemetry.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What one wrk run printed with {@code --latency}: requests, the rate reached, p50, p99, and the errors it counted. */
public record WrkResult(long requests, double requestsPerSecond, double p50Ms, double p99Ms, long errors) {
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    public static WrkResult parse(String output) {
        Matcher rate = RATE.matcher(output);
        if (!rate.find()) {
            throw new IllegalArgumentException("no Requests/sec line in wrk's output:\n" + output);
        }
        Matcher requests = REQUESTS.matcher(output);
        if (!requests.find()) {
            throw new IllegalArgumentException("no 'N requests in' line in wrk's output:\n" + output);
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET.matcher(output);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        return new WrkResult(
                Long.parseLong(requests.group(1)),
                Double.parseDouble(rate.group(1)),
                percentile(output, "50%"),
                percentile(output, "99%"),
                errors);
    }

    /** A line of the latency distribution, e.g. {@code 99%   22.44ms}, in milliseconds. */
    private static double percentile(String output, String label) {
        Matcher m = Pattern.compile("^\\s+" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE)
                .matcher(output);
        if (!m.find()) {
            throw new IllegalArgumentException(
                    "no " + label + " latency line in wrk's output (run with --latency):\n" + output);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            default -> value * 60_000;
        };
    }
}
