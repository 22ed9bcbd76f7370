package org.fleettelemetry.stack.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fleettelemetry.stack.LocalStack;
import org.fleettelemetry.stack.StackHome;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a {@link KafkaStack}: by default the local stack's real KRaft broker and real Apicurio
 * Registry as child JVMs (no Docker), started once per test JVM and stopped when the JVM's tests end.
 * With {@code -Dit.kafka=testcontainers} and a Docker engine, the same tests run on containers
 * ({@link ContainerStack}). Use with {@code @ExtendWith(KafkaStackExtension.class)} and a {@code
 * KafkaStack} parameter.
 */
public final class KafkaStackExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return extensionContext.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack", key -> startStack(), CloseableStack.class);
    }

    private static CloseableStack startStack() {
        if ("testcontainers".equalsIgnoreCase(System.getProperty("it.kafka", ""))) {
            return ContainerStack.start();
        }
        try {
            Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "it-stack-");
            LocalStack stack = LocalStack.create(StackHome.locate(), dir, 0, 0);
            stack.start();
            return new ProcessStack(stack);
        } catch (IOException e) {
            throw new UncheckedIOException("starting the local stack for the ITs failed", e);
        }
    }

    /** A stack the root extension store closes when every test of the JVM has run. */
    interface CloseableStack extends KafkaStack, ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        void close();
    }

    private static final class ProcessStack implements CloseableStack {
        private final LocalStack stack;

        ProcessStack(LocalStack stack) {
            this.stack = stack;
        }

        @Override
        public String bootstrapServers() {
            return stack.broker().bootstrapServers();
        }

        @Override
        public String saslBootstrapServers() {
            return stack.broker().saslBootstrapServers();
        }

        @Override
        public String registryUrl() {
            return stack.registry().url();
        }

        @Override
        public void stopBroker() {
            stack.broker().stop();
        }

        @Override
        public void startBroker() {
            try {
                stack.broker().start();
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
        public void close() {
            stack.close();
            try {
                LocalStack.clean(stack.dir());
            } catch (IOException | RuntimeException e) {
                // a leftover temp folder is harmless; the processes are what must not leak
            }
        }
    }
}
