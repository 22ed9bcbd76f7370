package org.fleettelemetry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJarTest {

    /** Built by the reactor before this module (the benchmarks depend on the collector). */
    private static final Path COLLECTOR_JAR = Path.of("..", "collector", "target", "collector.jar");

    @Test
    void shouldRunTheChildOnTheCollectorsJarWhenGivenOnlyItsOwnClasses(@TempDir Path dir) throws Exception {
        assertThat(COLLECTOR_JAR)
                .as("the collector's runnable jar (build the collector module first)")
                .exists();
        Path jar = ChildJar.write(dir.resolve("child/child.jar"));
        try (JarFile child = new JarFile(jar.toFile())) {
            assertThat(child.stream().map(e -> e.getName()).toList())
                    .contains(
                            "org/fleettelemetry/bench/CollectorShipChild.class",
                            "org/fleettelemetry/bench/EncodeOnlyProducer.class",
                            "org/fleettelemetry/bench/Machine.class");
        }
        Path log = Files.writeString(dir.resolve("empty.log"), "");
        Path config = Files.writeString(
                dir.resolve("collector.properties"),
                String.join(
                        "\n",
                        "endpoint.id=pc-1",
                        "site=hel",
                        "proxy=DIRECT",
                        "zone=UTC",
                        "logs=" + log,
                        "state.dir=" + dir.resolve("state"),
                        "start.position=BEGINNING",
                        "kafka.bootstrap.servers=127.0.0.1:1",
                        "schema.registry.url=http://127.0.0.1:1",
                        "heartbeat.interval=1h",
                        "metrics.log.interval=0s"));

        // no Kafka mode on an empty file: caught up at once, so the child's classes and the collector's link up
        Commands.Outcome out = Commands.run(
                List.of(
                        Machine.javaExecutable(),
                        "-cp",
                        COLLECTOR_JAR + java.io.File.pathSeparator + jar,
                        CollectorShipChild.class.getName(),
                        config.toString(),
                        "0",
                        CollectorShipChild.NO_KAFKA),
                Duration.ofMinutes(2),
                dir.resolve("child.log"));

        assertThat(out.output()).contains("shipped seconds=", "encoded 0 records");

        // a registry that is not there: the child fails after the spooling limit, not at its 15 min deadline
        Files.writeString(log, "2021-11-12 00:00:00.331 [0c44.0d10] I: fs::Service::run: tick 1\n");
        Files.writeString(
                config,
                Files.readString(config)
                        .replace("state.dir=" + dir.resolve("state"), "state.dir=" + dir.resolve("state-2")));
        List<String> failing = List.of(
                Machine.javaExecutable(),
                "-D" + CollectorShipChild.SPOOLING_LIMIT_PROPERTY + "=2",
                "-cp",
                COLLECTOR_JAR + java.io.File.pathSeparator + jar,
                CollectorShipChild.class.getName(),
                config.toString(),
                "1",
                CollectorShipChild.NO_KAFKA);
        assertThatThrownBy(() -> Commands.run(failing, Duration.ofMinutes(2), dir.resolve("child-2.log")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("has spooled for 2 s")
                .hasMessageContaining("http://127.0.0.1:1");
    }
}
