package org.fleettelemetry.collector.parse;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.fleettelemetry.collector.parse.ParsedLine.Header;
import org.fleettelemetry.schemas.avro.LogFile;

/**
 * Throughput of the parser on one thread, for typical lines (the lines of docs/agent-logs.md with advancing timestamps).
 * Not a test: run its main from the test classpath; it warms up, then prints lines/s for the grammar
 * alone, grammar + classifier, and the whole assembler (events built, sink counting them).
 */
public final class ParserThroughputHarness {

    private static final int LINES = 1_000_000;
    private static final int WARMUP_ROUNDS = 5;
    private static final int MEASURED_ROUNDS = 5;

    private ParserThroughputHarness() {}

    public static void main(String[] args) {
        String[] lines = typicalLines();
        long[] sink = new long[1];
        measure("grammar", lines, () -> {
            long checksum = 0;
            for (String line : lines) {
                checksum += LineGrammar.parse(line).text().length();
            }
            return checksum;
        });
        measure("grammar+classifier", lines, () -> {
            long checksum = 0;
            for (String line : lines) {
                if (LineGrammar.parse(line) instanceof Header header) {
                    checksum += MessageClassifier.classify(header.source(), header.message())
                            .kind()
                            .ordinal();
                }
            }
            return checksum;
        });
        ParseContext context = LogText.context(LogFile.FSSCORPLUG);
        measure("assembler (events built)", lines, () -> {
            EntryAssembler assembler = new EntryAssembler(context, event -> sink[0] += event.lineCount());
            long offset = 0;
            for (String line : lines) {
                long end = offset + line.length() + 1;
                assembler.accept(line, offset, end);
                offset = end;
            }
            assembler.flush();
            return sink[0];
        });
    }

    private interface Round {
        long run();
    }

    private static void measure(String name, String[] lines, Round round) {
        long checksum = 0;
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            checksum += round.run();
        }
        long best = Long.MAX_VALUE;
        long total = 0;
        for (int i = 0; i < MEASURED_ROUNDS; i++) {
            long start = System.nanoTime();
            checksum += round.run();
            long elapsed = System.nanoTime() - start;
            best = Math.min(best, elapsed);
            total += elapsed;
        }
        System.out.printf(
                "%-26s best %,12.0f lines/s   mean %,12.0f lines/s   (%d lines, checksum %d)%n",
                name,
                lines.length / (best / 1e9),
                lines.length * (double) MEASURED_ROUNDS / (total / 1e9),
                lines.length,
                checksum);
    }

    /** The lines of docs/agent-logs.md in order, again and again, each block shifted 20 minutes after the previous one. */
    private static String[] typicalLines() {
        List<String> spec = ParserRandomizedTest.SPEC_LINES.subList(0, 18);
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
        String[] lines = new String[LINES];
        for (int i = 0; i < LINES; i++) {
            String line = spec.get(i % spec.size());
            if (line.startsWith("2021-")) {
                LocalDateTime written = LocalDateTime.parse(line.substring(0, 23), format);
                line = format.format(written.plusMinutes(20L * (i / spec.size()))) + line.substring(23);
            }
            lines[i] = line;
        }
        return lines;
    }
}
