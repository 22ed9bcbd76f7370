package org.fleettelemetry.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.collector.JvmOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector image's config, as collector/target/jib-image.tar carries it. */
class CollectorImageTest {
    @TempDir
    static Path work;

    static ImageArchive image;

    @BeforeAll
    static void open() throws Exception {
        image = ImageArchive.open(BuiltImages.tarball("collector"), work.resolve("archive"));
    }

    @Test
    void shouldBeNamedForDeployWhenBuilt() {
        assertThat(image.repoTags()).containsExactly("fleet-telemetry/collector:" + BuiltImages.version());
    }

    @Test
    void shouldStartTheJarsMainClassWithTheCollectorJvmFlagsWhenRun() throws Exception {
        List<String> expected = new ArrayList<>(List.of("java"));
        expected.addAll(JvmOptions.read(documentedJvmOptions()));
        expected.addAll(List.of(
                "-XX:+ExitOnOutOfMemoryError",
                "-Dfile.encoding=UTF-8",
                "-cp",
                "@/app/jib-classpath-file",
                JarManifest.mainClass(BuiltImages.runnableJar("collector"))));
        assertThat(image.strings("Entrypoint"))
                .as("the documented flags of collector/src/main/dist/jvm.options")
                .containsExactlyElementsOf(expected);
    }

    @Test
    void shouldRunWithTheConfigFileWhenNoArgumentsAreGiven() {
        assertThat(image.strings("Cmd"))
                .containsExactly("run", "--config", "/etc/fleet-telemetry/collector.properties");
    }

    @Test
    void shouldRunAsTheNonRootFleetUserWhenStarted() {
        assertThat(image.runConfig().get("User").asText())
                .isEqualTo(BuiltImages.FLEET_UID + ":" + BuiltImages.FLEET_UID);
    }

    @Test
    void shouldKeepStateOnAVolumeWhenRunning() {
        assertThat(image.runConfig().get("WorkingDir").asText()).isEqualTo("/var/lib/fleet-telemetry");
        assertThat(image.fieldNames("Volumes")).containsExactly("/var/lib/fleet-telemetry");
    }

    @Test
    void shouldExposeTheMetricsPortWhenRunning() {
        assertThat(image.fieldNames("ExposedPorts")).containsExactly("9400/tcp");
    }

    @Test
    void shouldFindJavaOnThePathWhenStarted() {
        assertThat(image.strings("Env"))
                .anySatisfy(e -> assertThat(e).startsWith("PATH=").contains("/bin"));
    }

    @Test
    void shouldCarryOciLabelsWhenBuilt() {
        assertThat(image.runConfig()
                        .get("Labels")
                        .get("org.opencontainers.image.title")
                        .asText())
                .isEqualTo("fleet-telemetry collector");
        assertThat(image.runConfig()
                        .get("Labels")
                        .get("org.opencontainers.image.version")
                        .asText())
                .isEqualTo(BuiltImages.version());
        assertThat(image.runConfig()
                        .get("Labels")
                        .get("org.opencontainers.image.source")
                        .asText())
                .isNotBlank();
    }

    @Test
    void shouldBuildForLinuxWhenBuilt() {
        assertThat(image.os()).isEqualTo("linux");
        assertThat(image.architecture()).isNotBlank();
    }

    /** collector/src/main/dist/jvm.options, from this module's folder. */
    static Path documentedJvmOptions() {
        return Path.of(
                        System.getProperty("basedir", "."),
                        "..",
                        "..",
                        "collector",
                        "src",
                        "main",
                        "dist",
                        "jvm.options")
                .normalize();
    }
}
