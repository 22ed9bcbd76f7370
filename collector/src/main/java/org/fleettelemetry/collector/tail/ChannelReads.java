package org.fleettelemetry.collector.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/** Positional reads that never move the channel's own position. */
final class ChannelReads {

    private ChannelReads() {}

    /** Up to {@code max} bytes from offset 0; fewer when the file is shorter. */
    static byte[] head(FileChannel channel, int max) throws IOException {
        return range(channel, 0, max);
    }

    /** Up to {@code length} bytes from {@code offset}; fewer when the file ends first. */
    static byte[] range(FileChannel channel, long offset, int length) throws IOException {
        byte[] bytes = new byte[length];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, offset + buffer.position());
            if (n <= 0) {
                break;
            }
        }
        return buffer.position() == length ? bytes : Arrays.copyOf(bytes, buffer.position());
    }
}
