package org.fleettelemetry.collector.parse;

import java.time.Clock;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.fleettelemetry.collector.faults.RateLimitedLog;
import org.fleettelemetry.collector.parse.ParsedLine.Continuation;
import org.fleettelemetry.collector.parse.ParsedLine.Header;
import org.fleettelemetry.collector.parse.ParsedLine.Rejected;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the lines of ONE log file, in order, into events. The only stateful part of the parser: one
 * instance per file, not thread-safe.
 *
 * <p>An entry starts at a well-formed line, at a line that starts like a timestamp but is malformed
 * (UNPARSED) or, when nothing precedes it in this file, at a continuation line (UNPARSED). Continuation
 * lines join the pending entry. The lines of one failed query (curl, http-stats, winrpc: same local
 * millisecond, same [pid.tid], consecutive, any subset, each at most once) and the WinSocket
 * wait+connect pair join into one CONNECTION_FAILURE. An entry is emitted to the sink when a line arrives
 * that cannot join it, or on {@link #flush()}. Every line given ends up in exactly one event.
 *
 * <p>Time of an UNPARSED entry: its own line's date-time when that part was well-formed, else the time
 * of the previous well-formed line of this file, else of the line that completes it, else the clock's
 * (the time the collector read it).
 */
public final class EntryAssembler {

    static final long NONE = Long.MIN_VALUE;

    /** Most lines of one entry (an agent's URL list has tens). */
    static final int MAX_ENTRY_LINES = 512;

    /**
     * Most file bytes of one entry: an event carries them up to twice (message and raw lines), which must stay well
     * inside Kafka's 1 MiB request and the endpoint's 24 MiB heap.
     */
    static final long MAX_ENTRY_BYTES = 128 * 1024;

    private static final Logger log = LoggerFactory.getLogger(EntryAssembler.class);

    /** A grammar bug that one kind of line trips would otherwise log a stack trace per line. */
    private final RateLimitedLog parserFailures = new RateLimitedLog(log);

    private final ParseContext context;
    private final Clock clock;
    private final Consumer<ParsedEvent> sink;
    private final LocalTimeConverter converter;
    private final String eventIdPrefix;

    private PendingEntry pending;
    /** UTC time of the latest well-formed line: the previous entry for DST overlaps, the time of UNPARSED. */
    private long lastEpochMillis = NONE;

    public EntryAssembler(ParseContext context, Consumer<ParsedEvent> sink) {
        this(context, Clock.systemUTC(), sink);
    }

    /** @param clock only for UNPARSED entries with no time of their own and none in the file before them */
    public EntryAssembler(ParseContext context, Clock clock, Consumer<ParsedEvent> sink) {
        this.context = Objects.requireNonNull(context, "context");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.converter = new LocalTimeConverter(context.zone());
        this.eventIdPrefix = context.endpointId() + ":" + context.fileIdentity() + ":";
    }

    /**
     * Feeds the next line of the file and emits to the sink the entry this line completes, if any (at
     * most one per line; the line itself always stays pending, as continuation lines may follow it). If
     * the sink throws, the exception propagates, the completed entry stays pending and this line was not
     * consumed: feed it again.
     *
     * @param line the decoded line without its terminator (a trailing '\r' and a leading U+FEFF are
     *     tolerated and dropped from the text)
     * @param startOffset byte offset of the line's first byte in the file
     * @param endOffset byte offset just past the line (and its terminator, if the caller counts it)
     */
    public void accept(String line, long startOffset, long endOffset) {
        ParsedLine parsed;
        Classification classification = Classification.OTHER;
        try {
            parsed = LineGrammar.parse(line);
            if (parsed instanceof Header header) {
                classification = MessageClassifier.classify(header.source(), header.message());
            }
        } catch (RuntimeException e) {
            // The grammar and classifier are meant to be total; if one is not, keep the line as UNPARSED
            // rather than lose it or stop the file.
            parserFailures.warn(
                    "Parser failed on the line of " + context.fileIdentity() + " at offset " + startOffset
                            + "; kept as UNPARSED",
                    e);
            parsed = new Rejected("parser error: " + e, line == null ? "" : line);
        }

        if (parsed instanceof Continuation) {
            if (pending != null && !isFull(pending, endOffset)) {
                pending.continueWith(parsed.text(), endOffset);
            } else {
                emitPending();
                pending = PendingEntry.unparsed(parsed, lastEpochMillis, startOffset, endOffset);
            }
        } else if (parsed instanceof Header header) {
            if (pending != null && pending.canJoin(header, classification)) {
                pending.join(header, classification, endOffset);
                return;
            }
            long epochMillis = toEpochMillis(header.localEpochMillis());
            lastEpochMillis = epochMillis;
            emitPending();
            pending = PendingEntry.ofHeader(header, classification, epochMillis, startOffset, endOffset);
        } else {
            Rejected rejected = (Rejected) parsed;
            long epochMillis = rejected.localEpochMillis().isPresent()
                    ? toEpochMillis(rejected.localEpochMillis().getAsLong())
                    : lastEpochMillis;
            emitPending();
            pending = PendingEntry.unparsed(parsed, epochMillis, startOffset, endOffset);
        }
    }

    /**
     * Whether an entry has as many continuation lines as one event may carry: a binary file or a runaway writer
     * would otherwise make one entry of the whole file, in memory, and an event Kafka refuses. The next line starts
     * a new (UNPARSED) entry: every line stays in exactly one event.
     */
    private static boolean isFull(PendingEntry entry, long endOffset) {
        return entry.lineCount() >= MAX_ENTRY_LINES || endOffset - entry.startOffset() > MAX_ENTRY_BYTES;
    }

    private long toEpochMillis(long localEpochMillis) {
        return converter.toEpochMillis(
                localEpochMillis, lastEpochMillis == NONE ? LocalTimeConverter.NO_PREVIOUS : lastEpochMillis);
    }

    /** Emits the pending entry, if any: call at end of data (after an idle delay, so a group can complete). */
    public void flush() {
        emitPending();
    }

    public boolean hasPending() {
        return pending != null;
    }

    /** Start offset of the first line not yet emitted in an event; empty when every line given was emitted. */
    public OptionalLong pendingStartOffset() {
        return pending == null ? OptionalLong.empty() : OptionalLong.of(pending.startOffset());
    }

    /** Number of lines given but not yet emitted. */
    public int pendingLineCount() {
        return pending == null ? 0 : pending.lineCount();
    }

    private void emitPending() {
        if (pending == null) {
            return;
        }
        PendingEntry entry = pending;
        String eventId = eventIdPrefix + entry.startOffset();
        long fallbackEpochMillis = lastEpochMillis != NONE ? lastEpochMillis : clock.millis();
        EndpointEvent event = entry.toEvent(context, eventId, fallbackEpochMillis);
        sink.accept(new ParsedEvent(event, entry.startOffset(), entry.endOffset(), entry.lineCount()));
        // Cleared only once the sink took it: a sink that throws sees the same entry again (same eventId).
        pending = null;
    }
}
