package org.fleettelemetry.stack.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One row of the fault suite ({@code bench/faults}): what went in, what came out, and what was lost. Every fault test
 * prints its row; with {@code -Dfaults.report=FILE} the row is also appended to that file, from which the suite builds
 * its table. The tests assert {@code lost == 0} themselves: the row is the evidence, not the check.
 *
 * @param in lines (collector, parser) or records (streams app) that went in
 * @param out events (or alerts) that came out, each distinct one counted once
 * @param duplicates copies beyond the first, all with an id already seen
 * @param lost what went in and never came out
 * @param deadLettered records sent to the dead-letter topic
 */
public record FaultReport(
        String scenario, long in, long out, long duplicates, long lost, long deadLettered, String notes) {
    public static final String PREFIX = "FAULT-ROW|";

    /** Prints the row, and appends it to {@code -Dfaults.report} when given. */
    public FaultReport publish() {
        String row = PREFIX
                + String.join(
                        "|",
                        scenario,
                        Long.toString(in),
                        Long.toString(out),
                        Long.toString(duplicates),
                        Long.toString(lost),
                        Long.toString(deadLettered),
                        notes.replace('|', '/').replace('\n', ' '));
        System.out.println(row);
        String file = System.getProperty("faults.report");
        if (file != null && !file.isBlank()) {
            try {
                Files.writeString(
                        Path.of(file),
                        row + System.lineSeparator(),
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append the fault row to " + file, e);
            }
        }
        return this;
    }
}
