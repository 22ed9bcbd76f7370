package org.fleettelemetry.streams.serde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.SystemLimitException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.avro.ProbeResult;
import org.fleettelemetry.schemas.serde.AvroDeserializer;

/**
 * The Avro body of an {@link EndpointEvent} written with the class's own schema, decoded field by field in the
 * schema's order into the same object Avro's reader builds (the topology's input deserializer uses it for writers of
 * exactly that layout; any other version goes through Avro's resolving reader). Avro's reader was 10 % of the stream
 * thread in a storm (async-profiler, 2026-12-07): a lambda per field, boxing through {@code put(int, Object)}, the
 * timestamp's conversion looked up per record. The nested probe result, rare (the collector's active probe), is left
 * to Avro's reader for that record type. {@code EndpointEventReaderTest} holds it to Avro's output on random events.
 *
 * <p>A new field in the schema changes its layout, so records of the new schema stop matching and go through Avro's
 * reader until this class reads the field too (the test fails first: it compares every field).
 */
public final class EndpointEventReader implements AvroDeserializer.BodyReader<EndpointEvent> {
    private static final LogFile[] LOG_FILES = LogFile.values();
    private static final EventKind[] KINDS = EventKind.values();

    private final SpecificDatumReader<ProbeResult> probes = new SpecificDatumReader<>(
            ProbeResult.getClassSchema(), ProbeResult.getClassSchema(), SpecificData.getForClass(ProbeResult.class));

    @Override
    public EndpointEvent read(BinaryDecoder in) throws IOException {
        String eventId = in.readString();
        String endpointId = in.readString();
        byte[] scratch = SCRATCH.get();
        String site = recurring(in, scratch);
        String proxy = recurring(in, scratch);
        String product = recurring(in, scratch);
        LogFile logFile = symbol(LOG_FILES, in.readEnum(), "logFile");
        Instant timestamp = Instant.ofEpochMilli(in.readLong());
        Integer pid = present(in, "pid") ? in.readInt() : null;
        Integer tid = present(in, "tid") ? in.readInt() : null;
        String level = recurring(in, scratch);
        String source = recurring(in, scratch);
        String message = in.readString();
        EventKind kind = symbol(KINDS, in.readEnum(), "kind");
        String errorCode = present(in, "errorCode") ? recurring(in, scratch) : null;
        Integer curlCode = present(in, "curlCode") ? in.readInt() : null;
        Integer agentHttpError = present(in, "agentHttpError") ? in.readInt() : null;
        Integer fserr = present(in, "fserr") ? in.readInt() : null;
        Integer waitCode = present(in, "waitCode") ? in.readInt() : null;
        String targetHost = present(in, "targetHost") ? recurring(in, scratch) : null;
        String lineProxy = present(in, "lineProxy") ? recurring(in, scratch) : null;
        Long durationMs = present(in, "durationMs") ? in.readLong() : null;
        String objectSha1 = present(in, "objectSha1") ? in.readString() : null;
        List<String> urls = strings(in);
        List<String> rawLines = strings(in);
        Long endOffset = present(in, "endOffset") ? in.readLong() : null;
        ProbeResult probe = present(in, "probe") ? probes.read(null, in) : null;
        return new EndpointEvent(
                eventId,
                endpointId,
                site,
                proxy,
                product,
                logFile,
                timestamp,
                pid,
                tid,
                level,
                source,
                message,
                kind,
                errorCode,
                curlCode,
                agentHttpError,
                fserr,
                waitCode,
                targetHost,
                lineProxy,
                durationMs,
                objectSha1,
                urls,
                rawLines,
                endOffset,
                probe);
    }

    /**
     * A string field whose values are few and repeat from event to event (site, proxy, product, level, source, error
     * code, hosts): the String decoded last time for the same bytes, if the table still has it. Saves the decoding and
     * the two allocations of each, and hands the same object to {@code SharedStrings} (an identity hit there) and the
     * codecs' string tables. Bounded (a slot per hash), so input with many distinct values only misses more; an entry
     * is an immutable pair, so threads sharing the table (stream threads share the reader) see whole entries or none.
     */
    private String recurring(BinaryDecoder in, byte[] scratch) throws IOException {
        // the checks and limit Avro's own readString applies (negative, or past
        // org.apache.avro.limits.string.maxLength)
        int n = SystemLimitException.checkMaxStringLength(in.readLong());
        if (n > scratch.length) {
            // longer than any recurring value: decoded as Avro decodes any string
            byte[] bytes = new byte[n];
            in.readFixed(bytes, 0, n);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        in.readFixed(scratch, 0, n);
        int hash = 1;
        for (int i = 0; i < n; i++) {
            hash = 31 * hash + scratch[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (TABLE_SIZE - 1);
        Known known = table[slot];
        if (known != null && Arrays.equals(known.bytes, 0, known.bytes.length, scratch, 0, n)) {
            return known.text;
        }
        byte[] bytes = Arrays.copyOf(scratch, n);
        String text = new String(bytes, StandardCharsets.UTF_8);
        table[slot] = new Known(bytes, text);
        return text;
    }

    private static final int TABLE_SIZE = 1024;
    /** The longest value {@link #recurring} keeps. */
    private static final int MAX_RECURRING = 256;

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[MAX_RECURRING]);
    private final Known[] table = new Known[TABLE_SIZE];

    private record Known(byte[] bytes, String text) {}

    /** A {@code ["null", T]} union's branch: false for null, true for the value that follows. */
    private static boolean present(BinaryDecoder in, String field) throws IOException {
        int branch = in.readIndex();
        if (branch == 0) {
            return false;
        }
        if (branch == 1) {
            return true;
        }
        throw new AvroRuntimeException("union branch " + branch + " of field " + field + " is not in [null, value]");
    }

    private static <E> E symbol(E[] symbols, int index, String field) {
        if (index < 0 || index >= symbols.length) {
            throw new AvroRuntimeException(
                    "enum index " + index + " of field " + field + " is not one of its " + symbols.length + " symbols");
        }
        return symbols[index];
    }

    /** An array of strings, in Avro's blocks; an empty one is an empty list, as Avro's reader gives. */
    private static List<String> strings(BinaryDecoder in) throws IOException {
        long n = in.readArrayStart();
        List<String> values = new ArrayList<>(n > 0 && n < 1024 ? (int) n : 0);
        while (n > 0) {
            for (long i = 0; i < n; i++) {
                values.add(in.readString());
            }
            n = in.arrayNext();
        }
        return values;
    }
}
