package org.fleettelemetry.schemas.registry;

import java.util.List;

/** The registry's verdict on a candidate schema; messages are the reasons it gave, if any. */
public record CompatibilityCheck(boolean compatible, List<String> messages) {

    public CompatibilityCheck {
        messages = List.copyOf(messages);
    }
}
