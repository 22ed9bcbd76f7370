package org.fleettelemetry.collector.it;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes agent log text with every line kind of docs/agent-logs.md: failure triplets and partial
 * groups, WinSocket pairs, doorman contacts, driver, ORSP and FSSCORE lines, URL lists, other levels,
 * continuation garbage, malformed and CRLF lines. Deterministic for a seed. Times advance by at least a
 * millisecond per entry, so an entry never joins the one before it; what forms one event is left to the
 * parser, which the tests ask for the expectation.
 */
final class AgentLogGenerator {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final String[] THREADS = {"15c0.1d1c", "15c0.1fe8", "0a10.0b20", "0c44.0d10", "1f00.1f04"};
    private static final String HEX = "0123456789abcdef";

    private final Random random;
    private LocalDateTime time;

    AgentLogGenerator(long seed, LocalDateTime start) {
        this.random = new Random(seed);
        this.time = start;
    }

    /**
     * Appends whole entries until at least {@code minLines} lines are written. The first entry is a plain
     * well-formed line, so whatever the file ended with cannot absorb the appended lines.
     *
     * @return the number of lines written
     */
    int append(Path file, int minLines) throws IOException {
        int written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(
                file,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            List<String> first = List.of(line(
                    "I", thread(), "fs::xrssdk::DoormanCache::update", "doorman cooldown is off, ttl: 15, fserr: 0"));
            for (List<String> entry = first; ; entry = nextEntry()) {
                for (String text : entry) {
                    out.write(text);
                    out.write(random.nextInt(50) == 0 ? "\r\n" : "\n");
                }
                written += entry.size();
                if (written >= minLines) {
                    return written;
                }
            }
        }
    }

    /**
     * Appends {@code lines} healthy doorman lines, one event each (the agent's "cooldown is off" line), as an idle,
     * healthy endpoint writes them.
     *
     * @return the number of lines written
     */
    int appendHealthy(Path file, int lines) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(
                file,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            for (int i = 0; i < lines; i++) {
                time = time.plusNanos((1 + random.nextInt(2500)) * 1_000_000L);
                out.write(line(
                        "I",
                        thread(),
                        "fs::xrssdk::DoormanCache::update",
                        "doorman cooldown is off, ttl: 15, fserr: 0"));
                out.write('\n');
            }
        }
        return lines;
    }

    /** The lines of one entry. */
    List<String> nextEntry() {
        time = time.plusNanos((1 + random.nextInt(2500)) * 1_000_000L);
        String thread = thread();
        int pick = random.nextInt(100);
        if (pick < 10) {
            return failedQuery(thread, 5, 111, "Couldn't resolve proxy: proxy.example.intern", 4);
        }
        if (pick < 20) {
            return failedQuery(
                    thread, 28, 201, "Operation timed out after 1006 milliseconds with 0 bytes received", 1006);
        }
        if (pick < 24) {
            // a partial group: curl and http-stats only
            return failedQuery(
                            thread,
                            7,
                            112,
                            "Failed to connect to doorman.sc.fsapi.com port 443: Connection refused",
                            12)
                    .subList(0, 2);
        }
        if (pick < 27) {
            int code = random.nextBoolean() ? 35 : 60;
            return List.of(line(
                    ".W",
                    thread,
                    "CurlQuery::completeWithStatus",
                    "handle " + handle() + " failed with " + code
                            + ": SSL peer certificate or SSH remote key was not OK"));
        }
        if (pick < 29) {
            return List.of(line(
                    ".W",
                    thread,
                    "CurlQuery::completeWithStatus",
                    "handle " + handle() + " failed with 6: Could not resolve host: doorman.sc.fsapi.com"));
        }
        if (pick < 39) {
            return List.of(line(
                    "I", thread, "fs::xrssdk::DoormanCache::update", "doorman cooldown is off, ttl: 15, fserr: 0"));
        }
        if (pick < 43) {
            return List.of(line(
                    "I",
                    thread,
                    "fs::xrssdk::DoormanCache::update",
                    "doorman cooldown is on, ttl: 300, fserr: " + (random.nextBoolean() ? 101 : 218)));
        }
        if (pick < 46) {
            return List.of(line("I", thread, "ipc_impl::stopRpcServer", "MSRPC server stopped"));
        }
        if (pick < 54) {
            return List.of(
                    line(".W", thread, "fs::rs::WinSocket::Impl::waitForConnection", "wait failed: 258"),
                    line(".W", thread, "fs::rs::WinSocket::Impl::connect", "connection timeout: doorman.sc.fsapi.com"));
        }
        if (pick < 59) {
            return List.of(line(
                    ".W",
                    thread,
                    "Filter2::ContentFilter2State::ReplyDriverMessage",
                    "failed to reply to message " + (2000 + random.nextInt(500))));
        }
        if (pick < 65) {
            return List.of(line(".W", thread, "SecurityCloud::Query", "ORSP failed for " + sha1() + " (0, 0)"));
        }
        if (pick < 67) {
            return List.of(line(
                    ".W",
                    thread,
                    "SecurityCloud::Query",
                    "Too many consecutive ORSP failures, further failure logs are suppressed"));
        }
        if (pick < 73) {
            return List.of(line(
                    ".W", thread, "SecurityCloud::Query", "ORSP query took " + (50 + random.nextInt(5000)) + " ms"));
        }
        if (pick < 77) {
            return List.of(line(
                    ".W",
                    thread,
                    "FSecure.Ess.Fsscore.Client",
                    "FSSCORE query for URL('http://schemas.microsoft.com/office/" + random.nextInt(3000)
                            + "/xxxx') failed. Error = Timeout"));
        }
        if (pick < 81) {
            List<String> lines = new ArrayList<>();
            lines.add(line(
                    ".W",
                    thread,
                    "FSecure.AntiVirus.Exchange.Transport.FSMessageScanner",
                    "Can't get response from FSSCORE. The following URLs will not be scanned"));
            int urls = 1 + random.nextInt(3);
            for (int i = 0; i < urls; i++) {
                lines.add("http://example.com/" + random.nextInt(100_000));
            }
            return lines;
        }
        if (pick < 88) {
            String[] levels = {".E", "D", ".D", "I"};
            return List.of(line(
                    levels[random.nextInt(levels.length)],
                    thread,
                    "fs::update::Scheduler::tick",
                    "next check in " + random.nextInt(600) + " s, Käyttäjä " + random.nextInt(10)));
        }
        if (pick < 92) {
            // an entry whose message goes on over lines that do not start with a timestamp
            return List.of(
                    line(".E", thread, "FSecure.Ess.Fsscore.Client", "unhandled exception"),
                    "   at FSecure.Ess.Fsscore.Client.Query(String url)",
                    "   at FSecure.Ess.Fsscore.Client.Run()");
        }
        if (pick < 96) {
            // starts like a timestamp but is not one: UNPARSED, its raw text kept
            return List.of(time.toLocalDate() + " 25:" + random.nextInt(60) + ":61.0 [zz.yy] ?? broken line "
                    + random.nextInt(1000));
        }
        return List.of(line("I", thread, "ipc_impl::on_async_complete_ex", "winrpc call completed with error 0"));
    }

    private List<String> failedQuery(String thread, int curl, int agentError, String curlText, long millis) {
        return List.of(
                line(
                        ".W",
                        thread,
                        "CurlQuery::completeWithStatus",
                        "handle " + handle() + " failed with " + curl + ": " + curlText),
                line(
                        ".W",
                        thread,
                        "fs::xrssdk::HTTPQueryTask::update_http_stats",
                        "http error " + agentError + " (" + curl + ") for http task " + handle() + ", time " + millis
                                + " ms"),
                line(".W", thread, "ipc_impl::on_async_complete_ex", "winrpc call completed with error " + agentError));
    }

    private String line(String level, String thread, String source, String message) {
        return TIME.format(time) + " [" + thread + "] " + level + ": " + source + ": " + message;
    }

    private String thread() {
        return THREADS[random.nextInt(THREADS.length)];
    }

    private String handle() {
        return "0000023C" + hex(8).toUpperCase(java.util.Locale.ROOT);
    }

    private String sha1() {
        return hex(40);
    }

    private String hex(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(HEX.charAt(random.nextInt(16)));
        }
        return text.toString();
    }
}
