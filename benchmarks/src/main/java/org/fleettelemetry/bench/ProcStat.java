package org.fleettelemetry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A Linux process's resident memory and CPU time, from /proc. */
public final class ProcStat {
    private ProcStat() {}

    /** VmRSS of the process, in KiB. */
    public static long rssKib(long pid) throws IOException {
        return statusKib(pid, "VmRSS:");
    }

    /**
     * VmHWM of the process, in KiB: the highest resident set it has had so far (read it before the process exits).
     */
    public static long peakRssKib(long pid) throws IOException {
        return statusKib(pid, "VmHWM:");
    }

    private static long statusKib(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no " + field + " for pid " + pid);
    }

    /** utime + stime of the process, in clock ticks. */
    public static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name (field 2) may hold spaces: count fields after its closing parenthesis
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * utime + stime of each of the process's live threads, summed by thread name (/proc/PID/task/TID/stat and comm),
     * in clock ticks; threads that already exited are in {@link #cpuTicks} only.
     */
    public static Map<String, Long> threadCpuTicks(long pid) throws IOException {
        Map<String, Long> byName = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f =
                            stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                    byName.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (NoSuchFileException e) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return byName;
    }

    /** Clock ticks per second (USER_HZ), from {@code getconf CLK_TCK}; 100 when it cannot be asked. */
    public static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
