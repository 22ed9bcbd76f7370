package org.fleettelemetry.collector.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.fleettelemetry.collector.config.HostPort;

/**
 * Debian's tinyproxy as a child process on a free loopback port, with Basic auth when a user is given: the real proxy
 * the probe walks through in its tests. No ConnectPort line, so CONNECT reaches any port (the test servers' too).
 */
public final class Tinyproxy implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/tinyproxy");

    private final Process process;
    private final HostPort address;
    private final Path log;

    private Tinyproxy(Process process, HostPort address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** Starts it on a free port; {@code user} null for no authentication. */
    public static Tinyproxy start(Path dir, String user, String password) throws IOException, InterruptedException {
        return start(dir, LoopbackServers.refusingPort().port(), user, password);
    }

    /** Starts it on {@code port}: a proxy restarted where the clients expect it, with other settings. */
    public static Tinyproxy start(Path dir, int port, String user, String password)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install tinyproxy (./run test does)");
        }
        Path conf = dir.resolve("tinyproxy-" + port + ".conf");
        Path log = dir.resolve("tinyproxy-" + port + ".log");
        StringBuilder c = new StringBuilder()
                .append("Port ")
                .append(port)
                .append('\n')
                .append("Listen 127.0.0.1\n")
                .append("Timeout 30\n")
                .append("MaxClients 20\n")
                .append("LogLevel Info\n")
                .append("LogFile \"")
                .append(log)
                .append("\"\n");
        if (user != null) {
            c.append("BasicAuth ").append(user).append(' ').append(password).append('\n');
        }
        Files.writeString(conf, c.toString(), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(BINARY.toString(), "-d", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("tinyproxy-" + port + ".out").toFile())
                .start();
        HostPort address = new HostPort("127.0.0.1", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return new Tinyproxy(process, address, log);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("tinyproxy did not listen on " + address + " (exit "
                            + (process.isAlive() ? "none" : process.exitValue()) + "); see " + log);
                }
                Thread.sleep(50);
            }
        }
    }

    public HostPort address() {
        return address;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
