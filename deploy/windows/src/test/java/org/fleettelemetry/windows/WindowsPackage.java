package org.fleettelemetry.windows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The built collector-windows zip, read by its paths below the zip's top folder. */
final class WindowsPackage implements AutoCloseable {
    private final ZipFile zip;
    private final String root;

    private WindowsPackage(ZipFile zip, String root) {
        this.zip = zip;
        this.root = root;
    }

    /** The zip this module's build wrote (system properties set by its pom). */
    static WindowsPackage built() throws IOException {
        return new WindowsPackage(new ZipFile(property("windows.zip")), property("windows.zip.root") + "/");
    }

    /** Entry paths below the top folder, such as {@code install.ps1} or {@code runtime/bin/java.exe}. */
    List<String> paths() {
        return zip.stream()
                .map(ZipEntry::getName)
                .filter(n -> n.startsWith(root))
                .map(n -> n.substring(root.length()))
                .filter(n -> !n.isEmpty())
                .toList();
    }

    /** Names outside the top folder: a zip that unpacks into the current folder is a mess on a desktop. */
    List<String> strayPaths() {
        return zip.stream()
                .map(ZipEntry::getName)
                .filter(n -> !n.startsWith(root))
                .toList();
    }

    byte[] bytes(String path) throws IOException {
        ZipEntry entry = zip.getEntry(root + path);
        if (entry == null) {
            throw new IllegalArgumentException("no " + path + " in " + zip.getName());
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    String text(String path) throws IOException {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    Path extract(String path, Path dir) throws IOException {
        Path target = dir.resolve(Path.of(path).getFileName().toString());
        try (InputStream in = zip.getInputStream(zip.getEntry(root + path))) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** The value of a build option (-Dwindows.jdk, -Dwinsw.exe); empty when the build was not given it. */
    static String buildOption(String name) {
        String value = System.getProperty(name);
        return value == null ? "" : value.strip();
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run these tests through Maven");
        }
        return value;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
