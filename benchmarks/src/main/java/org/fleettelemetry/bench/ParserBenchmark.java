package org.fleettelemetry.bench;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.fleettelemetry.collector.parse.EntryAssembler;
import org.fleettelemetry.collector.parse.ParseContext;
import org.fleettelemetry.schemas.avro.LogFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole parser on one thread: grammar, classifier and assembler turning a realistic mix of lines
 * ({@link LogLineGenerator}) into EndpointEvents, handed to a Blackhole. One op = one line, so the score
 * is lines/s. Target: at least 2 M lines/s on one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dlogback.configurationFile=bench-logback.xml"})
public class ParserBenchmark {
    static final int LINES = 100_000;
    static final long SEED = 20211112L;

    private String[] lines;
    private ParseContext context;

    @Setup
    public void setUp() {
        lines = new LogLineGenerator(SEED, LocalDateTime.of(2021, 11, 12, 17, 40)).take(LINES);
        context = new ParseContext(
                "hel-pc-001",
                "hel",
                "proxy.example.intern:3128",
                "Elements EPP for Computers",
                LogFile.FSSCORPLUG,
                ZoneId.of("Europe/Helsinki"),
                "f1");
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long parseLines(Blackhole events) {
        EntryAssembler assembler = new EntryAssembler(context, events::consume);
        long offset = 0;
        for (String line : lines) {
            long end = offset + line.length() + 1;
            assembler.accept(line, offset, end);
            offset = end;
        }
        assembler.flush();
        return offset;
    }
}
