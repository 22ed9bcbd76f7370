package org.fleettelemetry.collector.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.fleettelemetry.collector.parse.ParsedLine.Continuation;
import org.fleettelemetry.collector.parse.ParsedLine.Header;
import org.fleettelemetry.collector.parse.ParsedLine.Rejected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LineGrammarTest {

    private static Header header(String line) {
        ParsedLine parsed = LineGrammar.parse(line);
        assertThat(parsed).isInstanceOf(Header.class);
        return (Header) parsed;
    }

    @Test
    void shouldReadEveryFieldWhenLineFollowsGrammar() {
        String line = "2021-11-12 17:40:30.152 [15c0.1d1c] .W: CurlQuery::completeWithStatus: handle 0000023C45E27C50"
                + " failed with 5: Couldn't resolve proxy: proxy.example.intern";

        Header header = header(line);

        assertThat(header.localDateTime()).isEqualTo(LocalDateTime.of(2021, 11, 12, 17, 40, 30, 152_000_000));
        assertThat(header.pid()).isEqualTo(0x15c0);
        assertThat(header.tid()).isEqualTo(0x1d1c);
        assertThat(header.level()).isEqualTo(".W");
        assertThat(header.source()).isEqualTo("CurlQuery::completeWithStatus");
        assertThat(header.message())
                .isEqualTo("handle 0000023C45E27C50 failed with 5: Couldn't resolve proxy: proxy.example.intern");
        assertThat(header.text()).isEqualTo(line);
    }

    @Test
    void shouldKeepColonsInMessageWhenMessageContainsColonSpace() {
        Header header = header("2021-11-12 17:40:31.751 [15c0.1d1c] I: fs::xrssdk::DoormanCache::update: doorman"
                + " cooldown is off, ttl: 15, fserr: 0");

        assertThat(header.source()).isEqualTo("fs::xrssdk::DoormanCache::update");
        assertThat(header.message()).isEqualTo("doorman cooldown is off, ttl: 15, fserr: 0");
    }

    @Test
    void shouldReadDottedSourceAndUrlWhenSourceIsDotNetName() {
        Header header = header("2021-11-12 17:53:10.500 [1f00.1f04] .W: FSecure.Ess.Fsscore.Client: FSSCORE query for"
                + " URL('http://schemas.microsoft.com/office/2004/12/xxxx') failed. Error = Timeout");

        assertThat(header.source()).isEqualTo("FSecure.Ess.Fsscore.Client");
        assertThat(header.message()).startsWith("FSSCORE query for URL('http://");
    }

    @Test
    void shouldLeavePidAndTidNullWhenLineHasNoBrackets() {
        Header header = header("2021-11-12 17:40:30.152 I: fs::Service::run: started");

        assertThat(header.pid()).isNull();
        assertThat(header.tid()).isNull();
        assertThat(header.source()).isEqualTo("fs::Service::run");
        assertThat(header.message()).isEqualTo("started");
    }

    @ParameterizedTest
    @CsvSource({
        "2021-11-12 17:40:30 I: a: b, 0",
        "2021-11-12 17:40:30.1 I: a: b, 100",
        "2021-11-12 17:40:30.15 I: a: b, 150",
        "2021-11-12 17:40:30.152 I: a: b, 152",
        "2021-11-12 17:40:30.152999 I: a: b, 152",
        "'2021-11-12 17:40:30,007 I: a: b', 7",
        "2021-11-12T17:40:30.250 I: a: b, 250",
    })
    void shouldReadMillisecondsWhenFractionHasAnyDigitCount(String line, int millis) {
        assertThat(header(line).localDateTime().getNano()).isEqualTo(millis * 1_000_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"I", ".W", ".E", "D", ".D", "W", "WARN", ".I", "X"})
    void shouldKeepLevelTokenAsWrittenWhenLevelIsShort(String level) {
        assertThat(header("2021-11-12 17:40:30.152 [1.2] " + level + ": a::b: c")
                        .level())
                .isEqualTo(level);
    }

    @Test
    void shouldDropBomAndCarriageReturnWhenLineHasThem() {
        Header header = header("\uFEFF2021-11-12 17:40:30.152 [1.2] I: a::b: c\r");

        assertThat(header.text()).isEqualTo("2021-11-12 17:40:30.152 [1.2] I: a::b: c");
        assertThat(header.message()).isEqualTo("c");
    }

    @Test
    void shouldLeaveSourceEmptyWhenTextBeforeFirstColonHasSpace() {
        Header header = header("2021-11-12 17:40:30.152 [1.2] I: Service started: all good");

        assertThat(header.source()).isEmpty();
        assertThat(header.message()).isEqualTo("Service started: all good");
    }

    @Test
    void shouldGiveEmptyMessageWhenLineEndsAfterSource() {
        Header header = header("2021-11-12 17:40:30.152 [1.2] I: a::b:");

        assertThat(header.source()).isEqualTo("a::b");
        assertThat(header.message()).isEmpty();
    }

    @Test
    void shouldAcceptLeapDayWhenYearIsLeap() {
        assertThat(header("2020-02-29 00:00:00.000 I: a: b").localDateTime())
                .isEqualTo(LocalDateTime.of(2020, 2, 29, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://example.com/a",
                "",
                "   indented 2021-11-12 17:40:30.152 I: a: b",
                "2021 was a year",
                "\uFEFF",
                "\r",
                "21-11-12 17:40:30.152 I: a: b"
            })
    void shouldReturnContinuationWhenLineDoesNotStartWithTimestamp(String line) {
        assertThat(LineGrammar.parse(line)).isInstanceOf(Continuation.class);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2021-1-12 17:40:30.152 I: a: b|" + LineGrammar.BAD_DATE,
                "2021-13-12 17:40:30.152 I: a: b|" + LineGrammar.INVALID_DATE,
                "2021-02-29 17:40:30.152 I: a: b|" + LineGrammar.INVALID_DATE,
                "2021-11-00 17:40:30.152 I: a: b|" + LineGrammar.INVALID_DATE,
                "2021-11-12|" + LineGrammar.BAD_TIME,
                "2021-11-12 17:4:30.152 I: a: b|" + LineGrammar.BAD_TIME,
                "2021-11-12 24:00:00.000 I: a: b|" + LineGrammar.INVALID_TIME,
                "2021-11-12 17:60:00.000 I: a: b|" + LineGrammar.INVALID_TIME,
                "2021-11-12 17:40:30. I: a: b|" + LineGrammar.BAD_FRACTION,
                "2021-11-12 17:40:30.152|" + LineGrammar.NO_SPACE_AFTER_TIMESTAMP,
                "2021-11-12 17:40:30.152x I: a: b|" + LineGrammar.NO_SPACE_AFTER_TIMESTAMP,
                "2021-11-12 17:40:30.152 [15c0.1d1c I: a: b|" + LineGrammar.NO_CLOSING_BRACKET,
                "2021-11-12 17:40:30.152 [15c0] I: a: b|" + LineGrammar.BAD_PID_TID,
                "2021-11-12 17:40:30.152 [15c0.zz] I: a: b|" + LineGrammar.BAD_PID_TID,
                "2021-11-12 17:40:30.152 [123456789.1] I: a: b|" + LineGrammar.BAD_PID_TID,
                "2021-11-12 17:40:30.152 [.1] I: a: b|" + LineGrammar.BAD_PID_TID,
                "2021-11-12 17:40:30.152 [1.2]I: a: b|" + LineGrammar.NO_SPACE_AFTER_PID_TID,
                "2021-11-12 17:40:30.152 [1.2] CurlQuery::completeWithStatus: x|" + LineGrammar.NO_LEVEL,
                "2021-11-12 17:40:30.152 [1.2] no level here|" + LineGrammar.NO_LEVEL,
                "2021-11-12 17:40:30.152 [1.2] : a: b|" + LineGrammar.NO_LEVEL,
                "2021-11-12 17:40:30.152 [1.2] I:a: b|" + LineGrammar.NO_LEVEL,
            })
    void shouldRejectWithReasonWhenLineStartsLikeTimestampButIsMalformed(String line, String reason) {
        ParsedLine parsed = LineGrammar.parse(line);

        assertThat(parsed).isInstanceOf(Rejected.class);
        assertThat(((Rejected) parsed).reason()).isEqualTo(reason);
        assertThat(parsed.text()).isEqualTo(line);
    }

    @Test
    void shouldKeepTimestampOfRejectedLineWhenDateAndTimeWereWellFormed() {
        Rejected rejected = (Rejected) LineGrammar.parse("2021-11-12 17:40:30.152 [15c0.1d1c I: a: b");

        assertThat(rejected.localEpochMillis())
                .hasValue(LocalDateTime.of(2021, 11, 12, 17, 40, 30, 152_000_000)
                        .toInstant(ZoneOffset.UTC)
                        .toEpochMilli());
        assertThat(((Rejected) LineGrammar.parse("2021-13-12 17:40:30.152 I: a: b")).localEpochMillis())
                .isEmpty();
    }

    @Test
    void shouldTreatNullAsEmptyContinuationWhenGivenNull() {
        assertThat(LineGrammar.parse(null)).isEqualTo(new Continuation(""));
    }

    @Test
    void shouldAgreeWithJavaTimeWhenConvertingDatesToLocalMillis() {
        long seed = 42L;
        System.out.println("LineGrammarTest date seed " + seed);
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime expected = LocalDateTime.of(1970, 1, 1, 0, 0)
                    .plusDays(random.nextInt(365 * 200) - 365 * 100)
                    .plusSeconds(random.nextInt(86_400))
                    .plusNanos(random.nextInt(1000) * 1_000_000L);
            String line = String.format(
                    "%04d-%02d-%02d %02d:%02d:%02d.%03d I: a: b",
                    expected.getYear(),
                    expected.getMonthValue(),
                    expected.getDayOfMonth(),
                    expected.getHour(),
                    expected.getMinute(),
                    expected.getSecond(),
                    expected.getNano() / 1_000_000);

            assertThat(header(line).localDateTime()).as(line).isEqualTo(expected);
        }
    }
}
