package org.fleettelemetry.collector.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes one endpoint's agent log lines as the agent does: local time of the endpoint's zone, {@code
 * [pid.tid]}, level, source, message, in the file each line belongs to; one failed query is several
 * lines at the same instant on the same {@code [pid.tid]}.
 */
final class AgentLogWriter implements AutoCloseable {
    enum File {
        FSSCORPLUG("fsscorplug.log"),
        SPPLUG("spplug.log"),
        CCF("CcfPluginState.log"),
        DEEPGUARD("deepguard.log"),
        TRANSPORT("transportAgent.log");

        final String fileName;

        File(String fileName) {
            this.fileName = fileName;
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private final SimEndpoint endpoint;
    private final Random random;
    private final Map<File, FileChannel> channels = new EnumMap<>(File.class);
    private final Map<File, StringBuilder> pending = new EnumMap<>(File.class);
    private final String pidTid;
    private long linesWritten;

    AgentLogWriter(Path dir, SimEndpoint endpoint, Random random) {
        this.endpoint = endpoint;
        this.random = random;
        this.pidTid = "[" + Integer.toHexString(endpoint.pid()) + "." + Integer.toHexString(endpoint.tid()) + "]";
        try {
            Files.createDirectories(dir);
            for (File f : File.values()) {
                if (f == File.TRANSPORT && !endpoint.mailServer()) {
                    continue;
                }
                channels.put(
                        f,
                        FileChannel.open(
                                dir.resolve(f.fileName),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE,
                                StandardOpenOption.APPEND));
                pending.put(f, new StringBuilder());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the simulated logs in " + dir, e);
        }
    }

    long linesWritten() {
        return linesWritten;
    }

    private void line(File file, Instant at, String level, String source, String message) {
        StringBuilder out = pending.get(file);
        if (out == null) {
            return;
        }
        out.append(TIME.format(LocalDateTime.ofInstant(at, endpoint.zone())))
                .append(' ')
                .append(pidTid)
                .append(' ')
                .append(level)
                .append(": ")
                .append(source)
                .append(": ")
                .append(message)
                .append("\r\n");
        linesWritten++;
    }

    private void raw(File file, String text) {
        StringBuilder out = pending.get(file);
        if (out != null) {
            out.append(text).append("\r\n");
            linesWritten++;
        }
    }

    private String handle() {
        return String.format("0000023C%08X", random.nextInt() & 0x7fffffff);
    }

    void doormanOk(Instant at) {
        line(
                File.FSSCORPLUG,
                at,
                "I",
                "fs::xrssdk::DoormanCache::update",
                "doorman cooldown is off, ttl: 15, fserr: 0");
    }

    void proxyDnsFailure(Instant at) {
        String proxyHost = endpoint.proxy().split(":")[0];
        curlFailed(at, "5: Couldn't resolve proxy: " + proxyHost);
        line(
                File.FSSCORPLUG,
                at,
                ".W",
                "fs::xrssdk::HTTPQueryTask::update_http_stats",
                "http error 111 (5) for http task " + handle() + ", time " + (2 + random.nextInt(6)) + " ms");
        line(File.FSSCORPLUG, at, ".W", "ipc_impl::on_async_complete_ex", "winrpc call completed with error 111");
    }

    /** A proxy inspects TLS with a certificate the client does not trust (curl 60). */
    void tlsInspected(Instant at) {
        curlFailed(at, "60: SSL certificate problem: unable to get local issuer certificate");
    }

    /** fsscorplug's line for a cloud query curl ended with {@code codeAndText} ("7: Failed to connect ..."). */
    private void curlFailed(Instant at, String codeAndText) {
        line(
                File.FSSCORPLUG,
                at,
                ".W",
                "CurlQuery::completeWithStatus",
                "handle " + handle() + " failed with " + codeAndText);
    }

    void firewallTimeout(Instant at) {
        int ms = 1000 + random.nextInt(20);
        curlFailed(at, "28: Operation timed out after " + ms + " milliseconds with 0 bytes received");
        line(
                File.FSSCORPLUG,
                at,
                ".W",
                "fs::xrssdk::HTTPQueryTask::update_http_stats",
                "http error 201 (28) for http task " + handle() + ", time " + ms + " ms");
        line(File.FSSCORPLUG, at, ".W", "ipc_impl::on_async_complete_ex", "winrpc call completed with error 201");
        Instant later = at.plusMillis(1 + random.nextInt(50));
        line(File.SPPLUG, later, ".W", "fs::rs::WinSocket::Impl::waitForConnection", "wait failed: 258");
        line(File.SPPLUG, later, ".W", "fs::rs::WinSocket::Impl::connect", "connection timeout: doorman.sc.fsapi.com");
    }

    void connectRefused(Instant at) {
        curlFailed(at, "7: Failed to connect to doorman.sc.fsapi.com port 443: Connection refused");
    }

    void lookup(Instant at, long millis) {
        line(
                File.DEEPGUARD,
                at,
                millis >= 1000 ? ".W" : "I",
                "SecurityCloud::Query",
                "ORSP query took " + millis + " ms");
    }

    void lookupFailed(Instant at) {
        byte[] sha1 = new byte[20];
        random.nextBytes(sha1);
        line(
                File.DEEPGUARD,
                at,
                ".W",
                "SecurityCloud::Query",
                "ORSP failed for " + HexFormat.of().formatHex(sha1) + " (0, 0)");
    }

    void mailScanSkipped(Instant at) {
        line(
                File.TRANSPORT,
                at,
                ".W",
                "FSecure.Ess.Fsscore.Client",
                "FSSCORE query for URL('http://schemas.microsoft.com/office/2004/12/omml') failed. Error = Timeout");
        line(
                File.TRANSPORT,
                at.plusMillis(1),
                ".W",
                "FSecure.AntiVirus.Exchange.Transport.FSMessageScanner",
                "Can't get response from FSSCORE. The following URLs will not be scanned");
        raw(File.TRANSPORT, "http://example.com/invoice/" + random.nextInt(10_000));
        raw(File.TRANSPORT, "http://example.com/track?id=" + random.nextInt(10_000));
    }

    void contentFilterFailure(Instant at) {
        line(File.CCF, at, ".W", "Filter2::ContentFilter2State::ReplyDriverMessage", "failed to reply to message 2222");
    }

    void noise(Instant at) {
        switch (random.nextInt(3)) {
            case 0 -> line(File.FSSCORPLUG, at, "I", "ipc_impl::stopRpcServer", "MSRPC server stopped");
            case 1 -> line(File.SPPLUG, at, "I", "fs::rs::Settings::load", "settings reloaded: 42 keys");
            default ->
                line(
                        File.DEEPGUARD,
                        at,
                        "D",
                        "DeepGuard::Engine::scan",
                        "scanned C:\\Windows\\System32\\notepad.exe: clean");
        }
    }

    /** Appends what was written since the last flush, one write per file (the agent writes whole lines). */
    void flush() {
        for (Map.Entry<File, StringBuilder> e : pending.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(e.getValue().toString());
            try {
                while (bytes.hasRemaining()) {
                    channels.get(e.getKey()).write(bytes);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot append to " + e.getKey().fileName + " of " + endpoint.id(), ex);
            }
            e.getValue().setLength(0);
        }
    }

    @Override
    public void close() {
        flush();
        for (FileChannel channel : channels.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
