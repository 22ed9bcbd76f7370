package org.fleettelemetry.collector.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.junit.jupiter.api.Test;

class EntryAssemblerTest {

    private static final String CURL_5 = "2021-11-12 17:40:30.152 [15c0.1d1c] .W: CurlQuery::completeWithStatus: handle"
            + " 0000023C45E27C50 failed with 5: Couldn't resolve proxy: proxy.example.intern";
    private static final String STATS_111 = "2021-11-12 17:40:30.152 [15c0.1d1c] .W: fs::xrssdk::HTTPQueryTask::"
            + "update_http_stats: http error 111 (5) for http task 0000023C45E9AC20, time 4 ms";
    private static final String WINRPC_111 =
            "2021-11-12 17:40:30.152 [15c0.1d1c] .W: ipc_impl::on_async_complete_ex: winrpc call completed with error 111";
    private static final String DOORMAN_OK_SAME_INSTANT = "2021-11-12 17:40:30.152 [15c0.1d1c] I: fs::xrssdk::"
            + "DoormanCache::update: doorman cooldown is off, ttl: 15, fserr: 0";
    private static final String WAIT_258 =
            "2021-11-12 17:50:11.020 [15c0.1d1c] .W: fs::rs::WinSocket::Impl::waitForConnection: wait failed: 258";
    private static final String CONNECT_TIMEOUT = "2021-11-12 17:50:11.020 [15c0.1d1c] .W: fs::rs::WinSocket::Impl::"
            + "connect: connection timeout: doorman.sc.fsapi.com";
    private static final String SCAN_SKIPPED = "2021-11-12 17:53:10.501 [1f00.1f04] .W: FSecure.AntiVirus.Exchange."
            + "Transport.FSMessageScanner: Can't get response from FSSCORE. The following URLs will not be scanned";

    private static List<EndpointEvent> events(String... lines) {
        return LogText.parse(lines).stream().map(ParsedEvent::event).toList();
    }

    @Test
    void shouldMakeOneFailureWithEveryCodeWhenTripletSharesInstantAndThread() {
        List<ParsedEvent> parsed = LogText.parse(CURL_5, STATS_111, WINRPC_111);

        assertThat(parsed).hasSize(1);
        EndpointEvent event = parsed.get(0).event();
        assertThat(event.getKind()).isEqualTo(EventKind.CONNECTION_FAILURE);
        assertThat(event.getErrorCode()).isEqualTo("curl:5");
        assertThat(event.getCurlCode()).isEqualTo(5);
        assertThat(event.getAgentHttpError()).isEqualTo(111);
        assertThat(event.getDurationMs()).isEqualTo(4L);
        assertThat(event.getLineProxy()).isEqualTo("proxy.example.intern");
        assertThat(event.getMessage()).startsWith("handle 0000023C45E27C50 failed with 5");
        assertThat(event.getRawLines()).containsExactly(CURL_5, STATS_111, WINRPC_111);
        assertThat(parsed.get(0).lineCount()).isEqualTo(3);
    }

    @Test
    void shouldSplitAnEntryIntoEventsOfBoundedSizeWhenContinuationLinesNeverEnd() {
        // a binary file matched by a glob: no line is a header, each one would continue the entry before it
        String[] lines = new String[2000];
        lines[0] = SCAN_SKIPPED;
        for (int i = 1; i < lines.length; i++) {
            lines[i] = "\u0001\u00ff garbage " + i;
        }
        List<ParsedEvent> parsed = LogText.parse(lines);

        assertThat(parsed)
                .allSatisfy(p -> assertThat(p.lineCount()).isLessThanOrEqualTo(EntryAssembler.MAX_ENTRY_LINES));
        assertThat(parsed.stream().mapToInt(ParsedEvent::lineCount).sum())
                .as("every line in one event")
                .isEqualTo(2000);
        assertThat(parsed).hasSize(4);
        assertThat(parsed.get(1).event().getKind()).isEqualTo(EventKind.UNPARSED);
    }

    @Test
    void shouldNotGroupWhenSameMillisecondButDifferentThread() {
        List<EndpointEvent> events = events(CURL_5, STATS_111.replace("[15c0.1d1c]", "[15c0.1d1d]"));

        assertThat(events).hasSize(2);
        assertThat(events).allSatisfy(e -> assertThat(e.getRawLines()).isEmpty());
    }

    @Test
    void shouldNotGroupWhenSameThreadButDifferentMillisecond() {
        assertThat(events(CURL_5, STATS_111.replace("30.152", "30.153"))).hasSize(2);
    }

    @Test
    void shouldEmitUnrelatedLineSeparatelyWhenItSharesTheFailuresInstant() {
        List<EndpointEvent> events = events(CURL_5, STATS_111, WINRPC_111, DOORMAN_OK_SAME_INSTANT);

        assertThat(events)
                .extracting(EndpointEvent::getKind)
                .containsExactly(EventKind.CONNECTION_FAILURE, EventKind.CONNECTION_OK);
        assertThat(events.get(0).getRawLines()).hasSize(3);
    }

    @Test
    void shouldStartNewFailureWhenRoleRepeatsAtSameInstant() {
        List<EndpointEvent> events = events(CURL_5, STATS_111, CURL_5, STATS_111, WINRPC_111);

        assertThat(events).hasSize(2);
        assertThat(events.get(0).getRawLines()).containsExactly(CURL_5, STATS_111);
        assertThat(events.get(1).getRawLines()).containsExactly(CURL_5, STATS_111, WINRPC_111);
    }

    @Test
    void shouldNotGroupWhenAgentErrorsDisagree() {
        assertThat(events(STATS_111, WINRPC_111.replace("error 111", "error 201")))
                .hasSize(2);
    }

    @Test
    void shouldNotGroupWhenLinesHaveNoThreadId() {
        assertThat(events(CURL_5.replace("[15c0.1d1c] ", ""), STATS_111.replace("[15c0.1d1c] ", "")))
                .hasSize(2);
    }

    @Test
    void shouldTakeCurlLinesMessageWhenCurlLineComesSecond() {
        List<EndpointEvent> events = events(STATS_111, CURL_5);

        assertThat(events).hasSize(1);
        assertThat(events.get(0).getSource()).isEqualTo("CurlQuery::completeWithStatus");
        assertThat(events.get(0).getRawLines()).containsExactly(STATS_111, CURL_5);
    }

    @Test
    void shouldMakeOneFailureWithWaitCodeAndHostWhenWaitAndConnectShareInstant() {
        List<EndpointEvent> events = events(WAIT_258, CONNECT_TIMEOUT);

        assertThat(events).hasSize(1);
        assertThat(events.get(0).getErrorCode()).isEqualTo("wait:258");
        assertThat(events.get(0).getWaitCode()).isEqualTo(258);
        assertThat(events.get(0).getTargetHost()).isEqualTo("doorman.sc.fsapi.com");
        assertThat(events.get(0).getMessage()).isEqualTo("wait failed: 258");
    }

    @Test
    void shouldNotGroupWhenLinesBelongToDifferentFamilies() {
        assertThat(events(WAIT_258, CURL_5.replace("17:40:30.152", "17:50:11.020")))
                .hasSize(2);
    }

    @Test
    void shouldListContinuationLinesAsUrlsWhenScanWasSkipped() {
        List<ParsedEvent> parsed = LogText.parse(SCAN_SKIPPED, "http://example.com/a", "", "  http://example.com/b\r");

        assertThat(parsed).hasSize(1);
        EndpointEvent event = parsed.get(0).event();
        assertThat(event.getKind()).isEqualTo(EventKind.SCAN_SKIPPED);
        assertThat(event.getUrls()).containsExactly("http://example.com/a", "http://example.com/b");
        assertThat(event.getRawLines())
                .containsExactly(SCAN_SKIPPED, "http://example.com/a", "", "  http://example.com/b");
        assertThat(parsed.get(0).lineCount()).isEqualTo(4);
    }

    @Test
    void shouldNotJoinFailureWhenContinuationCameBetween() {
        assertThat(events(CURL_5, "  detail", STATS_111)).hasSize(2);
    }

    @Test
    void shouldEmitUnparsedWhenContinuationHasNoEntryBeforeIt() {
        List<EndpointEvent> events = events("orphan", "orphan too", CURL_5);

        assertThat(events).hasSize(2);
        assertThat(events.get(0).getKind()).isEqualTo(EventKind.UNPARSED);
        assertThat(events.get(0).getMessage()).isEqualTo("orphan");
        assertThat(events.get(0).getLevel()).isEmpty();
        assertThat(events.get(0).getSource()).isEmpty();
        assertThat(events.get(0).getRawLines()).containsExactly("orphan", "orphan too");
        assertThat(events.get(0).getTimestamp()).isEqualTo(events.get(1).getTimestamp());
    }

    @Test
    void shouldKeepRawLineAndOwnTimeWhenLineIsRejected() {
        String rejected = "2021-11-12 17:41:00.000 [15c0.1d1c I: fs::Service::run: missing bracket";
        List<EndpointEvent> events = events(CURL_5, rejected);

        assertThat(events.get(1).getKind()).isEqualTo(EventKind.UNPARSED);
        assertThat(events.get(1).getRawLines()).containsExactly(rejected);
        assertThat(events.get(1).getTimestamp()).isEqualTo(Instant.parse("2021-11-12T15:41:00Z"));
        assertThat(events.get(1).getPid()).isNull();
    }

    @Test
    void shouldUseClockWhenUnparsedEntryHasNoTimeAndNoneCameBefore() {
        List<EndpointEvent> events = events("only garbage");

        assertThat(events.get(0).getTimestamp()).isEqualTo(LogText.READ_CLOCK.instant());
    }

    @Test
    void shouldHoldLastEntryPendingUntilAnotherEntryStartsOrFlush() {
        List<ParsedEvent> emitted = new ArrayList<>();
        EntryAssembler assembler = new EntryAssembler(LogText.context(LogFile.FSSCORPLUG), emitted::add);
        assertThat(assembler.hasPending()).isFalse();
        assertThat(assembler.pendingStartOffset()).isEmpty();

        assembler.accept(CURL_5, 100, 250);
        assembler.accept(STATS_111, 250, 400);
        assertThat(emitted).isEmpty();
        assertThat(assembler.pendingStartOffset()).hasValue(100);
        assertThat(assembler.pendingLineCount()).isEqualTo(2);

        assembler.accept(DOORMAN_OK_SAME_INSTANT, 400, 520);
        assertThat(emitted).hasSize(1);
        assertThat(emitted.get(0).startOffset()).isEqualTo(100);
        assertThat(emitted.get(0).endOffset()).isEqualTo(400);
        assertThat(emitted.get(0).lineCount()).isEqualTo(2);
        assertThat(assembler.pendingStartOffset()).hasValue(400);

        assembler.flush();
        assembler.flush();
        assertThat(emitted).hasSize(2);
        assertThat(emitted.get(1).startOffset()).isEqualTo(400);
        assertThat(emitted.get(1).endOffset()).isEqualTo(520);
        assertThat(assembler.hasPending()).isFalse();
        assertThat(assembler.pendingLineCount()).isZero();
    }

    @Test
    void shouldBuildEventIdFromEndpointFileAndStartOffset() {
        List<ParsedEvent> emitted = new ArrayList<>();
        EntryAssembler assembler = new EntryAssembler(LogText.context(LogFile.FSSCORPLUG), emitted::add);
        assembler.accept(CURL_5, 4096, 4250);
        assembler.flush();

        assertThat(emitted.get(0).event().getEventId()).isEqualTo("pc-001:f1:4096");
        assertThat(emitted.get(0).event().getEndpointId()).isEqualTo("pc-001");
        assertThat(emitted.get(0).event().getSite()).isEqualTo("hel");
        assertThat(emitted.get(0).event().getProxy()).isEqualTo("proxy.example.intern:3128");
        assertThat(emitted.get(0).event().getProduct()).isEqualTo("Elements EPP for Computers");
        assertThat(emitted.get(0).event().getLogFile()).isEqualTo(LogFile.FSSCORPLUG);
    }

    @Test
    void shouldKeepEntryPendingWhenSinkThrows() {
        List<ParsedEvent> emitted = new ArrayList<>();
        boolean[] fail = {true};
        EntryAssembler assembler = new EntryAssembler(LogText.context(LogFile.FSSCORPLUG), event -> {
            if (fail[0]) {
                throw new IllegalStateException("spool full");
            }
            emitted.add(event);
        });
        assembler.accept(CURL_5, 0, 150);

        assertThatThrownBy(assembler::flush).hasMessage("spool full");
        assertThat(assembler.pendingStartOffset()).hasValue(0);
        fail[0] = false;
        assembler.flush();
        assertThat(emitted).extracting(e -> e.event().getEventId()).containsExactly("pc-001:f1:0");
    }

    @Test
    void shouldConvertLocalTimeWithEndpointZone() {
        ParseContext newYork = new ParseContext(
                "pc-002",
                "nyc",
                "DIRECT",
                "Elements EPP for Servers",
                LogFile.SPPLUG,
                ZoneId.of("America/New_York"),
                "f2");
        List<ParsedEvent> parsed = LogText.parse(newYork, LogText.lines(WAIT_258));

        assertThat(parsed.get(0).event().getTimestamp()).isEqualTo(Instant.parse("2021-11-12T22:50:11.020Z"));
        assertThat(events(WAIT_258).get(0).getTimestamp()).isEqualTo(Instant.parse("2021-11-12T15:50:11.020Z"));
    }

    @Test
    void shouldPlaceSecondPassOfRepeatedHourAfterFirstWhenLogRunsThroughDstEnd() {
        List<EndpointEvent> events = events(
                "2021-10-31 03:50:00.000 [1.2] I: a::b: first pass",
                "2021-10-31 03:59:59.000 [1.2] I: a::b: first pass",
                "2021-10-31 03:00:01.000 [1.2] I: a::b: second pass",
                "2021-10-31 03:30:00.000 [1.2] I: a::b: second pass",
                "2021-10-31 04:00:00.000 [1.2] I: a::b: after");

        assertThat(events)
                .extracting(EndpointEvent::getTimestamp)
                .containsExactly(
                        Instant.parse("2021-10-31T00:50:00Z"),
                        Instant.parse("2021-10-31T00:59:59Z"),
                        Instant.parse("2021-10-31T01:00:01Z"),
                        Instant.parse("2021-10-31T01:30:00Z"),
                        Instant.parse("2021-10-31T02:00:00Z"));
    }
}
