package org.fleettelemetry.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * The few harness classes that run inside the collector's JVM ({@link CollectorShipChild} and what it uses),
 * in a jar of their own, so that JVM runs on the collector's own jar as deployed. On the harness's jar it
 * also kept that jar's 24,000-entry index: 2.6 MiB of a 24 MiB heap, which the collector does not carry.
 */
final class ChildJar {
    private static final List<Class<?>> CLASSES =
            List.of(CollectorShipChild.class, EncodeOnlyProducer.class, Machine.class, ProcStat.class);

    private ChildJar() {}

    /** Writes the jar (the classes and their nested classes) and returns its path. */
    static Path write(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            for (Class<?> type : CLASSES) {
                ClassLoader loader = type.getClassLoader();
                String name = type.getName().replace('.', '/');
                copy(loader, name + ".class", out);
                for (Class<?> nested : type.getDeclaredClasses()) {
                    copy(loader, nested.getName().replace('.', '/') + ".class", out);
                }
                // anonymous classes: Name$1, Name$2, ... (getDeclaredClasses does not list them)
                for (int i = 1; loader.getResource(name + "$" + i + ".class") != null; i++) {
                    copy(loader, name + "$" + i + ".class", out);
                }
            }
        }
        return jar;
    }

    private static void copy(ClassLoader loader, String entry, JarOutputStream out) throws IOException {
        try (InputStream in = loader.getResourceAsStream(entry)) {
            if (in == null) {
                throw new IOException("class file " + entry + " not found on the harness's class path");
            }
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
