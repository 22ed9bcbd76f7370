package org.fleettelemetry.collector.tail;

import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.fleettelemetry.collector.tail.TestFiles.append;
import static org.fleettelemetry.collector.tail.TestFiles.concat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {

    private static final byte[] UTF_8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] UTF_16LE_BOM = {(byte) 0xFF, (byte) 0xFE};
    private static final byte[] UTF_16BE_BOM = {(byte) 0xFE, (byte) 0xFF};

    @TempDir
    Path dir;

    private final List<FileChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() throws IOException {
        for (FileChannel channel : channels) {
            channel.close();
        }
    }

    @Test
    void shouldReturnLinesWithByteOffsetsWhenFileIsUtf8WithoutBom() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, "first\nsécond\n");
        LineReader reader = new LineReader(open(file), 0);

        assertThat(reader.readLines(100, Long.MAX_VALUE))
                .containsExactly(new Line("first", 0, 6), new Line("sécond", 6, 14));
        assertThat(reader.encoding()).contains(LineEncoding.UTF_8);
        assertThat(reader.position()).isEqualTo(14);
    }

    @Test
    void shouldHoldBackPartialLineUntilItsNewlineArrives() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, "one\nhalf a li");
        LineReader reader = new LineReader(open(file), 0);

        assertThat(reader.readLines(100, Long.MAX_VALUE)).containsExactly(new Line("one", 0, 4));
        assertThat(reader.readLines(100, Long.MAX_VALUE)).isEmpty();
        assertThat(reader.position()).isEqualTo(4);
        assertThat(reader.readPosition()).isEqualTo(13);

        append(file, "ne\n");
        assertThat(reader.readLines(100, Long.MAX_VALUE)).containsExactly(new Line("half a line", 4, 16));
    }

    @Test
    void shouldDecodeUtf8WhenANonAsciiCharacterArrivesAfterTheAsciiStartOfItsLine() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, "ascii\nhalf ascii ");
        LineReader reader = new LineReader(open(file), 0);

        assertThat(reader.readLines(100, Long.MAX_VALUE)).containsExactly(new Line("ascii", 0, 6));
        assertThat(reader.readLines(100, Long.MAX_VALUE)).isEmpty();

        append(file, "then é\nascii again\nä\n");
        assertThat(reader.readLines(100, Long.MAX_VALUE))
                .containsExactly(
                        new Line("half ascii then é", 6, 25), new Line("ascii again", 25, 37), new Line("ä", 37, 40));
    }

    @Test
    void shouldDecodeUtf8AfterASeekBackOverALineWithANonAsciiCharacter() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, "é\nplain\nü and more\n");
        LineReader reader = new LineReader(open(file), 0);

        assertThat(reader.readLines(100, Long.MAX_VALUE)).hasSize(3);
        reader.seek(3);
        assertThat(reader.readLines(100, Long.MAX_VALUE))
                .containsExactly(new Line("plain", 3, 9), new Line("ü and more", 9, 21));
    }

    @Test
    void shouldStripCarriageReturnWhenLinesEndWithCrlf() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, "one\r\n\r\ntwo\r\n");
        LineReader reader = new LineReader(open(file), 0);

        assertThat(reader.readLines(100, Long.MAX_VALUE))
                .containsExactly(new Line("one", 0, 5), new Line("", 5, 7), new Line("two", 7, 12));
    }

    @Test
    void shouldSkipBomAndCountItsBytesWhenFileIsUtf8WithBom() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, concat(UTF_8_BOM, "ä\r\nb\n".getBytes(UTF_8)));
        LineReader reader = new LineReader(open(file), 0);

        assertThat(reader.readLines(100, Long.MAX_VALUE)).containsExactly(new Line("ä", 3, 7), new Line("b", 7, 9));
        assertThat(reader.encoding()).contains(LineEncoding.UTF_8_BOM);
    }

    @Test
    void shouldDecodeWithByteOffsetsWhenFileIsUtf16LeWithBom() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, concat(UTF_16LE_BOM, "I: ok\r\nÄ \uD83D\uDE00\n".getBytes(UTF_16LE)));
        LineReader reader = new LineReader(open(file), 0);

        assertThat(reader.readLines(100, Long.MAX_VALUE))
                .containsExactly(new Line("I: ok", 2, 16), new Line("Ä \uD83D\uDE00", 16, 26));
        assertThat(reader.encoding()).contains(LineEncoding.UTF_16LE);
    }

    @Test
    void shouldDecodeWithByteOffsetsWhenFileIsUtf16BeWithBom() throws IOException {
        Path file = dir.resolve("a.log");
        // U+0A0D has the bytes of a newline and a carriage return in it: only whole units count
        append(file, concat(UTF_16BE_BOM, "\u0A0D\u0D0A\r\nx\n".getBytes(UTF_16BE)));
        LineReader reader = new LineReader(open(file), 0);

        assertThat(reader.readLines(100, Long.MAX_VALUE))
                .containsExactly(new Line("\u0A0D\u0D0A", 2, 10), new Line("x", 10, 14));
        assertThat(reader.encoding()).contains(LineEncoding.UTF_16BE);
    }

    @Test
    void shouldHoldBackHalfCodeUnitWhenUtf16FileEndsMidCharacter() throws IOException {
        Path file = dir.resolve("a.log");
        byte[] line = "ab\n".getBytes(UTF_16LE);
        append(file, concat(UTF_16LE_BOM, "x\n".getBytes(UTF_16LE), new byte[] {line[0]}));
        LineReader reader = new LineReader(open(file), 0);
        assertThat(reader.readLines(100, Long.MAX_VALUE)).containsExactly(new Line("x", 2, 6));

        append(file, java.util.Arrays.copyOfRange(line, 1, line.length));
        assertThat(reader.readLines(100, Long.MAX_VALUE)).containsExactly(new Line("ab", 6, 12));
    }

    @Test
    void shouldWaitForTheEncodingWhenOnlyPartOfABomIsWritten() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, new byte[] {(byte) 0xEF, (byte) 0xBB});
        LineReader reader = new LineReader(open(file), 0);
        assertThat(reader.readLines(100, Long.MAX_VALUE)).isEmpty();
        assertThat(reader.encoding()).isEmpty();

        append(file, concat(new byte[] {(byte) 0xBF}, "z\n".getBytes(UTF_8)));
        assertThat(reader.readLines(100, Long.MAX_VALUE)).containsExactly(new Line("z", 3, 5));
    }

    @Test
    void shouldReplaceMalformedBytesWhenUtf8IsInvalid() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, new byte[] {'a', (byte) 0xC3, 'b', (byte) 0xFF, '\n'});
        LineReader reader = new LineReader(open(file), 0);

        assertThat(reader.readLines(100, Long.MAX_VALUE)).containsExactly(new Line("a\uFFFDb\uFFFD", 0, 5));
    }

    @Test
    void shouldKeepTheStartOfALineLongerThanTheMaxWithAMarkerCutOnACharacterBoundary() throws IOException {
        Path file = dir.resolve("a.log");
        // 7 ASCII bytes then 2-byte characters: a cut at byte 8 would split the first 'é'
        append(file, "abcdefgéééé\nok\n");
        LineReader reader = new LineReader(open(file), 0, 8);

        assertThat(reader.readLines(100, Long.MAX_VALUE))
                .containsExactly(new Line("abcdefg" + LineReader.cutMarker(15, 7), 0, 16), new Line("ok", 16, 19));
    }

    @Test
    void shouldNotCutWhenALineIsExactlyTheMax() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, "12345678\r\n123456789\n");
        LineReader reader = new LineReader(open(file), 0, 8);

        assertThat(reader.readLines(100, Long.MAX_VALUE))
                .containsExactly(
                        new Line("12345678", 0, 10), new Line("12345678" + LineReader.cutMarker(9, 8), 10, 20));
    }

    @Test
    void shouldCutWithoutSplittingASurrogatePairWhenUtf16LineIsTooLong() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, concat(UTF_16LE_BOM, "abc\uD83D\uDE00d\nz\n".getBytes(UTF_16LE)));
        LineReader reader = new LineReader(open(file), 0, 8);

        assertThat(reader.readLines(100, Long.MAX_VALUE))
                .containsExactly(new Line("abc" + LineReader.cutMarker(12, 6), 2, 16), new Line("z", 16, 20));
    }

    @Test
    void shouldDropTheRestOfALineWithoutEndAsItComesAndReadWhatFollowsItsNewline() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, "before\n");
        LineReader reader = new LineReader(open(file), 0, 1024);
        assertThat(reader.readLines(100, Long.MAX_VALUE)).containsExactly(new Line("before", 0, 7));
        byte[] block = new byte[1 << 20];
        java.util.Arrays.fill(block, (byte) 'x');
        for (int i = 0; i < 20; i++) {
            append(file, block);
            assertThat(reader.readLines(100, Long.MAX_VALUE))
                    .as("no newline yet")
                    .isEmpty();
            assertThat(reader.position())
                    .as("the line still starts where it did")
                    .isEqualTo(7);
            assertThat(reader.readPosition()).as("read as it comes").isEqualTo(7 + (i + 1L) * block.length);
        }
        append(file, "\nafter\n");
        long end = 7 + 20L * block.length + 1;
        assertThat(reader.readLines(100, Long.MAX_VALUE))
                .containsExactly(
                        new Line("x".repeat(1024) + LineReader.cutMarker(20L * block.length, 1024), 7, end),
                        new Line("after", end, end + 6));
    }

    @Test
    void shouldGiveACutLineWithoutEndWhenTheFileIsDrained() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, "0123456789abcdef");
        LineReader reader = new LineReader(open(file), 0, 8);
        assertThat(reader.readLines(100, Long.MAX_VALUE)).isEmpty();

        assertThat(reader.drainToEnd()).containsExactly(new Line("01234567" + LineReader.cutMarker(16, 8), 0, 16));
    }

    @Test
    void shouldReadEveryLineWithExactOffsetsWhenFileGrowsInRandomPieces() throws IOException {
        long seed = 20240611L;
        System.out.println("LineReaderTest random seed: " + seed);
        Random random = new Random(seed);
        Path file = dir.resolve("big.log");
        Files.createFile(file);
        StringBuilder all = new StringBuilder();
        List<Line> expected = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < 400; i++) {
            int length = random.nextInt(10) == 0 ? 60_000 + random.nextInt(80_000) : random.nextInt(200);
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < length; c++) {
                text.append(random.nextInt(20) == 0 ? 'ö' : (char) ('a' + random.nextInt(26)));
            }
            String terminator = random.nextBoolean() ? "\n" : "\r\n";
            String line = text + terminator;
            long bytes = line.getBytes(UTF_8).length;
            expected.add(new Line(text.toString(), offset, offset + bytes));
            offset += bytes;
            all.append(line);
        }
        byte[] content = all.toString().getBytes(UTF_8);
        // lines longer than the 64 KiB read chunk, none longer than the max: the buffer grows and shrinks back
        LineReader reader = new LineReader(open(file), 0, 1 << 20);
        List<Line> actual = new ArrayList<>();
        int written = 0;
        while (written < content.length) {
            int piece = Math.min(content.length - written, 1 + random.nextInt(150_000));
            append(file, java.util.Arrays.copyOfRange(content, written, written + piece));
            written += piece;
            actual.addAll(reader.readLines(1 + random.nextInt(50), Long.MAX_VALUE));
        }
        List<Line> rest;
        while (!(rest = reader.readLines(1000, Long.MAX_VALUE)).isEmpty()) {
            actual.addAll(rest);
        }

        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void shouldStartAtTheGivenOffsetWhenResuming() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, concat(UTF_8_BOM, "one\ntwo\nthree\n".getBytes(UTF_8)));
        LineReader reader = new LineReader(open(file), 7);

        assertThat(reader.readLines(100, Long.MAX_VALUE))
                .containsExactly(new Line("two", 7, 11), new Line("three", 11, 17));
    }

    @Test
    void shouldStopAtTheLimitsWhenAskedForFewLinesOrBytes() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, "a\nbb\nccc\ndddd\n");
        LineReader reader = new LineReader(open(file), 0);

        assertThat(reader.readLines(2, Long.MAX_VALUE)).extracting(Line::text).containsExactly("a", "bb");
        assertThat(reader.readLines(100, 1)).extracting(Line::text).containsExactly("ccc");
        assertThat(reader.readLines(100, Long.MAX_VALUE)).extracting(Line::text).containsExactly("dddd");
    }

    @Test
    void shouldDeliverTheUnterminatedTailWhenDrainedToTheEnd() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, "one\nlast words");
        LineReader reader = new LineReader(open(file), 0);

        assertThat(reader.drainToEnd()).containsExactly(new Line("one", 0, 4), new Line("last words", 4, 14));
        assertThat(reader.drainToEnd()).isEmpty();
    }

    @Test
    void shouldReadSameLinesAgainWhenSeekingBack() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, concat(UTF_8_BOM, "one\ntwo\n".getBytes(UTF_8)));
        LineReader reader = new LineReader(open(file), 0);
        List<Line> first = reader.readLines(100, Long.MAX_VALUE);

        reader.seek(first.get(0).startOffset());

        assertThat(reader.readLines(100, Long.MAX_VALUE)).isEqualTo(first);
    }

    @Test
    void shouldFindTheEndOfTheLastCompleteLineWhenStartingAtTheEnd() throws IOException {
        Path utf8 = dir.resolve("a.log");
        append(utf8, "one\ntwo\nthr");
        Path utf16 = dir.resolve("b.log");
        append(utf16, concat(UTF_16BE_BOM, "one\n\u0A00x".getBytes(UTF_16BE)));
        Path partialOnly = dir.resolve("c.log");
        append(partialOnly, concat(UTF_8_BOM, "no newline yet".getBytes(UTF_8)));
        Path longTail = dir.resolve("d.log");
        append(longTail, "x\n0123456789abcdef");

        assertThat(LineReader.endOfLastCompleteLine(open(utf8), 1024)).isEqualTo(8);
        assertThat(LineReader.endOfLastCompleteLine(open(utf16), 1024)).isEqualTo(10);
        assertThat(LineReader.endOfLastCompleteLine(open(partialOnly), 1024)).isEqualTo(3);
        assertThat(LineReader.endOfLastCompleteLine(open(longTail), 8)).isEqualTo(18);
    }

    private FileChannel open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channels.add(channel);
        return channel;
    }
}
