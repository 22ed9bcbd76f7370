package org.fleettelemetry.collector.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.fleettelemetry.collector.config.HostPort;

/** Servers on 127.0.0.1 for the probe's tests: a small HTTPS server, one that accepts and never answers, a refusing port. */
public final class LoopbackServers {
    private LoopbackServers() {}

    /** An HTTPS server answering every request with {@code status}; counts the requests it answered. */
    public static final class Https implements AutoCloseable {
        private final SSLServerSocket server;
        private final AtomicInteger answered = new AtomicInteger();
        private final int status;

        public Https(SSLContext context, int status) throws IOException {
            this.status = status;
            this.server = (SSLServerSocket)
                    context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::serve, "test-https-" + server.getLocalPort());
            t.setDaemon(true);
            t.start();
        }

        public HostPort address() {
            return new HostPort("127.0.0.1", server.getLocalPort());
        }

        public int answered() {
            return answered.get();
        }

        private void serve() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> answer(s), "test-https-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void answer(Socket s) {
            try (s) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                ConnectivityProbe.readHead(in, "the client");
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 " + status + " Test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                answered.incrementAndGet();
            } catch (IOException e) {
                // a failed handshake (the probe did not trust us) ends here: that is the test's point
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Accepts connections and never sends a byte. */
    public static final class Silent implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        public Silent() throws IOException {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                held.add(server.accept());
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "test-silent");
            t.setDaemon(true);
            t.start();
        }

        public HostPort address() {
            return new HostPort("127.0.0.1", server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /** Speaks plain HTTP only: answers whatever it is sent (a TLS ClientHello too) with a 400 and closes. */
    public static final class PlainHttp implements AutoCloseable {
        private final ServerSocket server;

        public PlainHttp() throws IOException {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try (Socket s = server.accept()) {
                                s.setSoTimeout(5_000);
                                s.getInputStream().read(new byte[512]);
                                s.getOutputStream()
                                        .write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                                                .getBytes(StandardCharsets.ISO_8859_1));
                            } catch (IOException e) {
                                // closed, or a client that went away: next one
                            }
                        }
                    },
                    "test-plain-http");
            t.setDaemon(true);
            t.start();
        }

        public HostPort address() {
            return new HostPort("127.0.0.1", server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** A loopback port nothing listens on (bound, then closed: the kernel refuses a connect to it). */
    public static HostPort refusingPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new HostPort("127.0.0.1", s.getLocalPort());
        }
    }
}
