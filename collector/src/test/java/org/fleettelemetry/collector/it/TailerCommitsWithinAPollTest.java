package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.collector.tail.CheckpointStore;
import org.fleettelemetry.collector.tail.Line;
import org.fleettelemetry.collector.tail.LineSink;
import org.fleettelemetry.collector.tail.LogTailer;
import org.fleettelemetry.collector.tail.TailedFile;
import org.fleettelemetry.collector.tail.TailerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What KillNineIT found: one poll reads up to {@code maxBytesPerPoll} (8 MiB) and the checkpoint only
 * moved at the poll's end, so on a slow host a SIGKILL re-sent tens of thousands of events Kafka had
 * long acknowledged. The acknowledged offset must reach the checkpoint file between the batches of a poll.
 */
class TailerCommitsWithinAPollTest {
    private static final int LINES = 2_000;
    private static final int LINES_PER_BATCH = 100;

    @TempDir
    Path dir;

    @Test
    void shouldWriteAcknowledgedOffsetsToTheCheckpointFileWhileALongPollIsStillReading() throws Exception {
        Path log = dir.resolve("fsscorplug.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            text.append(String.format("2024-05-02 08:00:00.%03d [15c0.1d1c] I: a::b: line %05d%n", i % 1000, i));
        }
        Files.writeString(log, text, StandardCharsets.UTF_8);
        Path state = dir.resolve("state");
        CheckpointStore store = CheckpointStore.open(state);
        List<Long> onDiskAtEachBatch = new ArrayList<>();
        List<Long> batchEnds = new ArrayList<>();
        LineSink acknowledgeAtOnce = new LineSink() {
            @Override
            public void onLines(TailedFile file, List<Line> lines) {
                onDiskAtEachBatch.add(CheckpointFile.offset(state, log));
                for (Line line : lines) {
                    file.offsets().register(line.endOffset());
                    file.offsets().ack(line.endOffset());
                }
                batchEnds.add(lines.get(lines.size() - 1).endOffset());
            }

            @Override
            public void onIdle(TailedFile file) {}

            @Override
            public void onFileClosed(TailedFile file) {}
        };
        TailerConfig config = TailerConfig.builder(List.of(log.toString()))
                .maxLinesPerBatch(LINES_PER_BATCH)
                .flushInterval(Duration.ZERO)
                .build();
        try (LogTailer tailer = new LogTailer(config, store, acknowledgeAtOnce)) {
            tailer.pollOnce();
        }

        assertThat(onDiskAtEachBatch).as("one poll, all batches").hasSize(LINES / LINES_PER_BATCH);
        // when a batch arrives, every batch before it is acknowledged and on disk
        List<Long> expected = new ArrayList<>();
        expected.add(0L);
        expected.addAll(batchEnds.subList(0, batchEnds.size() - 1));
        assertThat(onDiskAtEachBatch).isEqualTo(expected);
    }
}
