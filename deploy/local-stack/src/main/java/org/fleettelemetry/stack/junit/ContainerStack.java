package org.fleettelemetry.stack.junit;

import java.time.Duration;
import org.fleettelemetry.stack.RegistryServer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same {@link KafkaStack} on Docker: the {@code apache/kafka} image and Apicurio Registry's image,
 * for users who have a Docker engine ({@code -Dit.kafka=testcontainers}). Fault injection (stopping
 * the broker) is not offered here; tests that need it are skipped through {@link #supportsFaults()}.
 */
final class ContainerStack implements KafkaStackExtension.CloseableStack {
    static final String KAFKA_IMAGE = System.getProperty("it.kafka.image", "apache/kafka:4.1.0");
    static final String REGISTRY_IMAGE = System.getProperty("it.registry.image", "apicurio/apicurio-registry:3.0.9");

    private final Network network;
    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;

    private ContainerStack(Network network, KafkaContainer kafka, GenericContainer<?> registry) {
        this.network = network;
        this.kafka = kafka;
        this.registry = registry;
    }

    @SuppressWarnings("resource") // closed in close()
    static ContainerStack start() {
        Network network = Network.newNetwork();
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE)).withNetwork(network);
        GenericContainer<?> registry = new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
                .withNetwork(network)
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/apis/ccompat/v7/subjects").forStatusCode(200))
                .withStartupTimeout(Duration.ofMinutes(3));
        kafka.start();
        registry.start();
        ContainerStack stack = new ContainerStack(network, kafka, registry);
        try {
            RegistryServer.setGlobalCompatibility(stack.registryUrl(), "BACKWARD");
        } catch (java.io.IOException e) {
            stack.close();
            throw new java.io.UncheckedIOException(e);
        }
        return stack;
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String saslBootstrapServers() {
        throw new UnsupportedOperationException("no SASL listener on the container stack");
    }

    @Override
    public String registryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8080) + "/apis/ccompat/v7";
    }

    @Override
    public void stopBroker() {
        throw new UnsupportedOperationException("fault injection needs the local stack");
    }

    @Override
    public void startBroker() {
        throw new UnsupportedOperationException("fault injection needs the local stack");
    }

    @Override
    public void stopRegistry() {
        throw new UnsupportedOperationException("fault injection needs the local stack");
    }

    @Override
    public void startRegistry() {
        throw new UnsupportedOperationException("fault injection needs the local stack");
    }

    @Override
    public boolean supportsFaults() {
        return false;
    }

    @Override
    public void close() {
        registry.stop();
        kafka.stop();
        network.close();
    }
}
