package org.fleettelemetry.collector.ship;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.SerializationException;
import org.fleettelemetry.schemas.registry.RegistryAuthenticationException;
import org.fleettelemetry.schemas.registry.SubjectNotFoundException;
import org.junit.jupiter.api.Test;

class SendErrorsTest {

    /** As the serializer throws it: its own SerializationException around the registry's answer. */
    private static SerializationException serializerFailure(RuntimeException registry) {
        return new SerializationException("could not serialize a value for topic 'fleet.endpoint-events.v1'", registry);
    }

    @Test
    void shouldSpoolWhenTheSubjectIsNotRegisteredYet() {
        SerializationException e = serializerFailure(
                new SubjectNotFoundException("subject 'fleet.endpoint-events.v1-value' not found", 404, 40401));
        assertThat(SendErrors.classify(e)).isEqualTo(SendErrors.Kind.BLOCKED);
    }

    @Test
    void shouldSpoolWhenTheRegistryRefusesTheCredentials() {
        SerializationException e = serializerFailure(new RegistryAuthenticationException("HTTP 403", 403, 40301));
        assertThat(SendErrors.classify(e)).isEqualTo(SendErrors.Kind.BLOCKED);
    }

    @Test
    void shouldRejectTheRecordWhenItsBytesCannotBeWritten() {
        SerializationException e =
                new SerializationException("could not encode a value", new IllegalArgumentException("bad field"));
        assertThat(SendErrors.classify(e)).isEqualTo(SendErrors.Kind.REJECTED);
    }
}
