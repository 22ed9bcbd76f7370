package org.fleettelemetry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's two commands on a fresh machine are {@code ./run demo} and {@code ./run test}, and CI runs
 * exactly the second, so CI proves what the README promises. {@code ./run test --dry-run} shows what the
 * real run does (which Debian packages it checks, and the Maven command with the caller's arguments) without
 * installing or running anything; the real install path is not run here.
 */
class RunScriptTest {
    private static final Path ROOT =
            Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();

    /** The packages the ITs' failure messages ask for: {@code ./run test} must check every one. */
    private static final List<String> PACKAGES = List.of(
            "kcat", "python3-confluent-kafka", "python3-avro", "python3-requests", "chromium", "docker-compose");

    @Test
    void readmeGivesRunDemoAndRunTestAsItsTwoCommands() throws IOException {
        List<String> block = firstCodeBlockAfter(lines(ROOT.resolve("README.md")), "## Two commands");
        List<String> commands =
                block.stream().map(l -> l.replaceAll("\\s+#.*$", "").strip()).toList();
        assertThat(commands).containsExactly("./run demo", "./run test");
    }

    @Test
    void readmeStillGivesTheMavenCommandForMachinesThatHaveThePackages() throws IOException {
        List<String> block = firstCodeBlockAfter(lines(ROOT.resolve("README.md")), "## Tests");
        assertThat(block).contains("./mvnw -B verify");
    }

    @Test
    void ciInstallsThenRunsTheReadmeTestCommand() throws IOException {
        List<String> commands = lines(ROOT.resolve(".ci/run")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .filter(l -> !l.startsWith("set ") && !l.startsWith("cd "))
                .toList();
        assertThat(commands).containsExactly("./mvnw -B -q -DskipTests install", "./run test");
    }

    @Test
    void dryRunNamesThePackagesAndPassesTheArgumentsToMaven() throws Exception {
        Process p = new ProcessBuilder(
                        "bash",
                        ROOT.resolve("run").toString(),
                        "test",
                        "--dry-run",
                        "-pl",
                        "schemas",
                        "-Dtest=SomeTest",
                        "-DskipITs")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        // 0: nothing missing or it could install; 3: it could not install (not root, no usable sudo)
        assertThat(p.exitValue()).as(out).isIn(0, 3);
        assertThat(out)
                .as("lists each package it checks")
                .containsPattern("(?m)^checks: .*")
                .contains(PACKAGES);
        assertThat(out)
                .containsPattern(
                        "(?m)^runs( \\(once they are installed\\))?: \\./mvnw -B verify -pl schemas -Dtest=SomeTest -DskipITs$");
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static List<String> firstCodeBlockAfter(List<String> lines, String heading) {
        int at = lines.indexOf(heading);
        assertThat(at).as("README has the heading " + heading).isNotNegative();
        List<String> block = new ArrayList<>();
        boolean inside = false;
        for (String line : lines.subList(at + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("```")) {
                if (inside) {
                    return block;
                }
                inside = true;
            } else if (inside) {
                block.add(line);
            }
        }
        throw new AssertionError("no code block under " + heading);
    }
}
