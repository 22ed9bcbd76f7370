package org.fleettelemetry.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streams-app image runs: its runtime, its user, its default command, the app. */
class StreamsAppImageRunTest {
    @TempDir
    static Path work;

    static RunningImage image;

    @BeforeAll
    static void unpack() throws Exception {
        image = RunningImage.unpack("streams-app", work);
    }

    @Test
    void shouldRunJavaSeventeenOrLaterWhenStarted() throws Exception {
        Commands.Result result = image.run(List.of("java", "-version"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Runtimes.featureVersion(result.output())).isGreaterThanOrEqualTo(17);
    }

    @Test
    void shouldStartTheJvmWithHalfTheMemoryAsHeapAndG1MarkingFromAFixedShareWhenRun() throws Exception {
        List<String> command = new ArrayList<>();
        for (String part : image.entrypoint()) {
            if (part.equals("-cp")) {
                break;
            }
            command.add(part);
        }
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));

        Commands.Result result = image.run(command);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .containsPattern("MaxRAMPercentage\\s+= 50\\.0")
                .containsPattern("UseG1GC\\s+= true")
                .containsPattern("G1UseAdaptiveIHOP\\s+= false")
                .containsPattern("InitiatingHeapOccupancyPercent\\s+= 65")
                .containsPattern("ExitOnOutOfMemoryError\\s+= true");
    }

    @Test
    void shouldPrintUsageWhenAskedForHelp() throws Exception {
        Commands.Result result = image.runEntrypoint(List.of("--help"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Usage: streams-app", "run", "console", "tail");
    }

    @Test
    void shouldNameTheMissingSettingsWhenStartedWithoutThem() throws Exception {
        Commands.Result result = image.runDefault();

        // the image's own config file was read (state.dir, http.port), the rest is the operator's
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("kafka.bootstrap.servers is required", "schema.registry.url is required");
        assertThat(result.output()).doesNotContain("cannot read config file");
    }

    @Test
    void shouldLoadWhatKafkaStreamsNeedsAtRunTimeWhenProbed() throws Exception {
        Commands.Result result = image.probe("tls", "rocksdb");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ok tls", "ok rocksdb");
    }

    @Test
    void shouldLetTheImageUserWriteTheStateVolumeWhenRunning() throws Exception {
        assumeTrue(BuiltImages.ownBase(), "another base image: its state dir belongs to whoever that base says");

        Commands.Result result = image.probe("state-dir");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
