package org.fleettelemetry.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SubjectNotFoundException;
import org.fleettelemetry.schemas.serde.AvroSerdeConfig;

/**
 * With {@code auto.register.schemas=false} (a registry that lets only its admin register) the subjects the app writes
 * must exist before it starts: otherwise the first alert fails to serialise, and the stream thread, replaced after
 * every failure, would fail on it again and again while nothing is published. So the app refuses to start, naming
 * each missing subject and the command that registers them. With auto-registration it registers them itself, as
 * before, and nothing is checked.
 */
final class RegisteredSchemasCheck {
    private RegisteredSchemasCheck() {}

    static void verify(Map<String, Object> serdeConfig, List<String> writtenTopics) {
        if (AvroSerdeConfig.from(serdeConfig, false).autoRegisterSchemas()) {
            return;
        }
        List<String> missing = new ArrayList<>();
        try (SchemaRegistryClient client = SchemaRegistryClient.create(serdeConfig)) {
            for (String topic : writtenTopics) {
                String subject = topic + "-value";
                try {
                    client.latest(subject);
                } catch (SubjectNotFoundException e) {
                    missing.add(subject);
                }
            }
        }
        String refusal = refusal(missing, String.valueOf(serdeConfig.get("schema.registry.url")));
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
    }

    static String refusal(List<String> missing, String registryUrl) {
        if (missing.isEmpty()) {
            return null;
        }
        return "auto.register.schemas=false, and the schema registry at " + registryUrl + " has no subject "
                + String.join(", ", missing) + ": register the schemas first, as the registry's admin (java -jar"
                + " streams-app.jar schemas register --registry-url URL --set basic.auth.credentials.source=USER_INFO"
                + " --set basic.auth.user.info=admin:PASSWORD ...), then start the app";
    }
}
