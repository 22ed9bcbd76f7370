package org.fleettelemetry.streams.config;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.fleettelemetry.streams.domain.DetectionParams;
import org.fleettelemetry.streams.domain.DetectionSetting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streams-app config}: every detection setting with its key, default, allowed range and meaning, from the one
 * table ({@link DetectionParams#SETTINGS}). {@code --markdown} prints the README's table of them.
 */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "List every detection setting (detect.*) with its default, range and meaning.")
public final class ConfigCommand implements Callable<Integer> {
    @Option(names = "--markdown", description = "Print the table README.md carries")
    boolean markdown;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(markdown ? markdown() : text());
        out.flush();
        return 0;
    }

    /** One block per setting: key and default, then range and meaning. */
    static String text() {
        StringBuilder b = new StringBuilder();
        for (DetectionSetting<?> s : DetectionParams.SETTINGS) {
            b.append(s.key())
                    .append('=')
                    .append(s.format(s.defaultValue()))
                    .append("\n    ")
                    .append(s.bounds())
                    .append(". ")
                    .append(s.doc())
                    .append('\n');
        }
        return b.toString();
    }

    /** The README's table: key, default, meaning. */
    public static String markdown() {
        StringBuilder b = new StringBuilder("| key | default | meaning |\n| --- | --- | --- |\n");
        for (DetectionSetting<?> s : DetectionParams.SETTINGS) {
            b.append("| `")
                    .append(s.key())
                    .append("` | ")
                    .append(s.format(s.defaultValue()))
                    .append(" | ")
                    .append(s.doc())
                    .append(" |\n");
        }
        return b.toString();
    }
}
