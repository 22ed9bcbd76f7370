package org.fleettelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker-compose config} validates the compose file against Compose's schema without a Docker engine.
 * Debian's docker-compose (1.29) is the one here; ./run test installs it.
 */
class ComposeConfigTest {
    private static final long TIMEOUT_SECONDS = 60;

    record Result(int exit, String output) {}

    @Test
    void shouldValidateTheComposeFileWhenDockerComposeReadsIt() throws Exception {
        Result r = composeConfig(DeployDir.composeFile());

        assertThat(r.exit()).as("docker-compose config said:%n%s", r.output()).isZero();
        assertThat(r.output())
                .contains(
                        "kafka-1:",
                        "kafka-2:",
                        "kafka-3:",
                        "registry:",
                        "topic-init:",
                        "streams-app-1:",
                        "streams-app-2:",
                        "collector:");
    }

    @Test
    void shouldRejectTheComposeFileWhenAServiceHasAnUnknownOption(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("compose.yaml");
        String text = Files.readString(DeployDir.composeFile(), StandardCharsets.UTF_8);
        Files.writeString(
                broken, text.replace("    hostname: streams-app-1\n", "    hostname: streams-app-1\n    imagee: x\n"));

        Result r = composeConfig(broken);

        assertThat(r.exit()).as("docker-compose config said:%n%s", r.output()).isNotZero();
        assertThat(r.output()).contains("imagee");
    }

    @Test
    void shouldValidateTheSecureComposeFileWhenItsEnvFileGivesThePasswords() throws Exception {
        Result r = composeConfig(
                DeployDir.composeSecureFile(),
                "--env-file",
                DeployDir.secureEnvExample().toString());

        assertThat(r.exit()).as("docker-compose config said:%n%s", r.output()).isZero();
        assertThat(r.output())
                .contains(
                        "secrets-init:",
                        "kafka-1:",
                        "security-init:",
                        "topic-init:",
                        "registry:",
                        "registry-tls:",
                        "registry-init:",
                        "streams-app-1:",
                        "collector:",
                        "soc-reader:")
                .contains("example-only-streams-app-change-me");
    }

    @Test
    void shouldRefuseTheSecureComposeFileWhenNoEnvFileGivesThePasswords(@TempDir Path dir) throws Exception {
        // a copy without the .env beside it (a developer's own .env in deploy/compose must not make this pass)
        Path copy = dir.resolve("compose.secure.yaml");
        Files.copy(DeployDir.composeSecureFile(), copy);

        Result r = composeConfig(copy);

        assertThat(r.exit()).as("docker-compose config said:%n%s", r.output()).isNotZero();
        assertThat(r.output()).contains("in .env (see secure.env.example)");
    }

    private static Result composeConfig(Path file, String... options) throws IOException, InterruptedException {
        Path tool = dockerCompose();
        List<String> command = new java.util.ArrayList<>(List.of(tool.toString(), "-f", file.toString()));
        command.addAll(Arrays.asList(options));
        command.add("config");
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(file.getParent().toFile()).redirectErrorStream(true);
        // the file's variables come from the file and the env file under test, not from this shell
        builder.environment().keySet().removeIf(k -> k.startsWith("FLEET_"));
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("docker-compose config did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static Path dockerCompose() {
        List<String> dirs =
                Arrays.asList(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator));
        return dirs.stream()
                .map(d -> Path.of(d, "docker-compose"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("docker-compose is not on PATH: install Debian's "
                        + "(./run test does: apt-get install -y --no-install-recommends docker-compose) to validate "
                        + "deploy/compose/compose.yaml"));
    }
}
