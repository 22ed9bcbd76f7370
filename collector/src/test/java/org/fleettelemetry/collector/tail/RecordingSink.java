package org.fleettelemetry.collector.tail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink that records everything, registers each line as one event, and acknowledges it at once
 * when {@code autoAck} is on (a shipper whose sends all succeed).
 */
final class RecordingSink implements LineSink {

    /** A delivered line with the file it came from. */
    record Delivered(String identity, String path, String text, long start, long end) {}

    private final List<Delivered> lines = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final List<TailedFile> closedFiles = new ArrayList<>();
    private final AtomicInteger failuresToThrow = new AtomicInteger();
    private volatile boolean autoAck;

    RecordingSink autoAck(boolean on) {
        this.autoAck = on;
        return this;
    }

    void failNextDeliveries(int count) {
        failuresToThrow.set(count);
    }

    @Override
    public synchronized void onLines(TailedFile file, List<Line> delivered) {
        if (failuresToThrow.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("spool unavailable (test)");
        }
        for (Line line : delivered) {
            lines.add(new Delivered(
                    file.identity().asString(),
                    file.path().getFileName().toString(),
                    line.text(),
                    line.startOffset(),
                    line.endOffset()));
            file.offsets().register(line.endOffset());
            if (autoAck) {
                file.offsets().ack(line.endOffset());
            }
            events.add("line " + line.text());
        }
    }

    @Override
    public synchronized void onIdle(TailedFile file) {
        events.add("idle " + file.path().getFileName());
    }

    @Override
    public synchronized void onFileClosed(TailedFile file) {
        closedFiles.add(file);
        events.add("closed " + file.path().getFileName());
    }

    synchronized List<Delivered> lines() {
        return List.copyOf(lines);
    }

    synchronized List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (Delivered d : lines) {
            texts.add(d.text());
        }
        return texts;
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized List<TailedFile> closedFiles() {
        return List.copyOf(closedFiles);
    }

    synchronized void clear() {
        lines.clear();
        events.clear();
        closedFiles.clear();
    }
}
