package org.fleettelemetry.collector.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fleettelemetry.collector.tail.TestFiles.append;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIdentityTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepItsIdAndMatchWhenTheFileGrowsAndIsRenamed() throws IOException {
        Path file = dir.resolve("fsscorplug.log");
        append(file, "2021-11-12 17:40:30.152 [15c0.1d1c] .W: first\n");
        String key = FileIdentity.fileKeyOf(attributes(file));
        FileIdentity identity = FileIdentity.create(key, fingerprint(file), 0);

        Path renamed = Files.move(file, dir.resolve("fsscorplug.log.1"));
        append(renamed, "x".repeat(2000) + "\n");

        assertThat(FileIdentity.fileKeyOf(attributes(renamed))).isEqualTo(key);
        byte[] head = head(renamed);
        assertThat(identity.matchesHead(head)).isTrue();
        FileIdentity grown = identity.withFingerprint(Fingerprint.of(head));
        assertThat(grown.fingerprint().length()).isEqualTo(Fingerprint.MAX_BYTES);
        assertThat(grown.asString()).isEqualTo(identity.asString());
        assertThat(grown).isEqualTo(identity);
    }

    @Test
    void shouldBeFilesystemSafeWhenBuiltFromTheOsFileKey() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, "line\n");

        FileIdentity identity = FileIdentity.create(FileIdentity.fileKeyOf(attributes(file)), fingerprint(file), 0);

        assertThat(identity.asString()).matches("[A-Za-z0-9-]+");
        assertThat(identity.asString()).startsWith(identity.fileKey() + "-");
        assertThat(identity.asString()).endsWith(identity.fingerprint().hex().substring(0, 16));
    }

    @Test
    void shouldNotMatchWhenTheFirstBytesChanged() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, "old first line\n");
        FileIdentity identity = FileIdentity.create("k", fingerprint(file), 0);

        TestFiles.truncate(file, 0);
        append(file, "new first line\n");

        assertThat(identity.matchesHead(head(file))).isFalse();
    }

    @Test
    void shouldNotMatchWhenTheFileIsShorterThanItsFingerprint() throws IOException {
        Path file = dir.resolve("a.log");
        append(file, "abcdef\n");
        FileIdentity identity = FileIdentity.create("k", fingerprint(file), 0);

        TestFiles.truncate(file, 3);

        assertThat(identity.matchesHead(head(file))).isFalse();
    }

    @Test
    void shouldTellGenerationsApartWhenTheContentIsTheSame() {
        Fingerprint fingerprint = Fingerprint.of("same\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        FileIdentity first = FileIdentity.create("dev-1-ino-2", fingerprint, 0);
        FileIdentity second = FileIdentity.create("dev-1-ino-2", fingerprint, 1);

        assertThat(second.asString()).isEqualTo(first.asString() + "-g1");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void shouldRejectUnsafeCharactersWhenGivenAnId() {
        Fingerprint fingerprint = Fingerprint.of(new byte[0]);

        assertThatThrownBy(() -> new FileIdentity("a/b", "k", fingerprint))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a/b");
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class);
    }

    private static Fingerprint fingerprint(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return Fingerprint.of(channel);
        }
    }

    private static byte[] head(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return ChannelReads.head(channel, Fingerprint.MAX_BYTES);
        }
    }
}
