package org.fleettelemetry.collector.it;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.fleettelemetry.collector.tail.Line;
import org.fleettelemetry.schemas.avro.EndpointEvent;

/**
 * Checks that the events shipped for one file tile its lines: each line is in exactly one event, at the
 * offset its eventId names, and each event shows its lines (its rawLines, or for a one-line entry the
 * message and level its line ends with).
 */
final class LineCoverage {
    private LineCoverage() {}

    /** The file byte offset of an event's first line: the last part of its eventId. */
    static long startOffset(EndpointEvent event) {
        String id = event.getEventId();
        return Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
    }

    /** @return what is wrong, empty when every line is in exactly one event (events: one copy each) */
    static List<String> violations(List<Line> lines, Collection<EndpointEvent> events) {
        List<EndpointEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(LineCoverage::startOffset));
        List<String> violations = new ArrayList<>();
        int next = 0;
        for (EndpointEvent event : sorted) {
            int count = event.getRawLines().isEmpty() ? 1 : event.getRawLines().size();
            if (next >= lines.size() || lines.get(next).startOffset() != startOffset(event)) {
                violations.add("event " + event.getEventId() + " does not start at line " + next + " "
                        + (next < lines.size() ? lines.get(next) : "(end of file)"));
                if (violations.size() > 20) {
                    return violations;
                }
                continue;
            }
            if (next + count > lines.size()) {
                violations.add("event " + event.getEventId() + " claims " + count + " lines past the end");
                return violations;
            }
            List<String> covered =
                    lines.subList(next, next + count).stream().map(Line::text).toList();
            if (!event.getRawLines().isEmpty()) {
                if (!event.getRawLines().equals(covered)) {
                    violations.add(
                            "event " + event.getEventId() + " rawLines " + event.getRawLines() + " are not " + covered);
                }
            } else if (!covered.get(0).endsWith(event.getMessage())
                    || !covered.get(0).contains(event.getLevel() + ":")) {
                violations.add("event " + event.getEventId() + " does not show its line " + covered.get(0));
            }
            next += count;
            if (violations.size() > 20) {
                return violations;
            }
        }
        if (next != lines.size()) {
            violations.add("lines from " + next + " of " + lines.size() + " are in no event");
        }
        return violations;
    }
}
