package org.fleettelemetry.stack.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.fleettelemetry.stack.KafkaBroker;
import org.fleettelemetry.stack.LocalStack;
import org.fleettelemetry.stack.StackHome;

/**
 * A {@link KafkaStack} on the local stack's child JVMs: the extension's single broker, or a cluster a test starts
 * for itself ({@link #start(Path, int)}) to stop, kill and restart its brokers one at a time.
 */
public final class LocalKafkaStack implements KafkaStackExtension.CloseableStack {
    private final LocalStack stack;

    LocalKafkaStack(LocalStack stack) {
        this.stack = stack;
    }

    /** Starts {@code brokers} brokers (one KRaft cluster when more than one) and a registry, all state under {@code dir}. */
    public static LocalKafkaStack start(Path dir, int brokers) {
        LocalStack stack = LocalStack.create(StackHome.locate(), dir, brokers, 0, 0);
        try {
            stack.start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting the local stack (" + brokers + " brokers) failed", e);
        }
        return new LocalKafkaStack(stack);
    }

    public LocalStack stack() {
        return stack;
    }

    public int brokerCount() {
        return stack.brokers().size();
    }

    /** The broker with KRaft node id {@code nodeId} (1, 2, ...). */
    public KafkaBroker broker(int nodeId) {
        return stack.brokers().stream()
                .filter(b -> b.node().nodeId() == nodeId)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "no broker " + nodeId + " in " + stack.brokers().size()));
    }

    /** A clean stop of one broker (controlled shutdown: its leaderships move first). */
    public void stopBroker(int nodeId) {
        broker(nodeId).stop();
    }

    /** SIGKILL of one broker's JVM: a crash, its leaderships move only once the controller fences it. */
    public void killBroker(int nodeId) {
        broker(nodeId).kill();
    }

    /** Starts one stopped or killed broker again with its data, and waits until it is a live broker again. */
    public void startBroker(int nodeId) {
        try {
            stack.startBroker(broker(nodeId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String bootstrapServers() {
        return stack.bootstrapServers();
    }

    @Override
    public String saslBootstrapServers() {
        return stack.saslBootstrapServers();
    }

    @Override
    public String registryUrl() {
        return stack.registry().url();
    }

    /** Stops every broker: Kafka is away (their data is kept). */
    @Override
    public void stopBroker() {
        stack.brokers().forEach(KafkaBroker::stop);
    }

    /** Starts every stopped broker again on the same addresses. */
    @Override
    public void startBroker() {
        try {
            stack.startBrokers();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stopRegistry() {
        stack.registry().stop();
    }

    @Override
    public void startRegistry() {
        try {
            stack.registry().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean supportsFaults() {
        return true;
    }

    @Override
    public int replicationFactor() {
        return stack.replicationFactor();
    }

    @Override
    public int minInsyncReplicas() {
        return stack.minInsyncReplicas();
    }

    @Override
    public void close() {
        stack.close();
        try {
            LocalStack.clean(stack.dir());
        } catch (IOException | RuntimeException e) {
            // a leftover temp folder is harmless; the processes are what must not leak
        }
    }
}
