package org.fleettelemetry.streams;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The streams app's layers, enforced: the build fails on an import that crosses one. {@code domain} holds the rules
 * as plain classes (no Kafka, no I/O); the {@code topology} wires them into Kafka Streams; {@code query} reads the
 * stores; {@code http} serves {@code query}; {@code console} and {@code StreamsAppMain} are entry points nobody else
 * calls. No two packages depend on each other.
 */
class LayeringTest {
    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.fleettelemetry.streams");

    @Test
    void shouldHaveNoPackageCycleWhenAnyPackageImportsAnother() {
        slices().matching("org.fleettelemetry.(**)").should().beFreeOfCycles().check(APP);
    }

    @Test
    void shouldKeepTheRulesFreeOfKafkaAndOfTheLayersAboveThem() {
        noClasses()
                .that()
                .resideInAPackage("..streams.domain..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.kafka..",
                        "..streams.topology..",
                        "..streams.query..",
                        "..streams.http..",
                        "..streams.config..",
                        "..streams.console..",
                        "..streams.serde..")
                .check(APP);
    }

    @Test
    void shouldServeHttpFromTheQueryLayerOnlyWhenARouteReadsState() {
        noClasses()
                .that()
                .resideInAPackage("..streams.http..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..streams.topology..", "..streams.domain..", "..streams.serde..")
                .check(APP);
        noClasses()
                .that()
                .resideInAPackage("..streams.query..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..streams.http..")
                .check(APP);
    }

    @Test
    void shouldLetNobodyCallTheEntryPointsWhenTheyAreCommands() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..streams.console..")
                .and()
                .doNotHaveFullyQualifiedName(StreamsAppMain.class.getName())
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..streams.console..")
                .check(APP);
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(StreamsAppMain.class.getName())
                .and()
                .doNotHaveFullyQualifiedName(StreamsAppMain.Run.class.getName())
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName(StreamsAppMain.class.getName())
                .check(APP);
    }
}
