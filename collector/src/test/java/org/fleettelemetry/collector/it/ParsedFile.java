package org.fleettelemetry.collector.it;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.collector.parse.EntryAssembler;
import org.fleettelemetry.collector.parse.LogFiles;
import org.fleettelemetry.collector.parse.ParseContext;
import org.fleettelemetry.collector.parse.ParsedEvent;
import org.fleettelemetry.collector.tail.Line;
import org.fleettelemetry.collector.tail.LineReader;

/**
 * A log file as the collector's own parser sees it offline (what {@code collector parse} does): its lines
 * and the events they make. This is the expectation the ITs hold Kafka's content against, computed
 * without Kafka.
 */
record ParsedFile(List<Line> lines, List<ParsedEvent> events) {

    static ParsedFile of(Path file, CollectorSettings.Endpoint endpoint, String fileIdentity) throws IOException {
        List<Line> lines;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            lines = new LineReader(channel, 0).drainToEnd();
        }
        ParseContext context = new ParseContext(
                endpoint.id(),
                endpoint.site(),
                CollectorSettings.PROXY,
                CollectorSettings.PRODUCT,
                LogFiles.fromFileName(file.getFileName().toString()),
                CollectorSettings.ZONE,
                fileIdentity);
        List<ParsedEvent> events = new ArrayList<>();
        EntryAssembler parser = new EntryAssembler(context, events::add);
        for (Line line : lines) {
            parser.accept(line.text(), line.startOffset(), line.endOffset());
        }
        parser.flush();
        return new ParsedFile(List.copyOf(lines), List.copyOf(events));
    }

    long endOffset() {
        return lines.isEmpty() ? 0 : lines.get(lines.size() - 1).endOffset();
    }
}
