package org.fleettelemetry.collector.ship;

/**
 * Which line range an event stands for: the file (its identity string) and the byte offset after the
 * event's last line. Small and serialisable, so it travels with an event through the disk spool and
 * the checkpoint still advances when a spooled event is finally acknowledged, even after a restart.
 */
public record AckRef(String fileKey, long endOffset) {
    /** For events that stand for no log line (tests, synthetic input). */
    public static final AckRef NONE = new AckRef("", -1);
}
