package org.fleettelemetry.collector.ship;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.fleettelemetry.schemas.avro.EndpointEvent;

/**
 * Events Kafka can never accept (too large, invalid) are kept here, one JSON line each with the reason,
 * in {@code <state.dir>/rejected.jsonl}: a support engineer can read them; nothing vanishes.
 */
public final class RejectedLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final java.time.Clock clock;

    public RejectedLog(Path stateDir) {
        this(stateDir, java.time.Clock.systemUTC());
    }

    public RejectedLog(Path stateDir, java.time.Clock clock) {
        this.file = stateDir.resolve("rejected.jsonl");
        this.clock = clock;
    }

    public synchronized void write(EndpointEvent event, Throwable reason) {
        ObjectNode node = JSON.createObjectNode();
        node.put("rejectedAt", Instant.now(clock).toString());
        node.put("reason", reason.getClass().getSimpleName() + ": " + reason.getMessage());
        node.put("eventId", event.getEventId());
        node.put("event", event.toString());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    JSON.writeValueAsString(node) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rejected-events file " + file, e);
        }
    }

    public Path file() {
        return file;
    }
}
