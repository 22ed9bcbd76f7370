package org.fleettelemetry.collector.parse;

import java.util.List;
import org.fleettelemetry.schemas.avro.EventKind;

/**
 * Gives an entry's meaning from its source and message (the line kinds of docs/agent-logs.md). Pure
 * and total: any strings give a result; a line no rule recognises is {@link Classification#OTHER}.
 *
 * <p>The source (matched by its ending, so a deeper namespace still matches) picks the rule and the
 * message is then read leniently. The log file is deliberately not an input: the vendor's article lists the same
 * lines in several files (WinSocket in fsscorplug.log and spplug.log) and the source is what identifies a
 * line, whatever file it lands in.
 */
public final class MessageClassifier {

    private static final long NO_NUMBER = Long.MIN_VALUE;
    private static final int MAX_ERROR_WORD_LENGTH = 40;
    /** A DNS name has at most 253 characters; a longer "token" is not a host, proxy or hash. */
    private static final int MAX_TOKEN_LENGTH = 255;

    private MessageClassifier() {}

    public static Classification classify(String source, String message) {
        if (source == null || source.isEmpty() || message == null) {
            return Classification.OTHER;
        }
        if (source.endsWith("CurlQuery::completeWithStatus")) {
            return curl(message);
        }
        if (source.endsWith("HTTPQueryTask::update_http_stats")) {
            return httpStats(message);
        }
        if (source.endsWith("on_async_complete_ex")) {
            return winrpc(message);
        }
        if (source.endsWith("DoormanCache::update")) {
            return doorman(message);
        }
        if (source.endsWith("WinSocket::Impl::waitForConnection")) {
            return socketWait(message);
        }
        if (source.endsWith("WinSocket::Impl::connect")) {
            return socketConnect(message);
        }
        if (source.endsWith("ReplyDriverMessage")) {
            return driver(message);
        }
        if (source.endsWith("SecurityCloud::Query")) {
            return orsp(message);
        }
        if (source.endsWith("Fsscore.Client")) {
            return fsscoreQuery(message);
        }
        if (source.endsWith("FSMessageScanner")) {
            return scanSkipped(message);
        }
        return Classification.OTHER;
    }

    // handle 0000023C45E27C50 failed with 5: Couldn't resolve proxy: proxy.example.intern
    private static Classification curl(String message) {
        long code = numberAfter(message, "failed with ");
        if (!isInt(code) || code == 0) {
            return Classification.OTHER;
        }
        String targetHost = nameAfter(message, "resolve host");
        if (targetHost == null) {
            targetHost = tokenAfter(message, "Failed to connect to ");
        }
        long timedOutAfter = numberAfter(message, "timed out after ");
        return new Classification(
                EventKind.CONNECTION_FAILURE,
                "curl:" + code,
                (int) code,
                null,
                null,
                null,
                targetHost,
                nameAfter(message, "resolve proxy"),
                timedOutAfter == NO_NUMBER ? null : timedOutAfter,
                null,
                List.of(),
                GroupRole.CURL,
                false);
    }

    // http error 111 (5) for http task 0000023C45E9AC20, time 4 ms
    private static Classification httpStats(String message) {
        int at = message.indexOf("http error ");
        if (at < 0) {
            return Classification.OTHER;
        }
        int pos = at + "http error ".length();
        long agent = number(message, pos);
        if (!isInt(agent)) {
            return Classification.OTHER;
        }
        pos = skipDigits(message, pos + (message.charAt(pos) == '-' ? 1 : 0));
        pos = skipSpaces(message, pos);
        Integer curlCode = null;
        if (pos < message.length() && message.charAt(pos) == '(') {
            long curl = number(message, pos + 1);
            curlCode = isInt(curl) ? (int) curl : null;
        }
        if (agent == 0 && (curlCode == null || curlCode == 0)) {
            return Classification.OTHER;
        }
        long time = numberAfter(message, "time ");
        return new Classification(
                EventKind.CONNECTION_FAILURE,
                Classification.connectionFailureCode(curlCode, null, (int) agent),
                curlCode,
                (int) agent,
                null,
                null,
                null,
                null,
                time == NO_NUMBER ? null : time,
                null,
                List.of(),
                GroupRole.HTTP_STATS,
                false);
    }

    // winrpc call completed with error 111
    private static Classification winrpc(String message) {
        long agent = numberAfter(message, "completed with error ");
        if (!isInt(agent) || agent == 0) {
            return Classification.OTHER;
        }
        return new Classification(
                EventKind.CONNECTION_FAILURE,
                "agent:" + agent,
                null,
                (int) agent,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                GroupRole.WINRPC,
                false);
    }

    // doorman cooldown is off, ttl: 15, fserr: 0
    private static Classification doorman(String message) {
        long fserr = numberAfter(message, "fserr:");
        if (!isInt(fserr)) {
            return Classification.OTHER;
        }
        boolean healthy = fserr == 0;
        return new Classification(
                healthy ? EventKind.CONNECTION_OK : EventKind.CONNECTION_FAILURE,
                healthy ? null : "fserr:" + fserr,
                null,
                null,
                (int) fserr,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                GroupRole.NONE,
                false);
    }

    // wait failed: 258
    private static Classification socketWait(String message) {
        long wait = numberAfter(message, "wait failed:");
        if (!isInt(wait)) {
            return Classification.OTHER;
        }
        return new Classification(
                EventKind.CONNECTION_FAILURE,
                "wait:" + wait,
                null,
                null,
                null,
                (int) wait,
                null,
                null,
                null,
                null,
                List.of(),
                GroupRole.SOCKET_WAIT,
                false);
    }

    // connection timeout: doorman.sc.fsapi.com
    private static Classification socketConnect(String message) {
        if (!message.contains("connection timeout")) {
            return Classification.OTHER;
        }
        return new Classification(
                EventKind.CONNECTION_FAILURE,
                "connect:timeout",
                null,
                null,
                null,
                null,
                tokenAfter(message, "connection timeout"),
                null,
                null,
                null,
                List.of(),
                GroupRole.SOCKET_CONNECT,
                false);
    }

    // failed to reply to message 2222
    private static Classification driver(String message) {
        long code = numberAfter(message, "failed to reply to message ");
        if (!isInt(code)) {
            return Classification.OTHER;
        }
        return Classification.of(EventKind.DRIVER_FAILURE, "driver:" + code);
    }

    private static Classification orsp(String message) {
        int failed = message.indexOf("ORSP failed for ");
        if (failed >= 0) {
            String sha1 = tokenAt(message, failed + "ORSP failed for ".length());
            return new Classification(
                    EventKind.CLOUD_QUERY_FAILURE,
                    "orsp:failed",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    sha1,
                    List.of(),
                    GroupRole.NONE,
                    false);
        }
        if (message.contains("consecutive ORSP failures")) {
            return Classification.of(EventKind.CLOUD_QUERY_FAILURE, "orsp:suppressed");
        }
        long took = numberAfter(message, "ORSP query took ");
        if (took != NO_NUMBER) {
            return new Classification(
                    EventKind.CLOUD_QUERY_LATENCY,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    took,
                    null,
                    List.of(),
                    GroupRole.NONE,
                    false);
        }
        return Classification.OTHER;
    }

    // FSSCORE query for URL('http://...') failed. Error = Timeout
    private static Classification fsscoreQuery(String message) {
        int query = message.indexOf("FSSCORE query for URL(");
        if (query < 0 || message.indexOf("failed", query) < 0) {
            return Classification.OTHER;
        }
        int urlStart = query + "FSSCORE query for URL(".length();
        if (urlStart < message.length() && (message.charAt(urlStart) == '\'' || message.charAt(urlStart) == '"')) {
            urlStart++;
        }
        int urlEnd = message.indexOf(')', urlStart);
        if (urlEnd < 0) {
            urlEnd = message.length();
        }
        if (urlEnd > urlStart && (message.charAt(urlEnd - 1) == '\'' || message.charAt(urlEnd - 1) == '"')) {
            urlEnd--;
        }
        List<String> urls = urlEnd > urlStart ? List.of(message.substring(urlStart, urlEnd)) : List.of();
        return new Classification(
                EventKind.CLOUD_QUERY_FAILURE,
                "fsscore:" + fsscoreError(message),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                urls,
                GroupRole.NONE,
                false);
    }

    /**
     * "Error = Timeout" as "timeout", "Error = Connection refused." as "connection-refused": the words
     * (letters, digits, '-', '_' and spaces) after "Error =", lower-case, spaces as '-'. "failed" when there
     * are none or they run longer than {@value #MAX_ERROR_WORD_LENGTH} characters: the code is a grouping
     * key downstream, so free text must not leak into it.
     */
    private static String fsscoreError(String message) {
        int at = message.indexOf("Error =");
        if (at < 0) {
            return "failed";
        }
        int start = skipSpaces(message, at + "Error =".length());
        int end = start;
        while (end < message.length() && isErrorWordChar(message.charAt(end)) && end - start <= MAX_ERROR_WORD_LENGTH) {
            end++;
        }
        while (end > start && message.charAt(end - 1) == ' ') {
            end--;
        }
        if (end == start || end - start > MAX_ERROR_WORD_LENGTH) {
            return "failed";
        }
        StringBuilder word = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = message.charAt(i);
            if (c != ' ') {
                word.append(Character.toLowerCase(c));
            } else if (message.charAt(i - 1) != ' ') {
                word.append('-');
            }
        }
        return word.toString();
    }

    private static boolean isErrorWordChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == ' '
                || c == '-'
                || c == '_';
    }

    // Can't get response from FSSCORE. The following URLs will not be scanned
    private static Classification scanSkipped(String message) {
        if (!message.contains("get response from FSSCORE")) {
            return Classification.OTHER;
        }
        return new Classification(
                EventKind.SCAN_SKIPPED,
                "fsscore:no-response",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                GroupRole.NONE,
                true);
    }

    /**
     * The name libcurl gives after {@code phrase}: after a ':' ("resolve host: X") or in quotes ("resolve host 'X'").
     * Null when the phrase is absent or goes straight on in words: libcurl's own texts "Couldn't resolve host name",
     * "Could not resolve hostname" and "Couldn't resolve proxy name" name no host, and "name" is not one.
     */
    private static String nameAfter(String message, String phrase) {
        int at = message.indexOf(phrase);
        if (at < 0) {
            return null;
        }
        int pos = skipSpaces(message, at + phrase.length());
        if (pos >= message.length()
                || (message.charAt(pos) != ':' && message.charAt(pos) != '\'' && message.charAt(pos) != '"')) {
            return null;
        }
        return tokenAfter(message, phrase);
    }

    /**
     * The word after {@code phrase}, past any ':', space or quote, up to a space, quote or comma; null
     * when the phrase is absent or nothing follows it.
     */
    private static String tokenAfter(String message, String phrase) {
        int at = message.indexOf(phrase);
        if (at < 0) {
            return null;
        }
        int pos = at + phrase.length();
        while (pos < message.length() && isSeparator(message.charAt(pos))) {
            pos++;
        }
        return tokenAt(message, pos);
    }

    /** The token at {@code from}, or null when it is empty or longer than {@value #MAX_TOKEN_LENGTH}. */
    private static String tokenAt(String message, int from) {
        int end = from;
        while (end < message.length()
                && !isSeparator(message.charAt(end))
                && message.charAt(end) != ','
                && end - from <= MAX_TOKEN_LENGTH) {
            end++;
        }
        return end > from && end - from <= MAX_TOKEN_LENGTH ? message.substring(from, end) : null;
    }

    private static boolean isSeparator(char c) {
        return c == ':' || c == ' ' || c == '\'' || c == '"';
    }

    /** The (optionally signed) number after {@code phrase} and any spaces, or {@link #NO_NUMBER}. */
    private static long numberAfter(String message, String phrase) {
        int at = message.indexOf(phrase);
        if (at < 0) {
            return NO_NUMBER;
        }
        return number(message, skipSpaces(message, at + phrase.length()));
    }

    /** Up to 18 digits with an optional '-', or {@link #NO_NUMBER}. */
    private static long number(String text, int from) {
        int pos = from;
        boolean negative = pos < text.length() && text.charAt(pos) == '-';
        if (negative) {
            pos++;
        }
        int digitsStart = pos;
        long value = 0;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            if (pos - digitsStart == 18) {
                return NO_NUMBER;
            }
            value = value * 10 + (text.charAt(pos) - '0');
            pos++;
        }
        if (pos == digitsStart) {
            return NO_NUMBER;
        }
        return negative ? -value : value;
    }

    private static boolean isInt(long value) {
        return value != NO_NUMBER && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
    }

    private static int skipDigits(String text, int pos) {
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos;
    }

    private static int skipSpaces(String text, int pos) {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
        return pos;
    }
}
