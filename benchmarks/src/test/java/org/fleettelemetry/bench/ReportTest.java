package org.fleettelemetry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final String HARNESS =
            "java -cp benchmarks/target/benchmarks.jar org.fleettelemetry.bench.PipelineBench"
                    + " --lines 1000000 --events 500000";
    private static final String HEADER = "| measure | value | unit | target | met | load (1/5/15) |";
    private static final String COLLECTOR = "collector (CollectorRuntime in a JVM of its own): /usr/bin/java -Xmx24m"
            + " -jar collector.jar run --config /tmp/x/collector.properties";
    private static final String KCAT = "kcat -P -b 127.0.0.1:9092 -t bench.kcat-raw -l /tmp/x/fsscorplug.log";
    private static final String STREAMS =
            "StreamsApp.start (exactly_once_v2), until committed == end offsets: " + HARNESS;

    private static final List<Figure> FIGURES = List.of(
            new Figure(
                    "collector end to end, 1000000 lines of 108 B",
                    123_922.4,
                    "lines/s",
                    "",
                    "1.05 0.99 1.25",
                    COLLECTOR),
            new Figure("collector end to end", 12.88, "MiB/s", "", "1.05 0.99 1.25", COLLECTOR),
            new Figure("kcat -P raw lines, same file", 985_863, "lines/s", "", "1.11 1.00 1.25", KCAT),
            new Figure("ratio collector / kcat", 0.13, "", ">= 1.0", "1.47 1.08 1.27", "lines/s over lines/s"),
            new Figure("streams-app, from RUNNING to all committed", 22_939, "events/s", "", "0.93 0.98 1.22", STREAMS),
            new Figure("collector RSS after 20 s idle", 86.07, "MiB", "<= 96", "1.05 1.01 1.24", COLLECTOR));

    @Test
    void shouldKeepTheTableToMeasureValueUnitTargetMetAndLoad() {
        List<String> rows = tableRows(Report.pipeline(FIGURES, HARNESS));

        assertThat(rows.get(0)).isEqualTo(HEADER);
        assertThat(rows)
                .hasSize(2 + FIGURES.size())
                .allSatisfy(row -> assertThat(cells(row)).hasSize(6));
        assertThat(rows.get(2))
                .isEqualTo(
                        "| collector end to end, 1000000 lines of 108 B [1] | 123,922 | lines/s |  |  | 1.05 0.99 1.25 |");
        assertThat(rows.get(5)).isEqualTo("| ratio collector / kcat [3] | 0.13 |  | >= 1.0 | NO | 1.47 1.08 1.27 |");
        assertThat(rows).allSatisfy(row -> assertThat(row).hasSizeLessThan(140));
    }

    @Test
    void shouldGiveEachCommandOnceAsANumberedNoteUnderTheTable() {
        String section = Report.pipeline(FIGURES, HARNESS);

        assertThat(section).containsOnlyOnce(COLLECTOR).containsOnlyOnce(KCAT).containsOnlyOnce(HARNESS);
        assertThat(section)
                .contains("\n1. " + COLLECTOR + "\n2. " + KCAT + "\n3. lines/s over lines/s\n"
                        + "4. StreamsApp.start (exactly_once_v2), until committed == end offsets: the command above\n");
        assertThat(tableRows(section)).filteredOn(row -> row.contains(" [1] |")).hasSize(3);
        assertThat(section.indexOf("\n1. ")).isGreaterThan(section.lastIndexOf("\n| "));
    }

    @Test
    void shouldGiveTheReasonOfAFailedMeasureAsItsNote() {
        String section = Report.pipeline(
                List.of(Figure.failed("rsyslogd imfile + omkafka", new IOException("omkafka is unknown"))), HARNESS);

        assertThat(tableRows(section).get(2)).startsWith("| rsyslogd imfile + omkafka [1] | n/a | failed |");
        assertThat(section).contains("\n1. java.io.IOException: omkafka is unknown\n");
    }

    /** The committed report has the shape Report writes now (bench/run rewrites it; this keeps it from drifting). */
    @Test
    void shouldFindTheSameShapeInTheCommittedBenchmarksMd() throws IOException {
        String doc = Files.readString(Path.of("..", "BENCHMARKS.md"));
        String pipeline = doc.substring(doc.indexOf("## Pipeline on the local stack"));
        // the pipeline section ends where the next section (measures re-taken by hand since the run) begins
        int next = pipeline.indexOf("\n## ", 1);
        pipeline = next < 0 ? pipeline : pipeline.substring(0, next);

        List<String> rows = tableRows(pipeline);
        assertThat(rows.get(0)).isEqualTo(HEADER);
        assertThat(rows.subList(2, rows.size()))
                .allSatisfy(row -> assertThat(cells(row)).hasSize(6))
                .allSatisfy(row -> assertThat(row).matches("\\| .* \\[\\d+] \\|.*"));
        assertThat(pipeline).contains("\n1. ");
        assertThat(doc).contains("![ratios and latencies](bench/benchmarks.png)");
    }

    private static List<String> tableRows(String section) {
        return section.lines().filter(line -> line.startsWith("| ")).toList();
    }

    private static List<String> cells(String row) {
        return List.of(row.substring(2, row.length() - 2).split(" \\| ", -1));
    }
}
