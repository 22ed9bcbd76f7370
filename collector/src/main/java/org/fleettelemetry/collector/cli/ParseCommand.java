package org.fleettelemetry.collector.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.fleettelemetry.collector.parse.EntryAssembler;
import org.fleettelemetry.collector.parse.EventJson;
import org.fleettelemetry.collector.parse.LogFiles;
import org.fleettelemetry.collector.parse.ParseContext;
import org.fleettelemetry.collector.tail.Line;
import org.fleettelemetry.collector.tail.LineReader;
import org.fleettelemetry.schemas.avro.EventKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code collector parse FILE...}: the parser offline, for support engineers and tests. One JSON object
 * per event on stdout (field names = the Avro field names, timestamps ISO-8601 UTC), a summary on stderr.
 */
@Command(
        name = "parse",
        description = "Parse agent log files offline: one JSON event per line on stdout.",
        mixinStandardHelpOptions = true)
public final class ParseCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Option(names = "--zone", description = "The endpoint's time zone (default: this machine's)")
    ZoneId zone = ZoneId.systemDefault();

    @Option(names = "--endpoint", description = "Endpoint id to stamp on events")
    String endpoint = "offline";

    @Option(names = "--site", description = "Site to stamp on events")
    String site = "unknown";

    @Option(names = "--proxy", description = "Proxy to stamp on events")
    String proxy = "DIRECT";

    @Option(names = "--product", description = "Product to stamp on events")
    String product = "unknown";

    @Override
    public Integer call() throws IOException {
        long lines = 0;
        long[] events = {0};
        long[] unparsed = {0};
        PrintStream err = System.err;
        try (BufferedWriter out =
                new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)) {
            for (Path file : files) {
                ParseContext context = new ParseContext(
                        endpoint,
                        site,
                        proxy,
                        product,
                        LogFiles.fromFileName(file.getFileName().toString()),
                        zone,
                        file.getFileName().toString());
                EntryAssembler parser = new EntryAssembler(context, parsed -> {
                    events[0]++;
                    if (parsed.event().getKind() == EventKind.UNPARSED) {
                        unparsed[0]++;
                    }
                    try {
                        out.write(EventJson.toJson(parsed.event()));
                        out.write('\n');
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    LineReader reader = new LineReader(channel, 0);
                    for (Line line : reader.drainToEnd()) {
                        parser.accept(line.text(), line.startOffset(), line.endOffset());
                        lines++;
                    }
                }
                parser.flush();
            }
        }
        err.printf("parse: %d lines read, %d events, %d unparsed%n", lines, events[0], unparsed[0]);
        return 0;
    }
}
