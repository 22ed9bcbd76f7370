package org.fleettelemetry.collector.parse;

import java.util.Objects;
import org.fleettelemetry.schemas.avro.EndpointEvent;

/**
 * One completed entry and where it lies in its file.
 *
 * @param startOffset byte offset of the entry's first line's first byte
 * @param endOffset byte offset just past the entry's last line (as given by the caller, so including its
 *     line terminator if the caller's offsets do): the offset to commit once the event is acknowledged
 * @param lineCount how many input lines the entry consumed (always at least 1)
 */
public record ParsedEvent(EndpointEvent event, long startOffset, long endOffset, int lineCount) {

    public ParsedEvent {
        Objects.requireNonNull(event, "event");
    }
}
