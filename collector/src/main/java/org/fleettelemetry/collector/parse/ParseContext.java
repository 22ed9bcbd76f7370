package org.fleettelemetry.collector.parse;

import java.time.ZoneId;
import java.util.Objects;
import org.fleettelemetry.schemas.avro.LogFile;

/**
 * What the parser needs to know about one log file besides its lines.
 *
 * @param fileIdentity a string that stays the same for the same file across collector restarts and
 *     changes when the file is replaced (e.g. volume serial + file index, or creation time + name); it
 *     goes into every eventId, so it must not contain the offset
 */
public record ParseContext(
        String endpointId,
        String site,
        String proxy,
        String product,
        LogFile logFile,
        ZoneId zone,
        String fileIdentity) {

    public ParseContext {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(fileIdentity, "fileIdentity");
    }
}
