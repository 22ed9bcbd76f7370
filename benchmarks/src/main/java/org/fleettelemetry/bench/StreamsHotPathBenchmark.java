package org.fleettelemetry.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.streams.domain.FailureWindow;
import org.fleettelemetry.streams.serde.EndpointEventReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two of the streams app's per-event paths, each against what it replaced (issue #15, session 17), on the same data:
 * <ul>
 *   <li>decoding an event's Avro body (the bench's event mix, the app's own schema): Avro's reader, which the
 *       deserializer used for every record, against {@link EndpointEventReader}, which it now uses for the events'
 *       own layout;
 *   <li>the site stage merging a flushed failure sum (3 endpoints) into a stored window of 500 endpoints: through a
 *       {@link FailureWindow.Tally} (hash the stored ids, sort them back), as before, against {@link
 *       FailureWindow#merge} now.
 * </ul>
 * No registry and no Kafka: {@code java -jar benchmarks.jar StreamsHotPathBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class StreamsHotPathBenchmark {
    static final int RECORDS = 1024;

    private byte[][] bodies;
    private int next;
    private BinaryDecoder decoder;
    private SpecificDatumReader<EndpointEvent> avro;
    private EndpointEventReader hand;
    private FailureWindow stored;
    private FailureWindow sum;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        EndpointEvent[] events =
                new EventMix(200, 4, 7L, LocalDateTime.of(2026, 12, 7, 12, 0), ZoneId.of("UTC")).take(RECORDS);
        SpecificData model = SpecificData.getForClass(EndpointEvent.class);
        SpecificDatumWriter<EndpointEvent> writer = new SpecificDatumWriter<>(EndpointEvent.getClassSchema(), model);
        bodies = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(events[i], encoder);
            encoder.flush();
            bodies[i] = out.toByteArray();
        }
        avro = new SpecificDatumReader<>(EndpointEvent.getClassSchema(), EndpointEvent.getClassSchema(), model);
        hand = new EndpointEventReader();

        TreeSet<String> ids = new TreeSet<>();
        for (int i = 0; i < 500; i++) {
            ids.add(String.format("site-049-pc-%04d", i * 2));
        }
        stored = new FailureWindow(
                "site-049",
                "proxy.site-049.example:3128",
                "curl:28",
                "TIMEOUT",
                2_000,
                ids,
                false,
                1_796_659_000_000L,
                1_796_659_059_000L,
                List.of("doorman.sc.fsapi.com"),
                List.of("curl: (28) timeout"));
        TreeSet<String> few = new TreeSet<>(List.of("site-049-pc-0007", "site-049-pc-0100", "site-049-pc-0513"));
        sum = new FailureWindow(
                "site-049",
                "proxy.site-049.example:3128",
                "curl:28",
                "TIMEOUT",
                4,
                few,
                false,
                1_796_659_030_000L,
                1_796_659_031_000L,
                new ArrayList<>(List.of("doorman.sc.fsapi.com")),
                List.of());
    }

    private byte[] nextBody() {
        byte[] body = bodies[next];
        next = (next + 1) & (RECORDS - 1);
        return body;
    }

    @Benchmark
    public EndpointEvent decodeWithAvrosReader() throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(nextBody(), decoder);
        return avro.read(null, decoder);
    }

    @Benchmark
    public EndpointEvent decodeWithEndpointEventReader() throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(nextBody(), decoder);
        return hand.read(decoder);
    }

    @Benchmark
    public FailureWindow mergeThroughATally() {
        FailureWindow.Tally tally = new FailureWindow.Tally(stored);
        tally.merge(sum);
        return tally.build();
    }

    @Benchmark
    public FailureWindow mergeFromTheSortedSet() {
        return FailureWindow.merge(stored, sum);
    }
}
