package org.fleettelemetry.collector.tail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A hash of a file's first bytes: the first {@code min(MAX_BYTES, size)} bytes, and how many they
 * were. A file that grows keeps its fingerprint's bytes as a prefix; a file rewritten from the
 * start (copytruncate, a reused inode) does not.
 *
 * @param hex SHA-256 of the bytes, shortened to its first 16 bytes, lower-case hex
 * @param length how many bytes were hashed
 */
public record Fingerprint(String hex, int length) {

    public static final int MAX_BYTES = 1024;
    private static final int HASH_BYTES = 16;

    public Fingerprint {
        Objects.requireNonNull(hex, "hex");
        if (!hex.matches("[0-9a-f]{" + 2 * HASH_BYTES + "}")) {
            throw new IllegalArgumentException("fingerprint must be 32 lower-case hex digits: " + hex);
        }
        if (length < 0 || length > MAX_BYTES) {
            throw new IllegalArgumentException("fingerprint length must be in 0.." + MAX_BYTES + ", got " + length);
        }
    }

    /** Fingerprint of the first {@code length} bytes of {@code head}. */
    public static Fingerprint of(byte[] head, int length) {
        if (length > head.length || length > MAX_BYTES) {
            throw new IllegalArgumentException("cannot hash " + length + " bytes of a " + head.length + "-byte head");
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM must provide SHA-256", e);
        }
        sha256.update(head, 0, length);
        byte[] digest = sha256.digest();
        return new Fingerprint(HexFormat.of().formatHex(digest, 0, HASH_BYTES), length);
    }

    /** Fingerprint of as much of {@code head} as a fingerprint covers. */
    public static Fingerprint of(byte[] head) {
        return of(head, Math.min(head.length, MAX_BYTES));
    }

    /** Reads the file's first bytes and fingerprints them. */
    public static Fingerprint of(FileChannel channel) throws IOException {
        return of(ChannelReads.head(channel, MAX_BYTES));
    }

    /** True when {@code head} starts with the bytes this fingerprint was taken from. */
    public boolean isPrefixOf(byte[] head) {
        return head.length >= length && of(head, length).equals(this);
    }

    public boolean isComplete() {
        return length == MAX_BYTES;
    }
}
