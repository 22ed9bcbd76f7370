package org.fleettelemetry.collector.tail;

import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.fleettelemetry.collector.tail.TestFiles.append;
import static org.fleettelemetry.collector.tail.TestFiles.concat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fleettelemetry.collector.tail.RecordingSink.Delivered;
import org.fleettelemetry.collector.testing.CapturedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class LogTailerTest {

    private static final Duration CLOSE_DELAY = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private Path logs;
    private Path state;
    private final ManualTicker ticker = new ManualTicker();
    private final MutableClock clock = new MutableClock();
    private final RecordingSink sink = new RecordingSink().autoAck(true);
    private final List<LogTailer> tailers = new ArrayList<>();

    @RegisterExtension
    final CapturedLogs tailerLogs = CapturedLogs.of(LogTailer.class);

    @BeforeEach
    void setUp() throws IOException {
        logs = Files.createDirectories(dir.resolve("Log"));
        state = dir.resolve("state");
    }

    @AfterEach
    void tearDown() {
        tailers.forEach(LogTailer::close);
    }

    @Test
    void shouldDeliverEveryLineOnceOldFileFirstWhenRotatedByRename() throws Exception {
        Path live = logs.resolve("fsscorplug.log");
        append(live, "a1\na2\n");
        LogTailer tailer = tailer(live.toString(), StartPosition.BEGINNING, sink);
        tailer.pollOnce();

        Path rotated = Files.move(live, logs.resolve("fsscorplug.log.1"));
        append(rotated, "a3\n"); // the agent's handle still writes the old file
        append(live, "b1\n");
        tailer.pollOnce();
        append(rotated, "a4\n");
        ticker.advance(Duration.ofSeconds(3));
        tailer.pollOnce();
        assertThat(sink.closedFiles()).isEmpty();

        ticker.advance(CLOSE_DELAY);
        tailer.pollOnce();
        append(live, "b2\n");
        tailer.pollOnce();

        assertThat(sink.texts()).containsExactly("a1", "a2", "a3", "b1", "a4", "b2");
        List<Delivered> lines = sink.lines();
        String oldId = lines.get(0).identity();
        String newId = lines.get(3).identity();
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(lines)
                .filteredOn(d -> d.text().startsWith("a"))
                .allMatch(d -> d.identity().equals(oldId));
        assertThat(lines)
                .filteredOn(d -> d.text().startsWith("b"))
                .allMatch(d -> d.identity().equals(newId));
        assertThat(sink.closedFiles()).singleElement().satisfies(f -> {
            assertThat(f.identity().asString()).isEqualTo(oldId);
            assertThat(f.path()).isEqualTo(live); // the old name: the renamed file no longer matches
        });
        assertThat(sink.events()).containsSubsequence("line a4", "closed fsscorplug.log", "line b2");
        assertThat(tailer.files()).extracting(f -> f.identity().asString()).containsExactly(newId);
    }

    @Test
    void shouldKeepReadingARotatedFileForTheCloseDelayWhenItWasQuietBeforeTheRotation() throws Exception {
        Path live = logs.resolve("CcfPluginState.log");
        append(live, "a1\n");
        LogTailer tailer = tailer(live.toString(), StartPosition.BEGINNING, sink);
        tailer.pollOnce();
        ticker.advance(Duration.ofMinutes(10));
        tailer.pollOnce();

        Path rotated = Files.move(live, logs.resolve("CcfPluginState.log.1"));
        tailer.pollOnce();
        ticker.advance(Duration.ofSeconds(4));
        append(rotated, "a2\n");
        tailer.pollOnce();
        assertThat(sink.closedFiles()).isEmpty();
        ticker.advance(CLOSE_DELAY);
        tailer.pollOnce();

        assertThat(sink.texts()).containsExactly("a1", "a2");
        assertThat(sink.closedFiles()).hasSize(1);
    }

    @Test
    void shouldFollowTheFileToItsNewNameWhenTheNewNameAlsoMatches() throws Exception {
        Path live = logs.resolve("spplug.log");
        append(live, "a1\n");
        LogTailer tailer = tailer(logs + "/spplug.log*", StartPosition.BEGINNING, sink);
        tailer.pollOnce();

        Path rotated = Files.move(live, logs.resolve("spplug.log.1"));
        append(rotated, "a2\n");
        append(live, "b1\n");
        tailer.pollOnce();
        ticker.advance(CLOSE_DELAY.multipliedBy(2));
        tailer.pollOnce();

        assertThat(sink.texts()).containsExactly("a1", "a2", "b1");
        assertThat(sink.closedFiles()).isEmpty();
        assertThat(tailer.files()).extracting(TailedFile::path).containsExactlyInAnyOrder(rotated, live);
    }

    @Test
    void shouldReadNewContentFromTheStartUnderANewIdentityWhenCopiedAndTruncated() throws Exception {
        Path live = logs.resolve("deepguard.log");
        append(live, "old1\nold2\nold3\n");
        LogTailer tailer = tailer(live.toString(), StartPosition.BEGINNING, sink);
        tailer.pollOnce();

        Files.copy(live, logs.resolve("deepguard.log.1"));
        TestFiles.truncate(live, 0);
        append(live, "new1\n");
        tailer.pollOnce();

        assertThat(sink.texts()).containsExactly("old1", "old2", "old3", "new1");
        Delivered newLine = sink.lines().get(3);
        assertThat(newLine.start()).isZero();
        assertThat(newLine.identity()).isNotEqualTo(sink.lines().get(0).identity());
        assertThat(sink.closedFiles())
                .extracting(f -> f.identity().asString())
                .containsExactly(sink.lines().get(0).identity());
        assertThat(warnings()).anyMatch(m -> m.contains("truncated") && m.contains(live.toString()));
    }

    @Test
    void shouldNoticeTheRewriteWhenTheNewContentIsAsLongAsTheOld() throws Exception {
        Path live = logs.resolve("deepguard.log");
        append(live, "old1\nold2\n");
        LogTailer tailer = tailer(live.toString(), StartPosition.BEGINNING, sink);
        tailer.pollOnce();

        TestFiles.truncate(live, 0);
        append(live, "new1\nnew2\n");
        tailer.pollOnce();

        assertThat(sink.texts()).containsExactly("old1", "old2", "new1", "new2");
        assertThat(warnings()).anyMatch(m -> m.contains("new content at its start"));
    }

    @Test
    void shouldRereadFromOffsetZeroWhenTruncatedToASmallerSize() throws Exception {
        Path live = logs.resolve("transportAgent.log");
        append(live, "one\ntwo\nthree\n");
        LogTailer tailer = tailer(live.toString(), StartPosition.BEGINNING, sink);
        tailer.pollOnce();

        TestFiles.truncate(live, 8);
        tailer.pollOnce();
        append(live, "four\n");
        tailer.pollOnce();

        assertThat(sink.texts()).containsExactly("one", "two", "three", "one", "two", "four");
        List<Delivered> lines = sink.lines();
        assertThat(lines.get(3).start()).isZero();
        assertThat(lines.get(5)).isEqualTo(new Delivered(lines.get(3).identity(), "transportAgent.log", "four", 8, 13));
        assertThat(lines.get(3).identity()).isNotEqualTo(lines.get(0).identity());
        assertThat(warnings()).anyMatch(m -> m.contains("truncated to 8 bytes"));
    }

    @Test
    void shouldResumeAtTheCommittedOffsetWhenRestarted() throws Exception {
        Path live = logs.resolve("fsscorplug.log");
        append(live, "l1\nl2\nl3\nl4\nl5\n");
        RecordingSink shipper = new RecordingSink(); // registers, acknowledges nothing by itself
        LogTailer first = tailer(live.toString(), StartPosition.BEGINNING, shipper);
        first.pollOnce();
        TailedFile file = first.files().get(0);
        file.offsets().ack(9); // l3: waits for l1, l2
        file.offsets().ack(3); // l1
        file.offsets().ack(6); // l2: l1..l3 now committable
        file.offsets().ack(15); // l5: l4 is still missing
        first.pollOnce();
        assertThat(file.committedOffset()).isEqualTo(9);
        first.close();

        RecordingSink afterRestart = new RecordingSink().autoAck(true);
        LogTailer second = tailer(live.toString(), StartPosition.BEGINNING, afterRestart);
        second.pollOnce();

        assertThat(afterRestart.lines())
                .containsExactly(
                        new Delivered(file.identity().asString(), "fsscorplug.log", "l4", 9, 12),
                        new Delivered(file.identity().asString(), "fsscorplug.log", "l5", 12, 15));
    }

    @Test
    void shouldResumeTheRotatedFileAndReadTheNewOneWhenRestartedAfterRotation() throws Exception {
        Path live = logs.resolve("spplug.log");
        append(live, "a1\na2\n");
        LogTailer first = tailer(logs + "/spplug.log*", StartPosition.BEGINNING, sink);
        first.pollOnce();
        first.close();

        Path rotated = Files.move(live, logs.resolve("spplug.log.1"));
        append(rotated, "a3\n");
        append(live, "b1\n");
        LogTailer second = tailer(logs + "/spplug.log*", StartPosition.BEGINNING, sink);
        second.pollOnce();

        assertThat(sink.lines())
                .extracting(d -> d.path() + " " + d.text() + "@" + d.start())
                .containsExactlyInAnyOrder(
                        "spplug.log a1@0", "spplug.log a2@3", "spplug.log.1 a3@6", "spplug.log b1@0");
        Delivered a3 = sink.lines().stream()
                .filter(d -> d.text().equals("a3"))
                .findFirst()
                .orElseThrow();
        assertThat(a3.identity()).isEqualTo(sink.lines().get(0).identity());
    }

    @Test
    void shouldReadFromTheStartWhenTheFileShrankWhileTheCollectorWasDown() throws Exception {
        Path live = logs.resolve("deepguard.log");
        String header = "h".repeat(Fingerprint.MAX_BYTES) + "\n";
        append(live, header + "d1\nd2\n");
        LogTailer first = tailer(live.toString(), StartPosition.BEGINNING, sink);
        first.pollOnce();
        first.close();

        TestFiles.truncate(live, header.length() + 3);
        LogTailer second = tailer(live.toString(), StartPosition.BEGINNING, sink);
        second.pollOnce();

        assertThat(sink.texts()).containsExactly(header.strip(), "d1", "d2", header.strip(), "d1");
        assertThat(sink.lines().get(3).identity())
                .isNotEqualTo(sink.lines().get(0).identity());
        assertThat(sink.lines().get(3).identity()).isEqualTo(sink.lines().get(0).identity() + "-g1");
        assertThat(warnings()).anyMatch(m -> m.contains("less than its committed offset 1031"));
    }

    @Test
    void shouldDeliverALineOnlyWhenItsNewlineHasBeenWritten() throws Exception {
        Path live = logs.resolve("fsscorplug.log");
        append(live, "2021-11-12 17:40:31.751 [15c0.1d1c] I: fs::xrssdk::DoormanCache::update: doorm");
        LogTailer tailer = tailer(live.toString(), StartPosition.BEGINNING, sink);
        tailer.pollOnce();
        assertThat(sink.lines()).isEmpty();

        append(live, "an cooldown is off, ttl: 15, fserr: 0\r\n");
        tailer.pollOnce();

        String text = "2021-11-12 17:40:31.751 [15c0.1d1c] I: fs::xrssdk::DoormanCache::update:"
                + " doorman cooldown is off, ttl: 15, fserr: 0";
        assertThat(sink.lines()).singleElement().satisfies(d -> {
            assertThat(d.text()).isEqualTo(text);
            assertThat(d.start()).isZero();
            assertThat(d.end()).isEqualTo(text.length() + 2);
        });
    }

    @Test
    void shouldGiveByteOffsetsWhenFilesHaveBoms() throws Exception {
        Path utf8 = logs.resolve("a.log");
        append(utf8, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "é1\r\né2\r\n".getBytes(UTF_8)));
        Path le = logs.resolve("b.log");
        append(le, concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "le1\r\nle2\n".getBytes(UTF_16LE)));
        Path be = logs.resolve("c.log");
        append(be, concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, "be1\nbe2\r\n".getBytes(UTF_16BE)));
        LogTailer tailer = tailer(logs + "/*.log", StartPosition.BEGINNING, sink);

        tailer.pollOnce();

        assertThat(sink.lines())
                .extracting(d -> d.path() + " " + d.text() + " " + d.start() + ".." + d.end())
                .containsExactly(
                        "a.log é1 3..8", "a.log é2 8..13",
                        "b.log le1 2..12", "b.log le2 12..20",
                        "c.log be1 2..10", "c.log be2 10..20");
    }

    @Test
    void shouldPickUpFilesWhenTheyAppearLaterEvenWhenStartingAtTheEnd() throws Exception {
        LogTailer tailer = tailer(logs + "/*.log", StartPosition.END, sink);
        tailer.pollOnce();
        Path empty = logs.resolve("CcfPluginState.log");
        Files.createFile(empty);
        tailer.pollOnce();

        append(empty, "c1\n");
        append(logs.resolve("deepguard.log"), "d1\n");
        tailer.pollOnce();

        assertThat(sink.texts()).containsExactlyInAnyOrder("c1", "d1");
    }

    @Test
    void shouldReadWhatIsLeftAndCloseWhenDeletedWhileOpen() throws Exception {
        Path live = logs.resolve("deepguard.log");
        append(live, "d1\n");
        LogTailer tailer = tailer(live.toString(), StartPosition.BEGINNING, sink);
        tailer.pollOnce();

        append(live, "d2\nunterminated");
        Files.delete(live);
        tailer.pollOnce();
        assertThat(sink.texts()).containsExactly("d1", "d2");

        ticker.advance(CLOSE_DELAY);
        tailer.pollOnce();

        assertThat(sink.texts()).containsExactly("d1", "d2", "unterminated");
        assertThat(sink.lines().get(2).end()).isEqualTo(18);
        assertThat(sink.closedFiles()).hasSize(1);
        assertThat(tailer.files()).isEmpty();
    }

    @Test
    void shouldSkipExistingLinesButReadAppendedOnesWhenStartingAtTheEnd() throws Exception {
        Path live = logs.resolve("fsscorplug.log");
        append(live, "old1\nold2\npart");
        LogTailer tailer = tailer(live.toString(), StartPosition.END, sink);
        tailer.pollOnce();
        assertThat(sink.lines()).isEmpty();

        append(live, "ial\nnew\n");
        tailer.pollOnce();

        assertThat(sink.lines()).extracting(d -> d.text() + "@" + d.start()).containsExactly("partial@10", "new@18");
    }

    @Test
    void shouldTailOnlyMatchingFilesWhenGivenAGlob() throws Exception {
        Files.createDirectories(logs.resolve("a"));
        Files.createDirectories(logs.resolve("b"));
        append(logs.resolve("a/fsscorplug.log"), "a\n");
        append(logs.resolve("b/fsscorplug-1.log"), "b\n");
        append(logs.resolve("b/spplug.log"), "not me\n");
        append(logs.resolve("fsscorplug.log"), "not me either\n");
        LogTailer tailer = tailer(logs + "/*/fsscorplug*.log", StartPosition.BEGINNING, sink);

        tailer.pollOnce();

        assertThat(sink.texts()).containsExactly("a", "b");
    }

    @Test
    void shouldReadEverythingAgainWhenTheCheckpointFileIsCorrupt() throws Exception {
        Path live = logs.resolve("fsscorplug.log");
        append(live, "l1\nl2\n");
        LogTailer first = tailer(live.toString(), StartPosition.BEGINNING, sink);
        first.pollOnce();
        first.close();
        Path checkpoints = state.resolve(CheckpointStore.FILE_NAME);
        Files.writeString(checkpoints, "{ this is not json");

        LogTailer second = tailer(live.toString(), StartPosition.BEGINNING, sink);
        second.pollOnce();

        assertThat(sink.texts()).containsExactly("l1", "l2", "l1", "l2");
    }

    @Test
    void shouldCutALineWhenItIsLongerThanTheMax() throws Exception {
        Path live = logs.resolve("transportAgent.log");
        append(live, "0123456789abcdefXYZ\nok\n");
        LogTailer tailer =
                track(new LogTailer(config(live.toString()).maxLineBytes(8).build(), store(), sink));

        tailer.pollOnce();

        assertThat(sink.texts()).containsExactly("01234567" + LineReader.cutMarker(19, 8), "ok");
    }

    @Test
    void shouldNotifyIdleOnceWhenNoLineArrivesForTheIdleDelay() throws Exception {
        Path live = logs.resolve("fsscorplug.log");
        append(live, "x\n");
        LogTailer tailer = tailer(live.toString(), StartPosition.BEGINNING, sink);
        tailer.pollOnce();
        ticker.advance(Duration.ofMillis(999));
        tailer.pollOnce();
        assertThat(sink.events()).doesNotContain("idle fsscorplug.log");

        ticker.advance(Duration.ofMillis(1));
        tailer.pollOnce();
        ticker.advance(Duration.ofSeconds(10));
        tailer.pollOnce();

        assertThat(sink.events()).containsExactly("line x", "idle fsscorplug.log");
    }

    @Test
    void shouldReadNothingWhilePausedAndEverythingWhenResumed() throws Exception {
        Path live = logs.resolve("fsscorplug.log");
        LogTailer tailer = tailer(live.toString(), StartPosition.BEGINNING, sink);
        append(live, "p1\n");
        tailer.pause();
        tailer.pollOnce();
        assertThat(sink.lines()).isEmpty();

        tailer.resume();
        tailer.pollOnce();

        assertThat(sink.texts()).containsExactly("p1");
    }

    @Test
    void shouldDeliverTheSameLinesAgainWhenTheSinkFails() throws Exception {
        Path live = logs.resolve("fsscorplug.log");
        append(live, "s1\ns2\n");
        LogTailer tailer = tailer(live.toString(), StartPosition.BEGINNING, sink);
        sink.failNextDeliveries(1);
        tailer.pollOnce();
        assertThat(sink.lines()).isEmpty();

        tailer.pollOnce();

        assertThat(sink.lines()).extracting(d -> d.text() + "@" + d.start()).containsExactly("s1@0", "s2@3");
    }

    @Test
    void shouldReportLagAndCountsUntilLinesAreAcknowledged() throws Exception {
        Path live = logs.resolve("fsscorplug.log");
        append(live, "abc\ndefg\n");
        RecordingSink shipper = new RecordingSink();
        LogTailer tailer = tailer(live.toString(), StartPosition.BEGINNING, shipper);
        tailer.pollOnce();
        TailedFile file = tailer.files().get(0);

        assertThat(tailer.linesRead()).isEqualTo(2);
        assertThat(tailer.bytesRead()).isEqualTo(9);
        assertThat(file.lagBytes()).isEqualTo(9);
        assertThat(tailer.totalLagBytes()).isEqualTo(9);
        assertThat(file.readOffset()).isEqualTo(9);
        assertThat(file.offsets().unackedCount()).isEqualTo(2);

        file.offsets().ack(4);
        file.offsets().ack(9);
        tailer.pollOnce();

        assertThat(file.lagBytes()).isZero();
        assertThat(CheckpointStore.open(state)
                        .get(file.identity().asString())
                        .orElseThrow()
                        .offset())
                .isEqualTo(9);
    }

    @Test
    void shouldLeaveBytesForTheNextPollWhenAFileExceedsThePollBudget() throws Exception {
        Path live = logs.resolve("fsscorplug.log");
        append(live, "12345\n".repeat(10));
        LogTailer tailer =
                track(new LogTailer(config(live.toString()).maxBytesPerPoll(20).build(), store(), sink));

        assertThat(tailer.pollOnce()).isTrue();
        assertThat(sink.lines()).hasSize(4);
        while (tailer.pollOnce()) {
            // drains the backlog 20 bytes at a time
        }

        assertThat(sink.lines()).hasSize(10);
    }

    @Test
    void shouldTailOnItsOwnThreadAndFlushCheckpointsWhenClosed() throws IOException {
        Path live = logs.resolve("fsscorplug.log");
        append(live, "t1\n");
        LogTailer tailer = track(new LogTailer(
                TailerConfig.builder(List.of(live.toString()))
                        .pollInterval(Duration.ofMillis(10))
                        .build(),
                store(),
                sink));
        tailer.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.texts().contains("t1"));
        append(live, "t2\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.texts().contains("t2"));
        String identity = tailer.files().get(0).identity().asString();
        tailer.close();

        assertThat(sink.texts()).containsExactly("t1", "t2");
        assertThat(CheckpointStore.open(state).get(identity).orElseThrow().offset())
                .isEqualTo(6);
    }

    @Test
    void shouldStopABlockedSinkAndKeepUnshippedLinesWhenClosed() throws Exception {
        Path live = logs.resolve("fsscorplug.log");
        append(live, "b1\n");
        CountDownLatch blocked = new CountDownLatch(1);
        LineSink fullSpool = new LineSink() {
            @Override
            public void onLines(TailedFile file, List<Line> lines) throws InterruptedException {
                blocked.countDown();
                new CountDownLatch(1).await(); // a spool that never frees up
            }

            @Override
            public void onIdle(TailedFile file) {}

            @Override
            public void onFileClosed(TailedFile file) {}
        };
        LogTailer tailer = track(new LogTailer(
                TailerConfig.builder(List.of(live.toString()))
                        .pollInterval(Duration.ofMillis(10))
                        .build(),
                store(),
                fullSpool));
        tailer.start();
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();

        tailer.close();

        LogTailer restarted = tailer(live.toString(), StartPosition.BEGINNING, sink);
        restarted.pollOnce();
        assertThat(sink.texts()).containsExactly("b1");
    }

    private LogTailer tailer(String pattern, StartPosition start, LineSink lineSink) {
        return track(new LogTailer(config(pattern).startPosition(start).build(), store(), lineSink));
    }

    private TailerConfig.Builder config(String pattern) {
        return TailerConfig.builder(List.of(pattern))
                .nanoTime(ticker)
                .closeDelay(CLOSE_DELAY)
                .flushInterval(Duration.ZERO);
    }

    private CheckpointStore store() {
        try {
            return CheckpointStore.open(state, CheckpointStore.DEFAULT_RETENTION, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LogTailer track(LogTailer tailer) {
        tailers.add(tailer);
        return tailer;
    }

    private List<String> warnings() {
        return tailerLogs.events().stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
