package org.fleettelemetry.collector.parse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.collector.parse.ParsedLine.Header;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;

/** The entry {@link EntryAssembler} is building: its lines so far and, for a failure group, its codes. */
final class PendingEntry {

    private final long startOffset;
    private final String firstText;
    /** Null for an entry that did not start with a well-formed line: it becomes UNPARSED. */
    private final Header first;

    private final Classification classification;
    private final long epochMillis;

    private long endOffset;
    private int lineCount = 1;
    private List<String> lines;
    private boolean continued;

    private int roles;
    private Header messageLine;
    private Integer curlCode;
    private Integer agentHttpError;
    private Integer waitCode;
    private String targetHost;
    private String lineProxy;
    private Long durationMs;

    private PendingEntry(
            ParsedLine line, Header first, Classification classification, long epochMillis, long start, long end) {
        this.startOffset = start;
        this.endOffset = end;
        this.firstText = line.text();
        this.first = first;
        this.classification = classification;
        this.epochMillis = epochMillis;
        this.messageLine = first;
        if (first != null) {
            absorbCodes(classification);
        }
    }

    static PendingEntry ofHeader(Header header, Classification classification, long epochMillis, long start, long end) {
        return new PendingEntry(header, header, classification, epochMillis, start, end);
    }

    /** @param epochMillis the entry's time if known, or {@link EntryAssembler#NONE} */
    static PendingEntry unparsed(ParsedLine line, long epochMillis, long start, long end) {
        return new PendingEntry(line, null, null, epochMillis, start, end);
    }

    long startOffset() {
        return startOffset;
    }

    int lineCount() {
        return lineCount;
    }

    long epochMillis() {
        return epochMillis;
    }

    /**
     * True when {@code header} is another line of the same failed query or connect: same instant to the
     * millisecond, same [pid.tid], same family of lines, a role not yet present, no conflicting code, and
     * nothing but such lines so far.
     */
    boolean canJoin(Header header, Classification other) {
        if (first == null || continued || !classification.role().sameFamily(other.role())) {
            return false;
        }
        if ((roles & other.role().bit()) != 0
                || header.localEpochMillis() != first.localEpochMillis()
                || first.pid() == null
                || !first.pid().equals(header.pid())
                || !first.tid().equals(header.tid())) {
            return false;
        }
        return !conflicts(curlCode, other.curlCode()) && !conflicts(agentHttpError, other.agentHttpError());
    }

    void join(Header header, Classification other, long end) {
        addLine(header.text(), end);
        absorbCodes(other);
        if (other.role() == GroupRole.CURL) {
            messageLine = header;
        }
    }

    void continueWith(String text, long end) {
        addLine(text, end);
        continued = true;
    }

    /** @param fallbackEpochMillis the time of an UNPARSED entry that has none */
    EndpointEvent toEvent(ParseContext context, String eventId, long fallbackEpochMillis) {
        List<String> rawLines = lines == null ? List.of() : List.copyOf(lines);
        if (first == null) {
            long millis = epochMillis != EntryAssembler.NONE ? epochMillis : fallbackEpochMillis;
            List<String> unparsedLines = rawLines.isEmpty() ? List.of(firstText) : rawLines;
            return new EndpointEvent(
                    eventId,
                    context.endpointId(),
                    context.site(),
                    context.proxy(),
                    context.product(),
                    context.logFile(),
                    Instant.ofEpochMilli(millis),
                    null,
                    null,
                    "",
                    "",
                    firstText,
                    EventKind.UNPARSED,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    unparsedLines,
                    endOffset,
                    null);
        }
        Classification c = classification;
        String errorCode = c.errorCode();
        if (c.role() != GroupRole.NONE) {
            String groupCode = Classification.connectionFailureCode(curlCode, waitCode, agentHttpError);
            errorCode = groupCode != null ? groupCode : errorCode;
        }
        List<String> urls = c.listsUrls() ? continuationUrls() : c.urls();
        return new EndpointEvent(
                eventId,
                context.endpointId(),
                context.site(),
                context.proxy(),
                context.product(),
                context.logFile(),
                Instant.ofEpochMilli(epochMillis),
                first.pid(),
                first.tid(),
                messageLine.level(),
                messageLine.source(),
                messageLine.message(),
                c.kind(),
                errorCode,
                curlCode,
                agentHttpError,
                c.fserr(),
                waitCode,
                targetHost,
                lineProxy,
                durationMs,
                c.objectSha1(),
                urls,
                rawLines,
                endOffset,
                null);
    }

    private List<String> continuationUrls() {
        if (lines == null) {
            return List.of();
        }
        List<String> urls = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            String url = lines.get(i).strip();
            if (!url.isEmpty()) {
                urls.add(url);
            }
        }
        return List.copyOf(urls);
    }

    private void addLine(String text, long end) {
        if (lines == null) {
            lines = new ArrayList<>(4);
            lines.add(firstText);
        }
        lines.add(text);
        lineCount++;
        endOffset = end;
    }

    long endOffset() {
        return endOffset;
    }

    private void absorbCodes(Classification c) {
        roles |= c.role().bit();
        curlCode = curlCode != null ? curlCode : c.curlCode();
        agentHttpError = agentHttpError != null ? agentHttpError : c.agentHttpError();
        waitCode = waitCode != null ? waitCode : c.waitCode();
        targetHost = targetHost != null ? targetHost : c.targetHost();
        lineProxy = lineProxy != null ? lineProxy : c.lineProxy();
        durationMs = durationMs != null ? durationMs : c.durationMs();
    }

    private static boolean conflicts(Integer mine, Integer theirs) {
        return mine != null && theirs != null && !mine.equals(theirs);
    }
}
