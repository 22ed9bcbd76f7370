package org.fleettelemetry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a peer log shipper (rsyslogd, syslog-ng) on the bench's file: the process is started, the topic's end
 * offsets are polled every 20 ms until it holds every line (exactly: more is a failure too), then, before the process
 * is stopped, its CPU time (utime + stime of every thread, /proc/PID/stat) and its peak resident set (VmHWM,
 * /proc/PID/status) are read. The time includes the peer's own start-up (a few milliseconds, it is C); its CPU time
 * includes the start-up and the idle polling until the last record is acknowledged, as the collector's whole-JVM
 * figure does.
 */
final class PeerShip {
    private static final Logger log = LoggerFactory.getLogger(PeerShip.class);
    private static final long POLL_MILLIS = 20;
    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** How the peer is configured: raw lines, or each line parsed into its fields and shipped as JSON. */
    enum Variant {
        RAW,
        PARSING
    }

    /** What one run gave. */
    record Shipped(
            long lines,
            double seconds,
            long cpuTicks,
            long kafkaCpuTicks,
            long ticksPerSecond,
            long peakRssKib,
            String command) {
        double linesPerSecond() {
            return lines / seconds;
        }

        /** utime + stime of the peer's process over the run, per line. */
        double cpuMicrosPerLine() {
            return cpuTicks * 1e6 / ticksPerSecond / lines;
        }

        /** The part of it spent in librdkafka's own threads (rdk:main, rdk:broker*: sending, lz4, acks). */
        double kafkaCpuMicrosPerLine() {
            return kafkaCpuTicks * 1e6 / ticksPerSecond / lines;
        }

        double peakRssMib() {
            return peakRssKib / 1024.0;
        }
    }

    private PeerShip() {}

    /**
     * Runs {@code command} until {@code topic} holds {@code lines} records; its output goes to {@code output}.
     *
     * @param name the peer's name in failures
     * @param environment added to the inherited environment
     * @param how what the command does, for the report (after the command line)
     */
    static Shipped run(
            String name,
            List<String> command,
            Map<String, String> environment,
            BenchStack stack,
            String topic,
            long lines,
            Path output,
            String how)
            throws IOException, InterruptedException {
        long ticksPerSecond = ProcStat.ticksPerSecond();
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            while (true) {
                long shipped = stack.endOffsetSum(topic);
                if (shipped >= lines) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (shipped != lines) {
                        throw new IOException(name + " shipped " + shipped + " records, expected " + lines);
                    }
                    // read while it still runs: /proc/PID is gone once it exits
                    long ticks = ProcStat.cpuTicks(process.pid());
                    Map<String, Long> threads = ProcStat.threadCpuTicks(process.pid());
                    long kafkaTicks = threads.entrySet().stream()
                            .filter(t -> t.getKey().startsWith("rdk:"))
                            .mapToLong(Map.Entry::getValue)
                            .sum();
                    log.info(
                            "{} shipped {} lines in {} s; CPU ticks ({}/s) {}, by thread {}",
                            name,
                            lines,
                            String.format("%.2f", seconds),
                            ticksPerSecond,
                            ticks,
                            threads);
                    long peak = ProcStat.peakRssKib(process.pid());
                    String env = environment.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue() + " ")
                            .reduce("", String::concat);
                    return new Shipped(
                            lines,
                            seconds,
                            ticks,
                            kafkaTicks,
                            ticksPerSecond,
                            peak,
                            env + Commands.shell(command) + " " + how);
                }
                if (!process.isAlive()) {
                    throw new IOException(name + " exited (" + process.exitValue() + ") after shipping " + shipped
                            + " of " + lines + " lines, see " + output + ":\n" + tail(output));
                }
                if (System.nanoTime() - start > TIMEOUT_NANOS) {
                    throw new IOException(
                            name + " shipped " + shipped + " of " + lines + " lines in 10 minutes, see " + output);
                }
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log);
        return text.substring(Math.max(0, text.length() - 3000));
    }
}
