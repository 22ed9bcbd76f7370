package org.fleettelemetry.collector.tail;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file path whose components may be globs ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}),
 * such as {@code C:/ProgramData/F-Secure/Log/*}{@code /fsscorplug*.log} or {@code
 * /var/log/x/*.log}. Each glob matches within one directory level ({@code **} is not supported). On
 * Windows both {@code /} and {@code \} separate components; elsewhere only {@code /}, because a
 * backslash is the glob escape there.
 */
public final class PathPattern {

    private static final Logger log = LoggerFactory.getLogger(PathPattern.class);

    private final String pattern;
    private final Path base;
    private final List<String> segments;

    private PathPattern(String pattern, Path base, List<String> segments) {
        this.pattern = pattern;
        this.base = base;
        this.segments = segments;
    }

    public static PathPattern parse(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("empty path pattern");
        }
        String separators = File.separatorChar == '\\' ? "/\\" : "/";
        int componentStart = 0;
        boolean hasGlob = false;
        for (int i = 0; i <= pattern.length(); i++) {
            if (i < pattern.length() && separators.indexOf(pattern.charAt(i)) < 0) {
                continue;
            }
            if (isGlob(pattern.substring(componentStart, i))) {
                hasGlob = true;
                break;
            }
            componentStart = i + 1;
        }
        if (!hasGlob) {
            return new PathPattern(pattern, Paths.get(pattern), List.of());
        }
        // keeps the separator before the first glob, so "/" and "C:/" stay roots
        String literal = pattern.substring(0, componentStart);
        Path base = Paths.get(literal.isEmpty() ? "." : literal);
        List<String> segments = new ArrayList<>();
        for (String part : pattern.substring(componentStart).split(splitRegex(separators))) {
            if (!part.isEmpty()) {
                segments.add(part);
            }
        }
        return new PathPattern(pattern, base, List.copyOf(segments));
    }

    /** The regular files matching now, sorted. Unreadable directories are skipped. */
    public SortedSet<Path> matches() {
        SortedSet<Path> found = new TreeSet<>();
        if (segments.isEmpty()) {
            if (Files.isRegularFile(base)) {
                found.add(base);
            }
            return found;
        }
        List<Path> current = List.of(base);
        for (int i = 0; i < segments.size(); i++) {
            boolean last = i == segments.size() - 1;
            String segment = segments.get(i);
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (!isGlob(segment)) {
                    addIfKind(next, dir.resolve(segment), last);
                    continue;
                }
                try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, segment)) {
                    for (Path child : children) {
                        addIfKind(next, child, last);
                    }
                } catch (IOException e) {
                    log.debug("Cannot list {} for pattern {}: {}", dir, pattern, e.toString());
                }
            }
            current = next;
        }
        found.addAll(current);
        return found;
    }

    @Override
    public String toString() {
        return pattern;
    }

    private static void addIfKind(List<Path> into, Path path, boolean wantFile) {
        if (wantFile ? Files.isRegularFile(path) : Files.isDirectory(path)) {
            into.add(path);
        }
    }

    private static String splitRegex(String separators) {
        return separators.length() == 1 ? "/" : "[/\\\\]";
    }

    private static boolean isGlob(String component) {
        for (char c : component.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }
}
