package org.fleettelemetry.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streams-app image's config, as streams-app/target/jib-image.tar carries it. */
class StreamsAppImageTest {
    @TempDir
    static Path work;

    static ImageArchive image;

    @BeforeAll
    static void open() throws Exception {
        image = ImageArchive.open(BuiltImages.tarball("streams-app"), work.resolve("archive"));
    }

    @Test
    void shouldBeNamedForDeployWhenBuilt() {
        assertThat(image.repoTags()).containsExactly("fleet-telemetry/streams-app:" + BuiltImages.version());
    }

    @Test
    void shouldStartTheJarsMainClassWithContainerJvmFlagsWhenRun() throws Exception {
        assertThat(image.strings("Entrypoint"))
                .containsExactly(
                        "java",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-Dfile.encoding=UTF-8",
                        "-cp",
                        "@/app/jib-classpath-file",
                        JarManifest.mainClass(BuiltImages.runnableJar("streams-app")));
    }

    @Test
    void shouldSizeTheHeapAndPickTheCollectorInTheVariableADeploymentReplacesWhenRun() {
        // on the command line they would win over the deployment's JAVA_TOOL_OPTIONS (the manifests' 50 % heap was
        // ignored that way while the entrypoint said 75 %)
        assertThat(image.strings("Entrypoint"))
                .noneMatch(flag -> flag.startsWith("-Xmx")
                        || flag.contains("RAMPercentage")
                        || flag.startsWith("-XX:+Use")
                        || flag.contains("HeapOccupancy"));
        assertThat(image.strings("Env"))
                .contains("JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=50 -XX:+UseG1GC -XX:-G1UseAdaptiveIHOP"
                        + " -XX:InitiatingHeapOccupancyPercent=65");
    }

    @Test
    void shouldRunWithTheConfigFileWhenNoArgumentsAreGiven() {
        assertThat(image.strings("Cmd"))
                .containsExactly("run", "--config", "/etc/fleet-telemetry/streams-app.properties");
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
    void shouldExposeTheHttpPortWhenRunning() {
        assertThat(image.fieldNames("ExposedPorts")).containsExactly("8080/tcp");
    }

    @Test
    void shouldListenOnAllInterfacesWhenRunning() {
        assertThat(image.strings("Env")).contains("STREAMS_HTTP_HOST=0.0.0.0");
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
                .isEqualTo("fleet-telemetry streams-app");
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
}
