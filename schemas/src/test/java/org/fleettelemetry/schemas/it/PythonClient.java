package org.fleettelemetry.schemas.it;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's python3-confluent-kafka (its {@code confluent_kafka.avro} module, python3-avro underneath)
 * run as an outside client: the scripts under {@code src/test/resources/it} print one JSON object per
 * record on stdout and explain failures on stderr with a non-zero exit.
 */
public final class PythonClient {

    static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISSING = PYTHON + " cannot import confluent_kafka.avro: the outside-client ITs need"
            + " Debian's python3-confluent-kafka and python3-avro (and python3-requests, which"
            + " confluent_kafka.avro's registry client imports). ./run test installs them (as root or with sudo);"
            + " on this machine: apt-get install python3-confluent-kafka python3-avro python3-requests";

    private PythonClient() {}

    /** Fails, never skips: a machine without the outside client must not pass these tests silently. */
    public static void requireInstalled() {
        Run run;
        try {
            run = run(List.of(PYTHON, "-c", "import avro.schema, confluent_kafka.avro"), Duration.ofSeconds(60));
        } catch (IOException e) {
            fail(MISSING + "\n(" + e + ")");
            return;
        }
        if (run.exitCode() != 0) {
            fail(MISSING + "\n" + run.stderr());
        }
    }

    /** Runs {@code it/<script>} with the arguments and returns its JSON lines; fails on error or timeout. */
    public static List<JsonNode> runScript(String script, Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(PYTHON);
        command.add(scriptPath(script).toString());
        command.addAll(args);
        Run run;
        try {
            run = run(command, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        }
        if (run.exitCode() != 0) {
            fail(script + " exited with " + run.exitCode() + "; stderr:\n" + run.stderr() + "\nstdout:\n"
                    + run.stdout());
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                lines.add(JSON.readTree(line));
            } catch (IOException e) {
                fail(script + " printed a line that is not JSON: " + line + "\nstderr:\n" + run.stderr());
            }
        }
        return lines;
    }

    private static Path scriptPath(String script) {
        // a bare name is one of this module's scripts; an absolute resource path serves other modules' ITs
        URL url = PythonClient.class.getResource(script.startsWith("/") ? script : "/it/" + script);
        if (url == null) {
            throw new IllegalStateException("test resource it/" + script + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url.toString(), e);
        }
    }

    /** Output goes to files, not pipes, so a chatty child can never block on a full pipe. */
    private static Run run(List<String> command, Duration timeout) throws IOException {
        Path out = Files.createTempFile("python-client", ".out");
        Path err = Files.createTempFile("python-client", ".err");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("PYTHONIOENCODING", "utf-8");
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process process = builder.start();
            boolean exited;
            try {
                exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + command, e);
            }
            if (!exited) {
                process.destroyForcibly();
                fail(command + " did not finish within " + timeout.toSeconds() + " s; stderr:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {}
}
