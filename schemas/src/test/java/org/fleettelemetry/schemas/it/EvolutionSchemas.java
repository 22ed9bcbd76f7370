package org.fleettelemetry.schemas.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** The test-only EndpointEvent v2 schemas under src/test/resources/evolution (see schemas/EVOLUTION.md). */
final class EvolutionSchemas {

    /** v1 plus an optional agentVersion with a null default: BACKWARD-compatible. */
    static final Schema V2 = load("/evolution/EndpointEvent-v2.avsc");
    /** v1 plus a required agentVersion without default: BACKWARD-incompatible. */
    static final Schema V2_REQUIRED = load("/evolution/EndpointEvent-v2-required.avsc");

    private EvolutionSchemas() {}

    private static Schema load(String resource) {
        try (InputStream in = EvolutionSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
