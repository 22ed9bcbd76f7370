package org.fleettelemetry.collector.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar collector.jar run --config FILE} as a child process, the way an endpoint runs it, so a
 * test can end it with a real SIGKILL ({@link Process#destroyForcibly()}).
 */
final class CollectorProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private CollectorProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** The shaded jar {@code mvn package} leaves at collector/target/collector.jar (failsafe runs after package). */
    static Path jar() {
        Path jar = Path.of(System.getProperty("basedir", "."), "target", "collector.jar")
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: run the ITs through mvn verify, which packages it first");
        }
        return jar;
    }

    static CollectorProcess start(Path config, Path output) throws IOException {
        return start(List.of("-Xmx256m", "-XX:+UseSerialGC"), config, output);
    }

    /**
     * With the flags an endpoint runs it with ({@code collector/src/main/dist/jvm.options}: a 24 MiB heap, and exit
     * on running out of it), for tests whose point includes that memory stays bounded.
     */
    static CollectorProcess startAsOnEndpoint(Path config, Path output) throws IOException {
        Path options = Path.of(System.getProperty("basedir", "."), "src", "main", "dist", "jvm.options")
                .toAbsolutePath();
        // and the flag the image and the Windows service add to them
        return start(List.of(), List.of("@" + options, "-XX:+ExitOnOutOfMemoryError"), true, config, output);
    }

    /**
     * As another (unprivileged) user, through util-linux's {@code setpriv}: the way to meet a permission the
     * collector really lacks, since root reads and writes whatever the mode bits say. The config file and the jar
     * must be readable by that user.
     */
    static CollectorProcess startAsUser(int uid, Path config, Path output) throws IOException {
        return start(
                List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"),
                List.of("-Xmx256m", "-XX:+UseSerialGC"),
                false,
                config,
                output);
    }

    private static CollectorProcess start(List<String> jvmOptions, Path config, Path output) throws IOException {
        return start(List.of(), jvmOptions, false, config, output);
    }

    private static CollectorProcess start(
            List<String> wrapper, List<String> jvmOptions, boolean asOnEndpoint, Path config, Path output)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(wrapper);
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString(), "run", "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        // the endpoint's settings are the config file alone: no COLLECTOR_* variable of this machine may override them
        builder.environment().keySet().removeIf(name -> name.startsWith("COLLECTOR_"));
        if (asOnEndpoint) {
            // what jvm.options asks the endpoint's environment for (glibc arenas)
            builder.environment().put("MALLOC_ARENA_MAX", "2");
        }
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        return new CollectorProcess(builder.start(), output);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size now, in bytes (Linux: VmRSS in /proc/PID/status); -1 once the process is gone. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("collector " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    /** Waits for the process to end on its own; its exit status, or empty when it still runs after the timeout. */
    java.util.OptionalInt awaitExit(java.time.Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue())
                : java.util.OptionalInt.empty();
    }

    /** SIGTERM: the shutdown hook drains, commits and flushes. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("collector " + process.pid() + " did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** Everything the collector printed so far (stdout and stderr). */
    List<String> output() {
        try {
            return Files.readAllLines(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + output, e);
        }
    }

    /** The last lines the collector printed, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
