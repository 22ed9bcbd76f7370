package org.fleettelemetry.stack.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return extensionContext
                .getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack", key -> startStack(), CloseableStack.class);
    }

    private static CloseableStack startStack() {
        if ("testcontainers".equalsIgnoreCase(System.getProperty("it.kafka", ""))) {
            return ContainerStack.start();
        }
        try {
            return LocalKafkaStack.start(
                    Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "it-stack-"), 1);
        } catch (IOException e) {
            throw new UncheckedIOException("starting the local stack for the ITs failed", e);
        }
    }

    /** A stack the root extension store closes when every test of the JVM has run. */
    interface CloseableStack extends KafkaStack, ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        void close();
    }
}
