package org.fleettelemetry.collector.parse;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.OptionalLong;

/**
 * What {@link LineGrammar} makes of one line. {@link #text()} is the line without a leading U+FEFF and
 * a trailing '\r' (artefacts of the encoding and of CRLF, not part of the text).
 */
public sealed interface ParsedLine {

    String text();

    /**
     * A line that starts an entry.
     *
     * @param localEpochMillis the local date-time as milliseconds since 1970-01-01T00:00 of the same
     *     (unknown) zone: cheap to compare and to convert, see {@link #localDateTime()}
     * @param pid null when the line had no [pid.tid]
     * @param tid null when the line had no [pid.tid]
     * @param level the token as written (I, .W, .E, D, ...)
     * @param source empty when the line names none
     */
    record Header(
            long localEpochMillis, Integer pid, Integer tid, String level, String source, String message, String text)
            implements ParsedLine {

        public LocalDateTime localDateTime() {
            return LocalDateTime.ofEpochSecond(
                    Math.floorDiv(localEpochMillis, 1000L),
                    (int) Math.floorMod(localEpochMillis, 1000L) * 1_000_000,
                    ZoneOffset.UTC);
        }
    }

    /** A line that does not start with a timestamp: it continues the previous entry. */
    record Continuation(String text) implements ParsedLine {}

    /**
     * A line that starts like a timestamp but does not follow the grammar.
     *
     * @param localEpochMillis the line's local date-time when that part of it was well-formed
     */
    record Rejected(String reason, String text, OptionalLong localEpochMillis) implements ParsedLine {

        public Rejected(String reason, String text) {
            this(reason, text, OptionalLong.empty());
        }
    }
}
