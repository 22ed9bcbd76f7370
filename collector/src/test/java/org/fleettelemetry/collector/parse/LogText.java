package org.fleettelemetry.collector.parse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.schemas.avro.LogFile;

/** Test helpers: a file's bytes as lines with offsets, as the tail layer gives them, and a whole-file parse. */
final class LogText {

    static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");
    /** Obviously not a log time: shows in goldens where an UNPARSED entry had no time to take. */
    static final Clock READ_CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    record Line(String text, long startOffset, long endOffset) {}

    private LogText() {}

    static ParseContext context(LogFile logFile) {
        return new ParseContext(
                "pc-001", "hel", "proxy.example.intern:3128", "Elements EPP for Computers", logFile, HELSINKI, "f1");
    }

    /** Splits UTF-8 bytes on '\n'; a '\r' before it stays in the line (the parser must tolerate it). */
    static List<Line> split(byte[] bytes) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lines.add(new Line(new String(bytes, start, i - start, StandardCharsets.UTF_8), start, i + 1));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            lines.add(new Line(
                    new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8), start, bytes.length));
        }
        return lines;
    }

    static List<Line> lines(String... texts) {
        List<Line> lines = new ArrayList<>();
        long offset = 0;
        for (String text : texts) {
            long end = offset + text.getBytes(StandardCharsets.UTF_8).length + 1;
            lines.add(new Line(text, offset, end));
            offset = end;
        }
        return lines;
    }

    static List<ParsedEvent> parse(ParseContext context, List<Line> lines) {
        List<ParsedEvent> events = new ArrayList<>();
        EntryAssembler assembler = new EntryAssembler(context, READ_CLOCK, events::add);
        for (Line line : lines) {
            assembler.accept(line.text(), line.startOffset(), line.endOffset());
        }
        assembler.flush();
        return events;
    }

    static List<ParsedEvent> parse(String... texts) {
        return parse(context(LogFile.FSSCORPLUG), lines(texts));
    }
}
