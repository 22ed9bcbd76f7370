package org.fleettelemetry.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The query API asked while the storm runs, as an operator's console would ask it: one lookup at a time on a fixed
 * schedule ({@code rate} a second), each of a random path from {@code paths}. The delay of a lookup is counted from
 * the time the schedule gave it, not from when it was sent, so a lookup queued behind a slow one (a collector's pause,
 * a busy core) counts its wait too: a pause of the app shows in every lookup it held up, not in one (coordinated
 * omission). A lookup that fails or does not answer 200 within {@link #TIMEOUT} is counted as an error and its delay
 * as the timeout.
 */
final class StormQueries implements Runnable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String base;
    private final String token;
    private final IntFunction<String> paths;
    private final int pathCount;
    private final double rate;
    private final Random random = new Random(19);
    private final Thread thread;
    private volatile boolean stopping;
    /** Lookups scheduled before this time are asked but not counted (see {@link #countFrom}). */
    private volatile long countFrom;

    private volatile boolean counting;
    /** Delays in ms, in the order scheduled; written by the probe's thread only until it is joined. */
    private double[] delays = new double[1024];

    private int count;
    private int errors;
    private String firstError = "";

    /**
     * @param base e.g. {@code http://127.0.0.1:8080}
     * @param paths path {@code i} of {@code pathCount}, e.g. an endpoint's lookup
     */
    StormQueries(String base, String token, IntFunction<String> paths, int pathCount, double rate) {
        if (rate <= 0 || pathCount <= 0) {
            throw new IllegalArgumentException(
                    "a query probe needs a rate and paths, got " + rate + " and " + pathCount);
        }
        this.base = base;
        this.token = token;
        this.paths = paths;
        this.pathCount = pathCount;
        this.rate = rate;
        this.thread = new Thread(this, "storm-queries");
        this.thread.setDaemon(true);
    }

    /**
     * Starts asking; nothing is counted until {@link #countFrom}. Asking before the measured part lets the app's JIT
     * compile the API's own paths first, as it has in an app that operators have been asking all along.
     */
    void start() {
        thread.start();
    }

    /** Counts the lookups scheduled from now on; those before are forgotten. */
    void countFrom(long nanoTime) {
        countFrom = nanoTime;
        counting = true;
    }

    /** Stops scheduling, waits for the lookup in flight, and returns what was measured. */
    Result stop() throws InterruptedException {
        stopping = true;
        thread.join(TIMEOUT.toMillis() * 2);
        if (thread.isAlive()) {
            throw new IllegalStateException("the query probe did not stop");
        }
        double[] sorted = Arrays.copyOf(delays, count);
        Arrays.sort(sorted);
        return new Result(sorted, errors, firstError);
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long intervalNanos = (long) (1e9 / rate);
        for (long i = 0; !stopping; i++) {
            long scheduled = start + i * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                if (stopping) {
                    return;
                }
            }
            String error = ask(paths.apply(random.nextInt(pathCount)));
            if (counting && scheduled - countFrom >= 0) {
                if (error != null) {
                    noteError(error);
                }
                add(error == null ? (System.nanoTime() - scheduled) / 1e6 : TIMEOUT.toMillis());
            }
        }
    }

    /** Null when the lookup answered 200, else what went wrong. */
    private String ask(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        try {
            HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? null : "HTTP " + r.statusCode() + " for " + path;
        } catch (IOException e) {
            return e + " for " + path;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return "interrupted";
        }
    }

    private void noteError(String what) {
        if (errors == 0) {
            firstError = what;
        }
        errors++;
    }

    private void add(double delayMs) {
        if (count == delays.length) {
            delays = Arrays.copyOf(delays, count * 2);
        }
        delays[count++] = delayMs;
    }

    /** The delays in ms, sorted; the lookups that failed (their delay counted as the timeout) and the first's cause. */
    record Result(double[] sortedDelaysMs, int errors, String firstError) {
        int count() {
            return sortedDelaysMs.length;
        }

        /** Nearest-rank percentile in ms; NaN when no lookup was made. */
        double percentile(int p) {
            return AlertDelayBench.percentile(sortedDelaysMs, p);
        }

        double max() {
            return sortedDelaysMs.length == 0 ? Double.NaN : sortedDelaysMs[sortedDelaysMs.length - 1];
        }
    }
}
