package org.fleettelemetry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an outside command to completion, its output to a file, with a deadline. */
public final class Commands {
    private Commands() {}

    /** What a finished command left: exit code, elapsed time, output (stdout and stderr together). */
    public record Outcome(int exitCode, double seconds, String output) {}

    public static Outcome run(List<String> command, Duration timeout, Path log)
            throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command)
                    + "; output in " + log);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("exit code " + process.exitValue() + " from " + String.join(" ", command) + ":\n"
                    + output.substring(Math.max(0, output.length() - 3000)));
        }
        return new Outcome(process.exitValue(), seconds, output);
    }

    /** A command line as one shell-ready string (arguments with spaces quoted). */
    public static String shell(List<String> command) {
        StringBuilder s = new StringBuilder();
        for (String arg : command) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(arg.matches("[A-Za-z0-9_./:=,@%+*-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return s.toString();
    }
}
