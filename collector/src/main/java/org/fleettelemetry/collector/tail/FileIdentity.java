package org.fleettelemetry.collector.tail;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * What makes a file the same file across renames.
 *
 * <p>Two parts: the {@linkplain #fileKeyOf OS file key} (device and inode on Linux; NTFS gives Java
 * no file key, so there the creation time stands in) and a {@link Fingerprint} of the file's first
 * bytes. The key alone is not enough: inodes are reused once a file is deleted, and NTFS hands a
 * new file created under a just-renamed name the old file's creation time ("tunneling"), exactly
 * what a log rotation does. The fingerprint tells those apart.
 *
 * <p>A file shorter than {@link Fingerprint#MAX_BYTES} has a fingerprint that grows with it; it is
 * still the same file as long as the earlier fingerprint's bytes are a prefix of its content
 * ({@link Fingerprint#isPrefixOf}). {@link #withFingerprint} records a longer fingerprint while
 * keeping the {@linkplain #asString() id}.
 *
 * <p>Equality is by id.
 */
public final class FileIdentity {

    private final String id;
    private final String fileKey;
    private final Fingerprint fingerprint;

    public FileIdentity(String id, String fileKey, Fingerprint fingerprint) {
        this.id = requireSafe(id, "id");
        this.fileKey = requireSafe(fileKey, "fileKey");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /**
     * A new identity for a file first seen now. {@code generation} tells apart successive contents of
     * one file whose first bytes are equal (a file truncated in place and rewritten the same way):
     * pick the lowest generation whose id is not taken yet.
     */
    public static FileIdentity create(String fileKey, Fingerprint fingerprint, int generation) {
        if (generation < 0) {
            throw new IllegalArgumentException("generation must be >= 0, got " + generation);
        }
        String id = fileKey + "-" + fingerprint.hex().substring(0, 16);
        if (generation > 0) {
            id = id + "-g" + generation;
        }
        return new FileIdentity(id, fileKey, fingerprint);
    }

    /**
     * The OS part of the identity as a filesystem-safe string: the file key ({@code dev-803-ino-42}
     * on Linux) or, where the OS has none (Windows), {@code ctime-<creation epoch millis>}.
     */
    public static String fileKeyOf(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        if (key == null) {
            return "ctime-" + attributes.creationTime().toMillis();
        }
        String safe = key.toString().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return safe.isEmpty() ? "key-" + Integer.toHexString(key.hashCode()) : safe;
    }

    /**
     * The stable id of this file: {@code <fileKey>-<first fingerprint, 16 hex>[-g<generation>]}. Only
     * letters, digits and '-', so it can go into event ids and file names. It does not change when
     * the file grows or is renamed.
     */
    public String asString() {
        return id;
    }

    public String fileKey() {
        return fileKey;
    }

    public Fingerprint fingerprint() {
        return fingerprint;
    }

    /** The same identity with a fingerprint over more bytes of the (grown) file. */
    public FileIdentity withFingerprint(Fingerprint longer) {
        if (longer.length() < fingerprint.length()) {
            throw new IllegalArgumentException(
                    "a fingerprint only grows: " + fingerprint.length() + " -> " + longer.length());
        }
        return new FileIdentity(id, fileKey, longer);
    }

    /** True when {@code head}, the current first bytes of a file, could be this file's. */
    public boolean matchesHead(byte[] head) {
        return fingerprint.isPrefixOf(head);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FileIdentity that && id.equals(that.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return id + "(fingerprint " + fingerprint.length() + " bytes)";
    }

    private static String requireSafe(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!value.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException(what + " must be letters, digits and '-': " + value);
        }
        return value;
    }
}
