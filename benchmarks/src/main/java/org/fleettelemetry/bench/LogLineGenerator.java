package org.fleettelemetry.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Random;

/**
 * An endless, seeded stream of agent log lines in the grammar of docs/agent-logs.md, mixed as a mostly healthy endpoint
 * writes them with bursts of trouble: doorman contacts and ORSP latency samples dominate; failed curl
 * queries come as their 1 to 3 lines at one millisecond on one thread (which the parser joins into one
 * event); WinSocket pairs, DeepGuard and content-filter failures, transportAgent entries with URL
 * continuation lines, and now and then a malformed line (UNPARSED). Time advances by 1 to 400 ms between
 * entries. The same seed gives the same lines.
 */
public final class LogLineGenerator {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    private static final String[] THREADS = {"15c0.1d1c", "15c0.1fe8", "0bb8.0c10", "0c44.0d10", "1f00.1f04"};
    private static final int[][] CURL = {{5, 111}, {28, 201}, {6, 112}, {7, 113}, {35, 204}, {56, 205}, {60, 206}};
    private static final String[] CURL_TEXT = {
        "Couldn't resolve proxy: proxy.example.intern",
        "Operation timed out after 1006 milliseconds with 0 bytes received",
        "Couldn't resolve host: doorman.sc.fsapi.com",
        "Failed to connect to doorman.sc.fsapi.com port 443: Connection refused",
        "schannel: failed to receive handshake, SSL/TLS connection failed",
        "Failure when receiving data from the peer",
        "SSL certificate problem: unable to get local issuer certificate"
    };

    private final Random random;
    private final ArrayDeque<String> block = new ArrayDeque<>();
    private LocalDateTime time;

    public LogLineGenerator(long seed, LocalDateTime start) {
        this.random = new Random(seed);
        this.time = start;
    }

    public String next() {
        if (block.isEmpty()) {
            nextEntry();
        }
        return block.poll();
    }

    public String[] take(int count) {
        String[] lines = new String[count];
        for (int i = 0; i < count; i++) {
            lines[i] = next();
        }
        return lines;
    }

    /** Writes {@code count} lines (LF-terminated); returns the bytes written. */
    public long write(Path file, long count) throws IOException {
        long bytes = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long i = 0; i < count; i++) {
                String line = next();
                out.write(line);
                out.write('\n');
                bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
            }
        }
        return bytes;
    }

    private void nextEntry() {
        time = time.plusNanos((1 + random.nextInt(400)) * 1_000_000L);
        String at = TIME.format(time);
        int pick = random.nextInt(100);
        if (pick < 22) {
            add(at, "I", "fs::xrssdk::DoormanCache::update", "doorman cooldown is off, ttl: 15, fserr: 0");
        } else if (pick < 42) {
            add(at, ".W", "SecurityCloud::Query", "ORSP query took " + (20 + random.nextInt(3500)) + " ms");
        } else if (pick < 52) {
            failedQuery(at);
        } else if (pick < 56) {
            add(at, ".W", "fs::rs::WinSocket::Impl::waitForConnection", "wait failed: 258");
            add(at, ".W", "fs::rs::WinSocket::Impl::connect", "connection timeout: doorman.sc.fsapi.com");
        } else if (pick < 63) {
            add(at, ".W", "SecurityCloud::Query", "ORSP failed for " + hex(40) + " (0, 0)");
        } else if (pick < 64) {
            add(
                    at,
                    ".W",
                    "SecurityCloud::Query",
                    "Too many consecutive ORSP failures, further failure logs are suppressed");
        } else if (pick < 67) {
            add(
                    at,
                    ".W",
                    "Filter2::ContentFilter2State::ReplyDriverMessage",
                    "failed to reply to message " + (1000 + random.nextInt(9000)));
        } else if (pick < 70) {
            transportFailure(at);
        } else if (pick < 80) {
            add(at, "I", "FSecure.AntiVirus.Exchange.Transport.FSMessageScanner", "Message scanned");
        } else if (pick < 83) {
            add(
                    at,
                    ".W",
                    "fs::xrssdk::DoormanCache::update",
                    "doorman cooldown is on, ttl: 60, fserr: " + (random.nextBoolean() ? 101 : 218));
        } else if (pick < 92) {
            add(at, "I", "ipc_impl::stopRpcServer", "MSRPC server stopped");
        } else if (pick < 99) {
            add(at, "D", "fs::Service::run", "tick " + random.nextInt(100_000));
        } else {
            block.add(at.substring(0, 10) + " garbage " + hex(8));
        }
    }

    /** The lines of one failed cloud query: curl, http-stats, winrpc; a real agent sometimes writes only some. */
    private void failedQuery(String at) {
        int c = random.nextInt(CURL.length);
        int curl = CURL[c][0];
        int agent = CURL[c][1];
        String thread = THREADS[0];
        int shape = random.nextInt(10);
        if (shape < 8) {
            block.add(at + " [" + thread + "] .W: CurlQuery::completeWithStatus: handle 0000"
                    + hex(12).toUpperCase(Locale.ROOT) + " failed with " + curl + ": " + CURL_TEXT[c]);
        }
        if (shape != 9) {
            block.add(at + " [" + thread + "] .W: fs::xrssdk::HTTPQueryTask::update_http_stats: http error " + agent
                    + " (" + curl + ") for http task 0000" + hex(12).toUpperCase(Locale.ROOT) + ", time "
                    + (1 + random.nextInt(1500)) + " ms");
        }
        block.add(
                at + " [" + thread + "] .W: ipc_impl::on_async_complete_ex: winrpc call completed with error " + agent);
    }

    private void transportFailure(String at) {
        String thread = THREADS[4];
        block.add(at + " [" + thread
                + "] .W: FSecure.Ess.Fsscore.Client: FSSCORE query for URL('http://schemas.microsoft.com/office/2004/12/"
                + hex(4) + "') failed. Error = Timeout");
        block.add(at + " [" + thread
                + "] .W: FSecure.AntiVirus.Exchange.Transport.FSMessageScanner: Can't get response from FSSCORE. "
                + "The following URLs will not be scanned");
        int urls = 1 + random.nextInt(3);
        for (int i = 0; i < urls; i++) {
            block.add("http://example.com/" + hex(6));
        }
    }

    private void add(String at, String level, String source, String message) {
        block.add(at + " [" + THREADS[random.nextInt(THREADS.length)] + "] " + level + ": " + source + ": " + message);
    }

    private String hex(int digits) {
        StringBuilder s = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            s.append(Character.forDigit(random.nextInt(16), 16));
        }
        return s.toString();
    }
}
