package org.fleettelemetry.streams.query;

import java.time.Instant;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertAction;

/** The actions as this instance knows them: the latest per subject (the global store), and the full history. */
public interface ActionReads {
    /** The latest action of every subject whose key starts with {@code prefix}. */
    List<AlertAction> latest(String prefix);

    /** The latest action of the subject, or null. */
    AlertAction latest(String prefix, String id);

    /** Every action recorded with {@code from <= at < to}, oldest first, at most {@code limit}. */
    List<AlertAction> history(Instant from, Instant to, int limit);
}
