package org.fleettelemetry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerRecordsTest {
    private static final String ENTRY = "2021-11-12 00:00:00.301 [0bb8.0c10] .W: CurlQuery::completeWithStatus:"
            + " handle 0000ABC failed with 5: Couldn't resolve proxy: \"proxy\"\\x";
    private static final String URL = "http://example.com/abc123";

    @Test
    void shouldGiveTheSixFieldsOfAnEntryLineWhenItMatchesTheGrammar() {
        assertThat(PeerRecords.expected(ENTRY))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "timestamp", "2021-11-12 00:00:00.301",
                        "pid", "0bb8",
                        "tid", "0c10",
                        "level", ".W",
                        "source", "CurlQuery::completeWithStatus",
                        "message", "handle 0000ABC failed with 5: Couldn't resolve proxy: \"proxy\"\\x"))
                .containsOnlyKeys(PeerRecords.FIELDS);
    }

    @Test
    void shouldGiveTheWholeLineAsTheMessageWhenItIsNoEntry() {
        assertThat(PeerRecords.expected(URL)).containsEntry("message", URL).containsEntry("timestamp", "");
        assertThat(PeerRecords.expected("2021-11-12 garbage deadbeef"))
                .containsEntry("message", "2021-11-12 garbage deadbeef")
                .containsEntry("level", "");
    }

    /** Records as rsyslogd (jsonf list template: a space after each comma, "\/", a trailing LF) shipped them. */
    @Test
    void shouldAcceptRsyslogdsJsonWhenTheFieldsAreTheLines() {
        assertThat(PeerRecords.mismatch(
                        ENTRY,
                        "{\"timestamp\":\"2021-11-12 00:00:00.301\", \"pid\":\"0bb8\", \"tid\":\"0c10\", \"level\":\".W\","
                                + " \"source\":\"CurlQuery::completeWithStatus\", \"message\":\"handle 0000ABC failed"
                                + " with 5: Couldn't resolve proxy: \\\"proxy\\\"\\\\x\"}\n"))
                .isEmpty();
        assertThat(PeerRecords.mismatch(
                        URL,
                        "{\"timestamp\":\"\", \"pid\":\"\", \"tid\":\"\", \"level\":\"\", \"source\":\"\","
                                + " \"message\":\"http:\\/\\/example.com\\/abc123\"}\n"))
                .isEmpty();
    }

    /** Records as syslog-ng's format-json shipped them (keys in its own order). */
    @Test
    void shouldAcceptSyslogNgsJsonWhenTheFieldsAreTheLines() {
        assertThat(PeerRecords.mismatch(
                        ENTRY,
                        "{\"timestamp\":\"2021-11-12 00:00:00.301\",\"tid\":\"0c10\",\"source\":"
                                + "\"CurlQuery::completeWithStatus\",\"pid\":\"0bb8\",\"message\":\"handle 0000ABC"
                                + " failed with 5: Couldn't resolve proxy: \\\"proxy\\\"\\\\x\",\"level\":\".W\"}"))
                .isEmpty();
    }

    @Test
    void shouldNameTheFieldWhenARecordIsWrong() {
        assertThat(PeerRecords.mismatch(
                        ENTRY,
                        "{\"timestamp\":\"2021-11-12 00:00:00.301\",\"pid\":\"0bb8\",\"tid\":\"0c10\",\"level\":\".W\","
                                + "\"source\":\"CurlQuery\",\"message\":\"completeWithStatus: handle\"}"))
                .hasValueSatisfying(why -> assertThat(why).startsWith("source is \"CurlQuery\", expected"));
        assertThat(PeerRecords.mismatch(URL, URL))
                .hasValueSatisfying(why -> assertThat(why).startsWith("not JSON"));
    }

    /** Seed 42 as the ship measure: its lines are entries (all six fields) but for the URL and garbage lines. */
    @Test
    void shouldParseTheBenchFilesEntryLinesWhenGeneratedWithTheShipMeasuresSeed() {
        LogLineGenerator lines = new LogLineGenerator(42L, LocalDateTime.of(2021, 11, 12, 0, 0));
        int entries = 0;
        for (int i = 0; i < 10_000; i++) {
            String line = lines.next();
            boolean entry = !PeerRecords.expected(line).get("timestamp").isEmpty();
            assertThat(entry).as(line).isEqualTo(!line.startsWith("http://") && !line.contains(" garbage "));
            entries += entry ? 1 : 0;
        }
        assertThat(entries).isGreaterThan(9_000);
    }
}
