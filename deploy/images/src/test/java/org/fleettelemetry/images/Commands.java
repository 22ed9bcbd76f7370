package org.fleettelemetry.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a host command to its end (with a deadline) and keeps what it printed. */
final class Commands {
    private static final long DEADLINE_SECONDS = 180;

    private Commands() {}

    record Result(int exitCode, String output) {}

    static Result run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Path log = Files.createTempFile("command", ".log");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (environment != null) {
                builder.environment().clear();
                builder.environment().putAll(environment);
            }
            Process process = builder.start();
            if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(command + " did not end within " + DEADLINE_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static Result runOrFail(List<String> command) throws IOException, InterruptedException {
        Result result = run(command, null);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(command + " exited " + result.exitCode() + ": " + result.output());
        }
        return result;
    }
}
