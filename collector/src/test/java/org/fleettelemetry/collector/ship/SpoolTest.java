package org.fleettelemetry.collector.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<Spool.Entry> entries) {
        return entries.stream()
                .map(e -> new String(e.payload(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void shouldReadInOrderAndForgetConfirmedRecords() throws Exception {
        try (Spool spool = new Spool(dir, 1 << 20)) {
            for (int i = 0; i < 10; i++) {
                spool.append(bytes("r" + i));
            }
            List<Spool.Entry> first = spool.read(4, 0);
            assertThat(texts(first)).containsExactly("r0", "r1", "r2", "r3");
            spool.confirm(first.get(3));
            List<Spool.Entry> rest = spool.read(100, 0);
            assertThat(texts(rest)).containsExactly("r4", "r5", "r6", "r7", "r8", "r9");
            spool.confirm(rest.get(rest.size() - 1));
            assertThat(spool.isEmpty()).isTrue();
            assertThat(spool.bytes()).isZero();
            assertThat(spool.read(10, 0)).isEmpty();
        }
    }

    @Test
    void shouldReadUnconfirmedRecordsAgainAfterRewind() throws Exception {
        try (Spool spool = new Spool(dir, 1 << 20)) {
            spool.append(bytes("a"));
            spool.append(bytes("b"));
            spool.append(bytes("c"));
            List<Spool.Entry> batch = spool.read(3, 0);
            spool.confirm(batch.get(0));
            spool.rewind();
            assertThat(texts(spool.read(10, 0))).containsExactly("b", "c");
        }
    }

    @Test
    void shouldReplayUnconfirmedRecordsAfterRestart() throws Exception {
        try (Spool spool = new Spool(dir, 1 << 20)) {
            for (int i = 0; i < 5; i++) {
                spool.append(bytes("r" + i));
            }
            spool.confirm(spool.read(2, 0).get(1));
        }
        try (Spool reopened = new Spool(dir, 1 << 20)) {
            assertThat(texts(reopened.read(10, 0))).containsExactly("r2", "r3", "r4");
            reopened.append(bytes("r5"));
            assertThat(texts(reopened.read(10, 0))).containsExactly("r5");
        }
    }

    @Test
    void shouldIgnoreATornLastRecordAfterACrash() throws Exception {
        try (Spool spool = new Spool(dir, 1 << 20)) {
            spool.append(bytes("whole"));
        }
        Path segment;
        try (var files = Files.list(dir)) {
            segment =
                    files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        Files.write(segment, new byte[] {0, 0, 0, 50, 1, 2, 3, 4, 'x'}, StandardOpenOption.APPEND);
        try (Spool reopened = new Spool(dir, 1 << 20)) {
            assertThat(texts(reopened.read(10, 0))).containsExactly("whole");
        }
    }

    @Test
    void shouldSpanSegmentsAndKeepEveryRecordInOrder() throws Exception {
        long seed = 20261129L;
        System.out.println("SpoolTest seed " + seed);
        Random random = new Random(seed);
        List<String> written = new ArrayList<>();
        List<String> readBack = new ArrayList<>();
        try (Spool spool = new Spool(dir, 1L << 30)) {
            for (int i = 0; i < 3000; i++) {
                String s = i + ":" + "x".repeat(random.nextInt(20_000));
                written.add(s);
                spool.append(bytes(s));
                if (random.nextInt(10) == 0) {
                    List<Spool.Entry> batch = spool.read(1 + random.nextInt(50), 0);
                    if (!batch.isEmpty()) {
                        readBack.addAll(texts(batch));
                        spool.confirm(batch.get(batch.size() - 1));
                    }
                }
            }
            List<Spool.Entry> batch;
            while (!(batch = spool.read(100, 0)).isEmpty()) {
                readBack.addAll(texts(batch));
                spool.confirm(batch.get(batch.size() - 1));
            }
            assertThat(spool.isEmpty()).isTrue();
        }
        assertThat(readBack).isEqualTo(written);
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".seg")).count()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void shouldBlockAppendWhenFullUntilRecordsAreConfirmed() throws Exception {
        try (Spool spool = new Spool(dir, 1024 * 1024)) {
            byte[] big = new byte[400 * 1024];
            spool.append(big);
            spool.append(big);
            AtomicBoolean appended = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                try {
                    spool.append(big);
                    appended.set(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            writer.start();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !appended.get());
            spool.confirm(spool.read(1, 0).get(0));
            await().atMost(Duration.ofSeconds(10)).untilTrue(appended);
            writer.join();
            assertThat(spool.read(10, 0)).hasSize(2);
        }
    }
}
