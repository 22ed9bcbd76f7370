package org.fleettelemetry.collector.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.fleettelemetry.collector.parse.ParsedLine.Header;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.stack.junit.FaultReport;
import org.junit.jupiter.api.Test;

/**
 * Mutates the lines of docs/agent-logs.md at random (fixed seed, printed; override with -Dparser.seed=N) and checks that
 * nothing throws and that every input line is in exactly one event: the events tile the input's offsets,
 * and the lines each event shows (its rawLines, or its one line checked against its message) are, as a
 * multiset, the input lines.
 */
class ParserRandomizedTest {

    /** The fault suite ({@code bench/faults}) asks for 1M with {@code -Dparser.mutations}. */
    private static final int LINES = Integer.getInteger("parser.mutations", 150_000);

    private static final String PUNCTUATION = ":[]. -'()\r\n\uFEFF";

    static final List<String> SPEC_LINES = List.of(
            "2021-11-12 17:40:30.152 [15c0.1d1c] .W: CurlQuery::completeWithStatus: handle 0000023C45E27C50 failed with 5: Couldn't resolve proxy: proxy.example.intern",
            "2021-11-12 17:40:30.152 [15c0.1d1c] .W: fs::xrssdk::HTTPQueryTask::update_http_stats: http error 111 (5) for http task 0000023C45E9AC20, time 4 ms",
            "2021-11-12 17:40:30.152 [15c0.1d1c] .W: ipc_impl::on_async_complete_ex: winrpc call completed with error 111",
            "2021-11-12 17:40:31.751 [15c0.1d1c] I: fs::xrssdk::DoormanCache::update: doorman cooldown is off, ttl: 15, fserr: 0",
            "2021-11-12 17:43:02.424 [15c0.1d1c] .W: CurlQuery::completeWithStatus: handle 0000023C468C1D90 failed with 28: Operation timed out after 1006 milliseconds with 0 bytes received",
            "2021-11-12 17:43:02.424 [15c0.1d1c] .W: fs::xrssdk::HTTPQueryTask::update_http_stats: http error 201 (28) for http task 0000023C45E76790, time 1006 ms",
            "2021-11-12 17:43:02.424 [15c0.1d1c] .W: ipc_impl::on_async_complete_ex: winrpc call completed with error 201",
            "2021-11-12 17:48:02.964 [15c0.1fe8] I: ipc_impl::stopRpcServer: MSRPC server stopped",
            "2021-11-12 17:50:11.020 [15c0.1d1c] .W: fs::rs::WinSocket::Impl::waitForConnection: wait failed: 258",
            "2021-11-12 17:50:11.020 [15c0.1d1c] .W: fs::rs::WinSocket::Impl::connect: connection timeout: doorman.sc.fsapi.com",
            "2021-11-12 17:51:00.001 [0a10.0b20] .W: Filter2::ContentFilter2State::ReplyDriverMessage: failed to reply to message 2222",
            "2021-11-12 17:52:03.100 [0c44.0d10] .W: SecurityCloud::Query: ORSP failed for 0dac68816ae7c09efc24d11c27c3274dfd147dee (0, 0)",
            "2021-11-12 17:52:03.101 [0c44.0d10] .W: SecurityCloud::Query: Too many consecutive ORSP failures, further failure logs are suppressed",
            "2021-11-12 17:52:06.117 [0c44.0d10] .W: SecurityCloud::Query: ORSP query took 3016 ms",
            "2021-11-12 17:53:10.500 [1f00.1f04] .W: FSecure.Ess.Fsscore.Client: FSSCORE query for URL('http://schemas.microsoft.com/office/2004/12/xxxx') failed. Error = Timeout",
            "2021-11-12 17:53:10.501 [1f00.1f04] .W: FSecure.AntiVirus.Exchange.Transport.FSMessageScanner: Can't get response from FSSCORE. The following URLs will not be scanned",
            "http://example.com/a",
            "http://example.com/b",
            "2021-10-31 03:30:00.000 [1.2] I: a::b: inside Helsinki's repeated hour",
            "2021-03-28 03:30:00.000 [1.2] I: a::b: inside Helsinki's gap");

    @Test
    void shouldEmitEveryLineExactlyOnceAndNeverThrowWhenLinesAreMutatedAtRandom() {
        long seed = Long.getLong("parser.seed", 7_340_032L);
        System.out.println("ParserRandomizedTest seed " + seed + " (rerun with -Dparser.seed=" + seed + ")");
        Random random = new Random(seed);
        List<LogText.Line> input = new ArrayList<>(LINES);
        long offset = 0;
        String previous = SPEC_LINES.get(0);
        for (int i = 0; i < LINES; i++) {
            String line = mutate(random, previous);
            previous = line;
            long end = offset + line.length() + 1;
            input.add(new LogText.Line(line, offset, end));
            offset = end;
        }

        List<String> thrown = new ArrayList<>();
        for (LogText.Line line : input) {
            try {
                ParsedLine parsed = LineGrammar.parse(line.text());
                if (parsed instanceof Header header) {
                    MessageClassifier.classify(header.source(), header.message());
                }
            } catch (RuntimeException e) {
                thrown.add(e + " on " + line);
            }
        }
        assertThat(thrown).as("exceptions from the grammar or the classifier").isEmpty();
        List<ParsedEvent> events = LogText.parse(LogText.context(LogFile.FSSCORPLUG), input);

        // Plain checks in the loop (AssertJ per event would dominate the run time), one assertion after.
        List<String> violations = new ArrayList<>();
        Map<String, Integer> expected = new HashMap<>();
        Map<String, Integer> found = new HashMap<>();
        Map<EventKind, Integer> kinds = new TreeMap<>();
        Set<String> eventIds = new HashSet<>();
        int next = 0;
        for (ParsedEvent parsed : events) {
            EndpointEvent event = parsed.event();
            kinds.merge(event.getKind(), 1, Integer::sum);
            if (parsed.lineCount() < 1 || next + parsed.lineCount() > input.size()) {
                violations.add("bad line count " + parsed);
                break;
            }
            List<String> covered = new ArrayList<>();
            for (int k = next; k < next + parsed.lineCount(); k++) {
                covered.add(normalise(input.get(k).text()));
            }
            if (parsed.startOffset() != input.get(next).startOffset()
                    || parsed.endOffset()
                            != input.get(next + parsed.lineCount() - 1).endOffset()) {
                violations.add("offsets do not match lines " + next + ".. : " + parsed);
            }
            next += parsed.lineCount();
            if (!eventIds.add(event.getEventId())) {
                violations.add("duplicate eventId " + event.getEventId());
            }
            List<String> shown;
            if (!event.getRawLines().isEmpty()) {
                shown = event.getRawLines();
                if (!shown.equals(covered)) {
                    violations.add("rawLines " + shown + " are not the lines " + covered);
                }
            } else {
                shown = covered;
                String line = covered.get(0);
                if (event.getKind() == EventKind.UNPARSED
                        || parsed.lineCount() != 1
                        || !line.endsWith(event.getMessage())
                        || !line.contains(event.getLevel() + ":")) {
                    violations.add("event without rawLines does not show its line " + line + ": " + event);
                }
            }
            shown.forEach(line -> found.merge(line, 1, Integer::sum));
        }
        System.out.println("ParserRandomizedTest " + input.size() + " lines, " + events.size() + " events " + kinds);
        input.forEach(line -> expected.merge(normalise(line.text()), 1, Integer::sum));
        long lost = 0;
        long duplicated = 0;
        for (String line : union(expected.keySet(), found.keySet())) {
            int difference = found.getOrDefault(line, 0) - expected.getOrDefault(line, 0);
            lost += Math.max(0, -difference);
            duplicated += Math.max(0, difference);
        }
        new FaultReport(
                        String.format("parser, %,d mutated lines", input.size()),
                        input.size(),
                        events.size(),
                        duplicated,
                        lost,
                        0,
                        "lines in, events out; lost and duplicates: input lines no event shows, or shows " + "twice; "
                                + thrown.size() + " exceptions; seed " + seed)
                .publish();
        assertThat(violations).isEmpty();
        assertThat(next).as("every input line is in an event").isEqualTo(input.size());
        assertThat(found).isEqualTo(expected);
        assertThat(kinds).containsKeys(EventKind.values());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** What the parser keeps of a line: without a leading BOM and a trailing CR (encoding artefacts). */
    private static String normalise(String line) {
        String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static String mutate(Random random, String previous) {
        int choice = random.nextInt(100);
        if (choice < 15) {
            return SPEC_LINES.get(random.nextInt(SPEC_LINES.size()));
        }
        if (choice < 22) {
            return previous;
        }
        if (choice < 25) {
            return "";
        }
        if (choice == 25 && random.nextInt(20) == 0) {
            return veryLong(random);
        }
        String line = SPEC_LINES.get(random.nextInt(SPEC_LINES.size()));
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            line = mutateOnce(random, line);
        }
        return line;
    }

    private static String mutateOnce(Random random, String line) {
        int at = line.isEmpty() ? 0 : random.nextInt(line.length());
        switch (random.nextInt(9)) {
            case 0:
                return line.substring(0, at);
            case 1:
                return line.isEmpty() ? line : line.substring(0, at) + line.charAt(at) + line.substring(at);
            case 2:
                return line.substring(0, at) + randomText(random, 1 + random.nextInt(5)) + line.substring(at);
            case 3:
                return line.isEmpty() ? line : line.substring(0, at) + randomText(random, 1) + line.substring(at + 1);
            case 4:
                return swapFields(random, line);
            case 5:
                return "\uFEFF" + line;
            case 6:
                return line + "\r";
            case 7:
                return line.replace(random.nextBoolean() ? "[15c0.1d1c] " : ": ", random.nextBoolean() ? "" : ":");
            default:
                return line.substring(at) + line.substring(0, at);
        }
    }

    private static String swapFields(Random random, String line) {
        String[] fields = line.split(" ", -1);
        if (fields.length < 2) {
            return line;
        }
        int a = random.nextInt(fields.length);
        int b = random.nextInt(fields.length);
        String swap = fields[a];
        fields[a] = fields[b];
        fields[b] = swap;
        return String.join(" ", fields);
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append((char) random.nextInt(0x20));
                case 1 -> text.append((char) random.nextInt(0x10000));
                case 2 -> text.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
                case 3 -> text.append((char) ('0' + random.nextInt(10)));
                case 4 -> text.appendCodePoint(0x1F600 + random.nextInt(50));
                default -> text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }

    private static String veryLong(Random random) {
        StringBuilder text = new StringBuilder(SPEC_LINES.get(random.nextInt(SPEC_LINES.size())));
        while (text.length() < 200_000) {
            text.append(" ").append(randomText(random, 20)).append(": ");
        }
        return text.toString();
    }
}
