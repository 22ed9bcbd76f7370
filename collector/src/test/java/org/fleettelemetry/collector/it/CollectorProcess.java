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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar().toString(), "run", "--config", config.toString()));
        // the endpoint's settings are the config file alone: no COLLECTOR_* variable of this machine may override them
        builder.environment().keySet().removeIf(name -> name.startsWith("COLLECTOR_"));
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        return new CollectorProcess(builder.start(), output);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("collector " + process.pid() + " survived SIGKILL for 30 s");
        }
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
