package org.fleettelemetry.collector.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real small file system for a fault test: {@code mount -t tmpfs -o size=... tmpfs DIR}. It needs root (or
 * CAP_SYS_ADMIN); where mounting is not possible the test is skipped through a JUnit assumption that says why, not
 * passed. Unmounted (lazily, so an open file cannot keep it) on close.
 */
final class Tmpfs implements AutoCloseable {
    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code size} (mount's syntax: 2m, 512k) with extra options (e.g. "ro"), or skips the test. */
    static Tmpfs mount(Path mountPoint, String size, String... options) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        StringBuilder opts = new StringBuilder("size=" + size);
        for (String option : options) {
            opts.append(',').append(option);
        }
        List<String> command = List.of("mount", "-t", "tmpfs", "-o", opts.toString(), "tmpfs", mountPoint.toString());
        String output = run(command);
        Assumptions.assumeTrue(
                output == null,
                () -> "this fault test needs a real small file system and cannot mount one here ("
                        + String.join(" ", command) + ": " + output
                        + "); run it as root, or with CAP_SYS_ADMIN, to test it");
        return new Tmpfs(mountPoint);
    }

    Path path() {
        return mountPoint;
    }

    @Override
    public void close() throws IOException {
        String output;
        try {
            output = run(List.of("umount", "-l", mountPoint.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output = "interrupted";
        }
        if (output != null) {
            throw new IOException("cannot unmount " + mountPoint + ": " + output);
        }
    }

    /** Null when the command succeeded, else what it said (or why it could not run). */
    private static String run(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "did not finish within 30 s";
            }
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
        } catch (IOException e) {
            return e.toString();
        }
    }
}
