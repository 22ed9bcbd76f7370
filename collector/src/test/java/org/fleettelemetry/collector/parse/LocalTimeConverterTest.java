package org.fleettelemetry.collector.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalTimeConverterTest {

    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant convert(ZoneId zone, String local, String previous) {
        return new LocalTimeConverter(zone)
                .toInstant(LocalDateTime.parse(local), previous == null ? null : Instant.parse(previous));
    }

    @ParameterizedTest
    @CsvSource({
        "Europe/Helsinki, 2021-11-12T17:40:30.152, 2021-11-12T15:40:30.152Z",
        "Europe/Helsinki, 2021-07-01T12:00:00, 2021-07-01T09:00:00Z",
        "America/New_York, 2021-11-12T17:40:30.152, 2021-11-12T22:40:30.152Z",
        "America/New_York, 2021-07-01T12:00:00, 2021-07-01T16:00:00Z",
        "UTC, 2021-07-01T12:00:00, 2021-07-01T12:00:00Z",
    })
    void shouldApplyTheSingleOffsetWhenNoTransitionIsNear(String zone, String local, String utc) {
        assertThat(convert(ZoneId.of(zone), local, null)).isEqualTo(Instant.parse(utc));
    }

    @ParameterizedTest
    @CsvSource({
        // Helsinki 2021-03-28 03:00 EET -> 04:00 EEST; New York 2021-03-14 02:00 EST -> 03:00 EDT
        "Europe/Helsinki, 2021-03-28T03:30:00, 2021-03-28T01:30:00Z",
        "Europe/Helsinki, 2021-03-28T03:00:00, 2021-03-28T01:00:00Z",
        "America/New_York, 2021-03-14T02:30:00, 2021-03-14T07:30:00Z",
    })
    void shouldShiftForwardByTheGapWhenLocalTimeDoesNotExist(String zone, String local, String utc) {
        assertThat(convert(ZoneId.of(zone), local, null)).isEqualTo(Instant.parse(utc));
        assertThat(convert(ZoneId.of(zone), local, null))
                .isEqualTo(ZonedDateTime.of(LocalDateTime.parse(local), ZoneId.of(zone))
                        .toInstant());
    }

    // Helsinki 2021-10-31: 04:00 EEST (+3) -> 03:00 EET (+2), 03:00-03:59 local happens twice.
    @Test
    void shouldUseEarlierOffsetWhenHelsinkiLogIsInFirstPassOfRepeatedHour() {
        assertThat(convert(HELSINKI, "2021-10-31T03:30:00", null)).isEqualTo(Instant.parse("2021-10-31T00:30:00Z"));
        assertThat(convert(HELSINKI, "2021-10-31T03:30:00", "2021-10-31T00:20:00Z"))
                .isEqualTo(Instant.parse("2021-10-31T00:30:00Z"));
    }

    @Test
    void shouldUseLaterOffsetWhenHelsinkiLogIsInSecondPassOfRepeatedHour() {
        assertThat(convert(HELSINKI, "2021-10-31T03:10:00", "2021-10-31T00:55:00Z"))
                .isEqualTo(Instant.parse("2021-10-31T01:10:00Z"));
        assertThat(convert(HELSINKI, "2021-10-31T03:40:00", "2021-10-31T01:10:00Z"))
                .isEqualTo(Instant.parse("2021-10-31T01:40:00Z"));
    }

    @Test
    void shouldKeepEarlierOffsetWhenEntryIsOnlySlightlyOutOfOrder() {
        assertThat(convert(HELSINKI, "2021-10-31T03:30:00", "2021-10-31T00:34:00Z"))
                .isEqualTo(Instant.parse("2021-10-31T00:30:00Z"));
    }

    // New York 2021-11-07: 02:00 EDT (-4) -> 01:00 EST (-5), 01:00-01:59 local happens twice.
    @Test
    void shouldUseEarlierOffsetWhenNewYorkLogIsInFirstPassOfRepeatedHour() {
        assertThat(convert(NEW_YORK, "2021-11-07T01:30:00", null)).isEqualTo(Instant.parse("2021-11-07T05:30:00Z"));
        assertThat(convert(NEW_YORK, "2021-11-07T01:30:00", "2021-11-07T05:20:00Z"))
                .isEqualTo(Instant.parse("2021-11-07T05:30:00Z"));
    }

    @Test
    void shouldUseLaterOffsetWhenNewYorkLogIsInSecondPassOfRepeatedHour() {
        assertThat(convert(NEW_YORK, "2021-11-07T01:05:00", "2021-11-07T05:58:00Z"))
                .isEqualTo(Instant.parse("2021-11-07T06:05:00Z"));
        assertThat(convert(NEW_YORK, "2021-11-07T01:59:00", "2021-11-07T06:05:00Z"))
                .isEqualTo(Instant.parse("2021-11-07T06:59:00Z"));
    }

    @Test
    void shouldAgreeWithZonedDateTimeWhenOneConverterWalksAcrossYearsOfTransitions() {
        long seed = 20211112L;
        System.out.println("LocalTimeConverterTest seed " + seed);
        Random random = new Random(seed);
        for (String zoneName :
                new String[] {"Europe/Helsinki", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"}) {
            ZoneId zone = ZoneId.of(zoneName);
            LocalTimeConverter converter = new LocalTimeConverter(zone);
            LocalDateTime local = LocalDateTime.of(2015, 1, 1, 0, 0);
            for (int i = 0; i < 50_000; i++) {
                local = random.nextInt(10) == 0
                        ? local.minusMinutes(random.nextInt(300))
                        : local.plusMinutes(random.nextInt(600));
                // Without a previous entry both rules pick the earlier offset, as ZonedDateTime.of does.
                Instant expected = ZonedDateTime.of(local, zone).toInstant();
                assertThat(converter.toInstant(local, null))
                        .as("%s %s", zone, local)
                        .isEqualTo(expected);
            }
        }
    }
}
