package org.fleettelemetry.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A child process (a JVM, or nginx) with its output in a log file; stopped gracefully, then forcibly. */
public final class ChildJvm {
    private final String name;
    private final ProcessHandle handle;
    private final Path log;

    private ChildJvm(String name, ProcessHandle handle, Path log) {
        this.name = name;
        this.handle = handle;
        this.log = log;
    }

    /** Starts {@code java <jvmArgs> <mainArgs>} with the same Java as this JVM; output goes to {@code log}. */
    public static ChildJvm start(String name, List<String> jvmArgs, List<String> mainArgs, Path log, Path workDir)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArgs);
        command.addAll(mainArgs);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ChildJvm(name, process.toHandle(), log);
    }

    /**
     * Starts a process that is not a JVM (the registry's nginx front) the same way: output to {@code log}, found
     * and stopped by pid like the JVMs.
     */
    public static ChildJvm exec(String name, List<String> command, Path log, Path workDir) throws IOException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ChildJvm(name, process.toHandle(), log);
    }

    /** Re-attaches to a running process by pid (the CLI's {@code stop} after {@code start}). */
    public static Optional<ChildJvm> attach(String name, long pid, Path log) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> new ChildJvm(name, h, log));
    }

    public static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public long pid() {
        return handle.pid();
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Resident set size in KiB from /proc (Linux only), empty elsewhere. */
    public Optional<Long> rssKib() {
        Path status = Path.of("/proc", Long.toString(pid()), "status");
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. Returns when the process is gone. */
    public void stop(Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // nothing more can be done than SIGKILL
            }
        }
    }

    /** SIGKILL at once: what a crash looks like to the rest of the system. */
    public void kill() {
        handle.destroyForcibly();
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // SIGKILL cannot be refused; the wait is only to let the OS reap it
        }
    }

    /** The last lines of the log, for error messages when the process failed to come up. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + pid() + "]";
    }
}
