package org.fleettelemetry.collector.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Parses every {@code parse/<case>.log} (log file kind from the case name's prefix) and compares the
 * events, one EventJson line each, with {@code parse/<case>.out.json}. Run with -Dgolden.update=true to
 * rewrite the expected files from the current parser, then read the diff against docs/agent-logs.md.
 */
class GoldenFilesTest {

    private static final Path CASES = Path.of("src/test/resources/parse");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> shouldMatchGoldenOutputWhenParsingEachCase() throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.list(CASES)) {
            logs = files.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertThat(logs).isNotEmpty();
        return logs.stream()
                .map(log -> DynamicTest.dynamicTest(log.getFileName().toString(), () -> check(log)));
    }

    private static void check(Path log) throws IOException {
        String name = log.getFileName().toString();
        ParseContext context = LogText.context(LogFiles.fromFileName(name));
        String actual = LogText.parse(context, LogText.split(Files.readAllBytes(log))).stream()
                .map(event -> EventJson.toJson(event.event()) + "\n")
                .collect(Collectors.joining());
        Path golden = log.resolveSibling(name.substring(0, name.length() - ".log".length()) + ".out.json");
        if (UPDATE) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).exists();
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
