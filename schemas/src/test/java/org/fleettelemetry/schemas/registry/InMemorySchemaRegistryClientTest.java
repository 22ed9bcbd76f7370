package org.fleettelemetry.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.junit.jupiter.api.Test;

/** The in-process registry keeps the Confluent registry's rules: ids, versions, compatibility, deletion. */
class InMemorySchemaRegistryClientTest {
    private static final Schema V1 = SchemaBuilder.record("R")
            .namespace("t")
            .fields()
            .requiredString("a")
            .endRecord();
    /** Adds a field with a default: BACKWARD and FORWARD compatible with V1. */
    private static final Schema V2 = SchemaBuilder.record("R")
            .namespace("t")
            .fields()
            .requiredString("a")
            .name("b")
            .type()
            .intType()
            .intDefault(0)
            .endRecord();
    /** Adds a field without a default: cannot read V1's data. */
    private static final Schema BREAKING = SchemaBuilder.record("R")
            .namespace("t")
            .fields()
            .requiredString("a")
            .requiredLong("c")
            .endRecord();

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void shouldGiveOneIdPerSchemaAcrossSubjectsAndNumberVersionsPerSubject() {
        int first = registry.register("x-value", V1);
        assertThat(registry.register("x-value", V1)).as("idempotent").isEqualTo(first);
        assertThat(registry.register("y-value", V1)).as("same schema, same id").isEqualTo(first);
        int second = registry.register("x-value", V2);
        assertThat(second).isNotEqualTo(first);
        assertThat(registry.versions("x-value")).containsExactly(1, 2);
        assertThat(registry.latest("x-value").id()).isEqualTo(second);
        assertThat(registry.version("x-value", 1).schema()).isEqualTo(V1);
        assertThat(registry.lookup("y-value", V1).version()).isEqualTo(1);
        assertThat(registry.schemaById(second)).isEqualTo(V2);
        assertThat(registry.subjects()).containsExactly("x-value", "y-value");
    }

    @Test
    void shouldRefuseWhatBreaksTheLevelAndAcceptItUnderNone() {
        registry.register("x-value", V1);
        assertThat(registry.testCompatibility("x-value", BREAKING).compatible()).isFalse();
        assertThatThrownBy(() -> registry.register("x-value", BREAKING))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("BACKWARD");
        assertThat(registry.testCompatibility("x-value", V2).compatible()).isTrue();
        registry.setSubjectCompatibility("x-value", CompatibilityLevel.NONE);
        assertThat(registry.subjectCompatibility("x-value")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(registry.register("x-value", BREAKING)).isPositive();
    }

    @Test
    void shouldCheckEveryVersionUnderATransitiveLevel() {
        registry.setGlobalCompatibility(CompatibilityLevel.FORWARD);
        registry.register("x-value", V1);
        registry.register("x-value", V2);
        // FORWARD: the old schemas must read the new data, and V2 needs an 'a' that this one does not write
        Schema withoutA = SchemaBuilder.record("R")
                .namespace("t")
                .fields()
                .name("b")
                .type()
                .intType()
                .intDefault(0)
                .endRecord();
        assertThat(registry.testCompatibility("x-value", withoutA).compatible()).isFalse();
        registry.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
        assertThat(registry.testCompatibility("x-value", withoutA).compatible())
                .as("reads V2's data: b has a default")
                .isTrue();
        registry.setGlobalCompatibility(CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(registry.testCompatibility("x-value", withoutA).compatible())
                .as("checked against V1 as well, which has no b: still readable by default")
                .isTrue();
        registry.setGlobalCompatibility(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(registry.testCompatibility("x-value", withoutA).compatible()).isFalse();
    }

    @Test
    void shouldSoftDeleteBeforePermanentlyAndKeepIdsResolvable() {
        int id = registry.register("x-value", V1);
        assertThatThrownBy(() -> registry.deleteSubject("x-value", true))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("not deleted first");
        assertThat(registry.deleteSubject("x-value", false)).containsExactly(1);
        assertThat(registry.subjects()).isEmpty();
        assertThatThrownBy(() -> registry.latest("x-value")).isInstanceOf(SubjectNotFoundException.class);
        assertThat(registry.schemaById(id)).as("records still carry the id").isEqualTo(V1);
        assertThat(registry.deleteSubject("x-value", true)).containsExactly(1);
        assertThatThrownBy(() -> registry.deleteSubject("x-value", false)).isInstanceOf(SubjectNotFoundException.class);
    }

    @Test
    void shouldAnswerUnknownsWithTheRegistrysErrors() {
        assertThatThrownBy(() -> registry.schemaById(7))
                .isInstanceOf(SchemaNotFoundException.class)
                .satisfies(e ->
                        assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> registry.lookup("x-value", V1)).isInstanceOf(SubjectNotFoundException.class);
        registry.register("x-value", V1);
        assertThatThrownBy(() -> registry.lookup("x-value", EndpointEvent.getClassSchema()))
                .isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> registry.version("x-value", 2)).isInstanceOf(VersionNotFoundException.class);
    }
}
