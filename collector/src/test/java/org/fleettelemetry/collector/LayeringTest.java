package org.fleettelemetry.collector;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The collector's layers, enforced: the build fails on an import that crosses one. {@code faults} (rate-limited
 * logging, the state disk's health) is the bottom, importing nothing of the project; {@code tail} reads files and
 * knows nothing else of the project but those; {@code parse} turns lines into events with no Kafka; {@code ship} and the
 * wiring above it talk to Kafka; {@code cli} holds the commands and the main class, which nobody calls. No two
 * packages depend on each other.
 */
class LayeringTest {
    private static final JavaClasses COLLECTOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.fleettelemetry.collector");

    @Test
    void shouldHaveNoPackageCycleWhenAnyPackageImportsAnother() {
        slices().matching("org.fleettelemetry.(**)").should().beFreeOfCycles().check(COLLECTOR);
    }

    @Test
    void shouldKeepTheTailerFreeOfTheRestOfTheProjectWhenItReadsFiles() {
        // the fault primitives (rate-limited logging, the state disk's health) are the one thing below it
        noClasses()
                .that()
                .resideInAPackage("..collector.tail..")
                .should()
                .dependOnClassesThat(resideInAPackage("org.fleettelemetry..")
                        .and(resideOutsideOfPackages(
                                "org.fleettelemetry.collector.tail..", "org.fleettelemetry.collector.faults..")))
                .check(COLLECTOR);
    }

    @Test
    void shouldKeepTheFaultPrimitivesAtTheBottomWhenEveryLayerUsesThem() {
        noClasses()
                .that()
                .resideInAPackage("..collector.faults..")
                .should()
                .dependOnClassesThat(resideInAPackage("org.fleettelemetry..")
                        .and(resideOutsideOfPackage("org.fleettelemetry.collector.faults..")))
                .check(COLLECTOR);
    }

    @Test
    void shouldParseWithoutKafkaWhenALineBecomesAnEvent() {
        noClasses()
                .that()
                .resideInAPackage("..collector.parse..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "..collector.ship..", "..collector.cli..")
                .check(COLLECTOR);
    }

    @Test
    void shouldLetNobodyCallTheCommandsWhenTheyAreEntryPoints() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..collector.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..collector.cli..")
                .check(COLLECTOR);
    }
}
