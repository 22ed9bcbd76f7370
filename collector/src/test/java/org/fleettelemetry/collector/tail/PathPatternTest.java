package org.fleettelemetry.collector.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleettelemetry.collector.tail.TestFiles.append;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathPatternTest {

    @TempDir
    Path dir;

    @Test
    void shouldMatchFilesWhenTheFileNameIsAGlob() throws IOException {
        append(dir.resolve("fsscorplug.log"), "x\n");
        append(dir.resolve("fsscorplug.1.log"), "x\n");
        append(dir.resolve("spplug.log"), "x\n");
        Files.createDirectory(dir.resolve("fsscorplug.dir.log"));

        assertThat(PathPattern.parse(dir + "/fsscorplug*.log").matches())
                .containsExactly(dir.resolve("fsscorplug.1.log"), dir.resolve("fsscorplug.log"));
    }

    @Test
    void shouldMatchAcrossDirectoriesWhenADirectoryComponentIsAGlob() throws IOException {
        Files.createDirectories(dir.resolve("Log/a"));
        Files.createDirectories(dir.resolve("Log/b"));
        append(dir.resolve("Log/a/fsscorplug.log"), "x\n");
        append(dir.resolve("Log/b/fsscorplug-2.log"), "x\n");
        append(dir.resolve("Log/b/deepguard.log"), "x\n");

        assertThat(PathPattern.parse(dir + "/Log/*/fsscorplug*.log").matches())
                .containsExactly(dir.resolve("Log/a/fsscorplug.log"), dir.resolve("Log/b/fsscorplug-2.log"));
    }

    @Test
    void shouldMatchTheFileWhenThePatternIsALiteralPath() {
        Path file = dir.resolve("deepguard.log");
        PathPattern pattern = PathPattern.parse(file.toString());
        assertThat(pattern.matches()).isEmpty();

        append(file, "x\n");

        assertThat(pattern.matches()).containsExactly(file);
    }

    @Test
    void shouldMatchNothingWhenTheDirectoryDoesNotExist() {
        assertThat(PathPattern.parse(dir + "/missing/*.log").matches()).isEmpty();
    }
}
