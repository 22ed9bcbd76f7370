package org.fleettelemetry.bench;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import org.fleettelemetry.schemas.serde.AvroSerializer;
import org.fleettelemetry.stack.RegistryServer;
import org.fleettelemetry.stack.StackHome;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steady-state serialize and deserialize of realistic EndpointEvents (from {@link EventMix}): our
 * Confluent-compatible serde against Apicurio's own Kafka serde, on the same records and the same real
 * Apicurio registry. Both register the schema in set-up and cache its id, so no registry call is timed.
 * The registry is started here (a child JVM) unless {@code -Dregistry.url=http://host:port} points at one.
 * Apicurio's serde is set to write the id in the payload (headers off), as ours does, so both produce
 * magic byte + 4-byte id + Avro binary.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dlogback.configurationFile=bench-logback.xml"})
public class SerdeBenchmark {
    static final String TOPIC = "fleet.endpoint-events.v1";
    static final int RECORDS = 1024;

    private RegistryServer registry;
    private Path registryDir;
    private EndpointEvent[] events;
    private byte[][] oursBytes;
    private byte[][] apicurioBytes;
    private int next;

    private AvroSerializer<EndpointEvent> oursSerializer;
    private AvroDeserializer<EndpointEvent> oursDeserializer;
    private AvroKafkaSerializer<EndpointEvent> apicurioSerializer;
    private AvroKafkaDeserializer<EndpointEvent> apicurioDeserializer;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        RegistryAddress address = registry();
        events = new EventMix(200, 4, 7L, LocalDateTime.now(ZoneId.of("UTC")).minusHours(1), ZoneId.of("UTC"))
                .take(RECORDS);

        Map<String, Object> ours = Map.of("schema.registry.url", address.ccompat());
        oursSerializer = new AvroSerializer<>();
        oursSerializer.configure(ours, false);
        oursDeserializer = AvroDeserializer.specific(EndpointEvent.class);
        oursDeserializer.configure(ours, false);

        Map<String, Object> apicurio = new HashMap<>();
        apicurio.put(SerdeConfig.REGISTRY_URL, address.nativeV3());
        apicurio.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        apicurio.put(KafkaSerdeConfig.ENABLE_HEADERS, false);
        apicurio.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        apicurioSerializer = new AvroKafkaSerializer<>();
        apicurioSerializer.configure(apicurio, false);
        apicurioDeserializer = new AvroKafkaDeserializer<>();
        apicurioDeserializer.configure(apicurio, false);

        // registers (or finds) the schema with each serde and fills their id caches
        oursBytes = new byte[RECORDS][];
        apicurioBytes = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            oursBytes[i] = oursSerializer.serialize(TOPIC, events[i]);
            apicurioBytes[i] = apicurioSerializer.serialize(TOPIC, events[i]);
            requireSame(events[i], oursDeserializer.deserialize(TOPIC, oursBytes[i]), "ours");
            requireSame(events[i], apicurioDeserializer.deserialize(TOPIC, apicurioBytes[i]), "Apicurio's");
        }
    }

    private RegistryAddress registry() throws IOException {
        String given = System.getProperty("registry.url");
        if (given != null && !given.isBlank()) {
            return RegistryAddress.of(given);
        }
        registryDir = Files.createTempDirectory("serde-bench-registry");
        registry = RegistryServer.onFreePorts(StackHome.locate(), registryDir);
        registry.start();
        return RegistryAddress.of(registry.url());
    }

    private static void requireSame(EndpointEvent expected, EndpointEvent actual, String serde) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(
                    serde + " serde did not read back what it wrote: " + expected + " vs " + actual);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        oursSerializer.close();
        oursDeserializer.close();
        apicurioSerializer.close();
        apicurioDeserializer.close();
        if (registry != null) {
            registry.stop();
        }
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (RECORDS - 1);
        return i;
    }

    @Benchmark
    public byte[] serializeOurs() {
        return oursSerializer.serialize(TOPIC, events[nextIndex()]);
    }

    @Benchmark
    public byte[] serializeApicurio() {
        return apicurioSerializer.serialize(TOPIC, events[nextIndex()]);
    }

    @Benchmark
    public EndpointEvent deserializeOurs() {
        return oursDeserializer.deserialize(TOPIC, oursBytes[nextIndex()]);
    }

    @Benchmark
    public EndpointEvent deserializeApicurio() {
        return apicurioDeserializer.deserialize(TOPIC, apicurioBytes[nextIndex()]);
    }
}
