package org.fleettelemetry.collector.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.fleettelemetry.collector.config.HostPort;
import org.fleettelemetry.collector.config.ProbeSettings;

/**
 * Walks the agent's path to one Security Cloud target and times each step: through the endpoint's proxy (resolve it,
 * connect, {@code CONNECT}) or direct (resolve, connect), then the TLS handshake (chain against {@link ProbeTrust},
 * host name checked) and a small HTTPS GET. Plain JDK sockets, so each step's failure is seen as it happens, not as a
 * library reports it.
 *
 * <p>One deadline per target ({@code probe.timeout}): every step waits at most the time left, and a watchdog closes
 * the socket at the deadline, so a peer that trickles bytes cannot stretch a read either. Name resolution cannot be
 * interrupted: it runs on a thread of its own, and the probe stops waiting for it at the deadline.
 */
public final class ConnectivityProbe implements AutoCloseable {
    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final String USER_AGENT = "fleet-telemetry-probe";

    private final Optional<HostPort> proxy;
    private final String proxyAuthorization;
    private final Duration timeout;
    private final ProbeTrust trust;
    private final Clock clock;
    private final ExecutorService resolver;
    private final ScheduledExecutorService watchdog;

    public ConnectivityProbe(ProbeSettings settings, ProbeTrust trust, Clock clock) {
        this.proxy = settings.proxy();
        this.proxyAuthorization = settings.proxyUser() == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((settings.proxyUser() + ":" + settings.proxyPassword())
                                        .getBytes(StandardCharsets.UTF_8));
        this.timeout = settings.timeout();
        this.trust = trust;
        this.clock = clock;
        this.resolver = Executors.newCachedThreadPool(daemon("probe-resolve"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("probe-watchdog"));
    }

    /** The trust store the settings name: the PEM file of {@code probe.truststore}, else the platform's. */
    public static ProbeTrust trustOf(ProbeSettings settings) {
        return settings.truststore() == null ? ProbeTrust.platform() : ProbeTrust.pem(settings.truststore());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Probes each target in turn. */
    public List<ProbeOutcome> probeAll(List<HostPort> targets) {
        List<ProbeOutcome> outcomes = new ArrayList<>(targets.size());
        for (HostPort target : targets) {
            outcomes.add(probe(target));
        }
        return outcomes;
    }

    /** Probes one target; returns within {@code probe.timeout} (plus the time to close a socket). */
    public ProbeOutcome probe(HostPort target) {
        return new Walk(target).run();
    }

    @Override
    public void close() {
        resolver.shutdownNow();
        watchdog.shutdownNow();
    }

    /** A step that failed: how it classifies and what it saw. */
    private static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;
        final Verdict verdict;
        final Integer curlCode;
        final Integer httpStatus;

        StepFailed(Verdict verdict, String detail) {
            this(verdict, verdict.curlCode(), null, detail);
        }

        StepFailed(Verdict verdict, Integer curlCode, Integer httpStatus, String detail) {
            super(detail, null, false, false);
            this.verdict = verdict;
            this.curlCode = curlCode;
            this.httpStatus = httpStatus;
        }
    }

    @FunctionalInterface
    private interface StepBody<T> {
        T run() throws Exception;
    }

    /** A value a step produced and the detail it reports. */
    private record Found<T>(T value, String detail) {}

    /** One target's walk: its deadline, its socket (for the watchdog), its steps. */
    private final class Walk {
        private final HostPort target;
        private final long startNanos = System.nanoTime();
        private final long deadlineNanos = startNanos + timeout.toNanos();
        private final Instant startedAt = clock.instant();
        private final List<StepOutcome> steps = new ArrayList<>();
        /** The plain socket: what the watchdog closes (closing an SSLSocket mid-handshake can wait on the handshake). */
        private final AtomicReference<Socket> socket = new AtomicReference<>();

        private SSLSocket tlsSocket;
        private final AtomicBoolean expired = new AtomicBoolean();
        private final ProbeTrust.Capture capture = trust.newCapture();
        private Integer httpStatus;

        Walk(HostPort target) {
            this.target = target;
        }

        ProbeOutcome run() {
            ScheduledFuture<?> dog = watchdog.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
            try {
                walk();
                return outcome(Verdict.OK, null, null);
            } catch (StepFailed failed) {
                if (failed.httpStatus != null) {
                    httpStatus = failed.httpStatus;
                }
                return outcome(failed.verdict, steps.get(steps.size() - 1).step(), failed.curlCode);
            } finally {
                dog.cancel(false);
                closeQuietly(tlsSocket);
                closeQuietly(socket.get());
            }
        }

        private void walk() throws StepFailed {
            Socket connected;
            if (proxy.isPresent()) {
                HostPort via = proxy.get();
                InetAddress[] addresses = step(Step.PROXY_RESOLVE, () -> resolve(via.host(), Verdict.PROXY_DNS));
                connected = step(Step.PROXY_CONNECT, () -> connect(addresses, via.port()));
                step(Step.PROXY_TUNNEL, () -> tunnel(connected));
            } else {
                InetAddress[] addresses = step(Step.RESOLVE, () -> resolve(target.host(), Verdict.BACKEND_DNS));
                connected = step(Step.CONNECT, () -> connect(addresses, target.port()));
            }
            SSLSocket tls = step(Step.TLS_HANDSHAKE, () -> handshake(connected));
            step(Step.HTTPS_REQUEST, () -> request(tls));
        }

        private ProbeOutcome outcome(Verdict verdict, Step failedStep, Integer curlCode) {
            return new ProbeOutcome(
                    target,
                    proxy.orElse(null),
                    startedAt,
                    (System.nanoTime() - startNanos) / 1000,
                    verdict,
                    failedStep,
                    curlCode,
                    capture.issuer(),
                    httpStatus,
                    steps);
        }

        private void expire() {
            expired.set(true);
            closeQuietly(socket.get());
        }

        private <T> T step(Step step, StepBody<Found<T>> body) throws StepFailed {
            long t0 = System.nanoTime();
            StepFailed failed;
            try {
                if (remainingNanos() <= 0) {
                    throw new StepFailed(Verdict.TIMEOUT, "no time left of probe.timeout " + timeout);
                }
                Found<T> found = body.run();
                steps.add(new StepOutcome(step, true, micros(t0), found.detail()));
                return found.value();
            } catch (StepFailed e) {
                failed = e;
            } catch (Exception e) {
                failed = classify(step, e);
            }
            steps.add(new StepOutcome(step, false, micros(t0), failed.getMessage()));
            throw failed;
        }

        /** What an exception of a step means; the deadline passing wins over what the closed socket threw. */
        private StepFailed classify(Step step, Exception e) {
            if (expired.get() || e instanceof SocketTimeoutException || e instanceof TimeoutException) {
                return new StepFailed(
                        Verdict.TIMEOUT,
                        step + " did not finish within probe.timeout " + timeout + " (" + describe(e) + ")");
            }
            return switch (step) {
                case PROXY_CONNECT, CONNECT -> new StepFailed(Verdict.CONNECT_REFUSED, describe(e));
                case TLS_HANDSHAKE -> tlsFailure(e);
                default -> new StepFailed(Verdict.RECV_ERROR, describe(e));
            };
        }

        private StepFailed tlsFailure(Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CertificateException) {
                    String issuer = capture.issuer();
                    return new StepFailed(
                            Verdict.TLS_INSPECTION,
                            60,
                            null,
                            "certificate not trusted: " + t.getMessage()
                                    + (issuer == null ? "" : "; issuer " + issuer));
                }
            }
            // not about the chain: the handshake itself broke (a proxy that speaks no TLS, a reset)
            return new StepFailed(Verdict.TLS_INSPECTION, 35, null, describe(e));
        }

        private Found<InetAddress[]> resolve(String host, Verdict unknown) throws Exception {
            Future<InetAddress[]> lookup = resolver.submit(() -> InetAddress.getAllByName(host));
            try {
                InetAddress[] addresses = lookup.get(remainingNanos(), TimeUnit.NANOSECONDS);
                StringBuilder detail = new StringBuilder();
                for (InetAddress a : addresses) {
                    detail.append(detail.length() == 0 ? "" : ", ").append(a.getHostAddress());
                }
                return new Found<>(addresses, detail.toString());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownHostException) {
                    throw new StepFailed(
                            unknown,
                            "cannot resolve " + host + ": " + e.getCause().getMessage());
                }
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (TimeoutException e) {
                lookup.cancel(true);
                throw e;
            }
        }

        private Found<Socket> connect(InetAddress[] addresses, int port) throws Exception {
            Exception last = null;
            for (InetAddress address : addresses) {
                Socket s = new Socket();
                socket.set(s);
                if (expired.get()) {
                    throw new SocketTimeoutException("deadline passed");
                }
                try {
                    s.connect(new InetSocketAddress(address, port), timeoutMillis());
                    s.setTcpNoDelay(true);
                    return new Found<>(s, "connected to " + address.getHostAddress() + ":" + port);
                } catch (SocketTimeoutException e) {
                    throw e;
                } catch (IOException e) {
                    closeQuietly(s);
                    last = e;
                }
            }
            if (last instanceof ConnectException) {
                throw new StepFailed(
                        Verdict.CONNECT_REFUSED, "connect to port " + port + " failed: " + last.getMessage());
            }
            throw last;
        }

        private Found<Void> tunnel(Socket s) throws Exception {
            String authority = target.toString();
            StringBuilder request = new StringBuilder()
                    .append("CONNECT ")
                    .append(authority)
                    .append(" HTTP/1.1\r\nHost: ")
                    .append(authority)
                    .append("\r\nUser-Agent: ")
                    .append(USER_AGENT)
                    .append("\r\nProxy-Connection: Keep-Alive\r\n");
            if (proxyAuthorization != null) {
                request.append("Proxy-Authorization: ")
                        .append(proxyAuthorization)
                        .append("\r\n");
            }
            request.append("\r\n");
            s.setSoTimeout(timeoutMillis());
            OutputStream out = s.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // byte by byte: what follows the blank line belongs to the TLS session, not to a buffer of ours
            List<String> head = readHead(s.getInputStream(), "the proxy");
            String statusLine = head.get(0);
            int status = status(statusLine, "the proxy");
            if (status / 100 == 2) {
                return new Found<>(null, statusLine);
            }
            if (status == 407 || status == 401) {
                throw new StepFailed(
                        Verdict.PROXY_AUTH,
                        Verdict.PROXY_AUTH.curlCode(),
                        status,
                        statusLine
                                + (proxyAuthorization == null
                                        ? " (no credentials configured: probe.proxy.user, probe.proxy.password)"
                                        : " (credentials of probe.proxy.user refused)"));
            }
            String squidError = header(head, "X-Squid-Error");
            throw new StepFailed(
                    Verdict.RECV_ERROR,
                    Verdict.RECV_ERROR.curlCode(),
                    status,
                    "CONNECT " + authority + " answered " + statusLine
                            + (squidError == null ? "" : " (" + squidError + ")"));
        }

        private Found<SSLSocket> handshake(Socket s) throws Exception {
            SSLSocket tls = (SSLSocket)
                    capture.context().getSocketFactory().createSocket(s, target.host(), target.port(), true);
            tlsSocket = tls;
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(timeoutMillis());
            tls.startHandshake();
            SSLSession session = tls.getSession();
            return new Found<>(
                    tls, session.getProtocol() + " " + session.getCipherSuite() + ", issuer " + capture.issuer());
        }

        private Found<Void> request(SSLSocket tls) throws Exception {
            String host = target.port() == 443 ? target.host() : target.toString();
            String request = "GET / HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + USER_AGENT
                    + "\r\nAccept: */*\r\nConnection: close\r\n\r\n";
            tls.setSoTimeout(timeoutMillis());
            OutputStream out = tls.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String statusLine = readHead(tls.getInputStream(), "the server").get(0);
            // any HTTP answer: the path works, whatever the backend thinks of a bare GET /
            httpStatus = status(statusLine, "the server");
            return new Found<>(null, statusLine);
        }

        private long remainingNanos() {
            return deadlineNanos - System.nanoTime();
        }

        /** The time left as a socket timeout: at least 1 ms (0 would mean forever). */
        private int timeoutMillis() throws SocketTimeoutException {
            long ms = TimeUnit.NANOSECONDS.toMillis(remainingNanos());
            if (ms <= 0) {
                throw new SocketTimeoutException("no time left of probe.timeout " + timeout);
            }
            return (int) Math.min(Integer.MAX_VALUE, ms);
        }

        private long micros(long t0) {
            return (System.nanoTime() - t0) / 1000;
        }
    }

    /** The status line and header lines of an HTTP answer, up to the blank line. */
    static List<String> readHead(InputStream in, String who) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException(
                        who + " closed the connection " + (lines.isEmpty() ? "without answering" : "mid-answer"));
            }
            if (++total > MAX_HEAD_BYTES) {
                throw new IOException(who + " sent more than " + MAX_HEAD_BYTES + " bytes of headers");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                if (text.isEmpty()) {
                    if (lines.isEmpty()) {
                        continue;
                    }
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    /** The status code of an HTTP status line; an IOException when it is none. */
    static int status(String statusLine, String who) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw new IOException(who + " did not answer HTTP: '" + abbreviate(statusLine) + "'");
        }
        return Integer.parseInt(parts[1]);
    }

    private static String header(List<String> head, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (String h : head) {
            if (h.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return h.substring(prefix.length()).trim();
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof SSLException && e.getCause() != null && e.getCause().getMessage() != null) {
            message = message + " (" + e.getCause().getMessage() + ")";
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }
    }
}
