package org.fleettelemetry.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** What the broker and the registry share: one child JVM, its log, and how it is found, stopped and measured. */
abstract class ChildService implements AutoCloseable {
    private final String name;
    private final Path log;
    private final Duration stopGrace;
    protected ChildJvm process;

    ChildService(String name, Path log, Duration stopGrace) {
        this.name = name;
        this.log = log;
        this.stopGrace = stopGrace;
    }

    /** Attaches to a process started earlier by another JVM (the CLI's stop). */
    public void attach(long pid) {
        process = ChildJvm.attach(name, pid, log).orElse(null);
    }

    public synchronized void stop() {
        if (process != null) {
            process.stop(stopGrace);
        }
    }

    /** SIGKILL, as a crash of the machine would look. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public Optional<Long> rssKib() {
        return process == null ? Optional.empty() : process.rssKib();
    }

    @Override
    public void close() {
        stop();
    }
}
