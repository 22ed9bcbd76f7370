package org.fleettelemetry.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector image runs: its runtime, its user, its default command, the app. */
class CollectorImageRunTest {
    @TempDir
    static Path work;

    static RunningImage image;

    @BeforeAll
    static void unpack() throws Exception {
        image = RunningImage.unpack("collector", work);
    }

    @Test
    void shouldRunJavaSeventeenOrLaterWhenStarted() throws Exception {
        Commands.Result result = image.run(List.of("java", "-version"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Runtimes.featureVersion(result.output())).isGreaterThanOrEqualTo(17);
    }

    @Test
    void shouldPrintUsageWhenAskedForHelp() throws Exception {
        Commands.Result result = image.runEntrypoint(List.of("--help"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Usage: collector", "run", "parse", "replay");
    }

    @Test
    void shouldNameTheMissingSettingsWhenStartedWithoutThem() throws Exception {
        Commands.Result result = image.runDefault();

        // the image's own config file was read (metrics.port, state.dir), the rest is the operator's
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output())
                .contains(
                        "site is required",
                        "logs is required",
                        "kafka.bootstrap.servers is required",
                        "schema.registry.url is required");
        assertThat(result.output()).doesNotContain("cannot read config file");
    }

    @Test
    void shouldParseAnAgentLogWhenGivenOne() throws Exception {
        String log = image.place(Path.of("src/test/resources/agent-logs/fsscorplug.log"), "/tmp/logs/fsscorplug.log");

        Commands.Result result = image.runEntrypoint(
                List.of("parse", log, "--zone", "Europe/Helsinki", "--endpoint", "ep-1", "--site", "hel"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains(
                        "\"logFile\":\"FSSCORPLUG\"",
                        "\"curlCode\":5",
                        "\"timestamp\":\"2021-11-12T15:40:30.152Z\"",
                        "2 events");
    }

    @Test
    void shouldLoadWhatTheCollectorNeedsAtRunTimeWhenProbed() throws Exception {
        Commands.Result result = image.probe("tls", "zstd", "httpserver");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ok tls", "ok zstd", "ok httpserver");
    }

    @Test
    void shouldLetTheImageUserWriteTheStateVolumeWhenRunning() throws Exception {
        assumeTrue(BuiltImages.ownBase(), "another base image: its state dir belongs to whoever that base says");

        Commands.Result result = image.probe("state-dir");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
