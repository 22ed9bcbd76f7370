package org.fleettelemetry.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kafka's own perf tools, run from the broker's jars in a child JVM, and their figures read from their output. */
public final class KafkaTools {
    private static final Pattern PRODUCER_TOTAL = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec");

    private KafkaTools() {}

    /** A tool's rate and the exact command that produced it. */
    public record Rate(double perSecond, double fetchPerSecond, String command) {}

    public static Rate producerPerformance(BenchStack stack, String topic, long records, int recordSize, Path log)
            throws IOException, InterruptedException {
        List<String> cmd = tool(stack, "org.apache.kafka.tools.ProducerPerformance");
        cmd.addAll(List.of(
                "--topic",
                topic,
                "--num-records",
                Long.toString(records),
                "--record-size",
                Integer.toString(recordSize),
                "--throughput",
                "-1",
                "--producer-props",
                "bootstrap.servers=" + stack.bootstrap(),
                "acks=all",
                "batch.size=262144",
                "linger.ms=20"));
        Commands.Outcome out = Commands.run(cmd, Duration.ofMinutes(10), log);
        Matcher last = null;
        for (String line : out.output().split("\n")) {
            Matcher m = PRODUCER_TOTAL.matcher(line);
            if (m.find() && line.contains("99.9th")) {
                last = m;
            }
        }
        if (last == null) {
            throw new IOException("no summary line in ProducerPerformance output, see " + log);
        }
        return new Rate(Double.parseDouble(last.group(2)), Double.NaN, Commands.shell(cmd));
    }

    /** nMsg.sec (whole run, with the group join) and fetch.nMsg.sec (fetching only). */
    public static Rate consumerPerformance(BenchStack stack, String topic, long records, String group, Path log)
            throws IOException, InterruptedException {
        List<String> cmd = tool(stack, "org.apache.kafka.tools.ConsumerPerformance");
        cmd.addAll(List.of(
                "--bootstrap-server",
                stack.bootstrap(),
                "--topic",
                topic,
                "--num-records",
                Long.toString(records),
                "--group",
                group,
                "--timeout",
                "60000"));
        Commands.Outcome out = Commands.run(cmd, Duration.ofMinutes(10), log);
        List<String> lines = out.output().lines().filter(l -> !l.isBlank()).toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).startsWith("start.time")) {
                String[] header = lines.get(i).split(",\\s*");
                String[] values = lines.get(i + 1).split(",\\s*");
                return new Rate(
                        Double.parseDouble(values[index(header, "nMsg.sec")]),
                        Double.parseDouble(values[index(header, "fetch.nMsg.sec")]),
                        Commands.shell(cmd));
            }
        }
        throw new IOException("no result line in ConsumerPerformance output, see " + log);
    }

    private static int index(String[] header, String name) throws IOException {
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equals(name)) {
                return i;
            }
        }
        throw new IOException("ConsumerPerformance printed no " + name + " column");
    }

    private static List<String> tool(BenchStack stack, String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Machine.javaExecutable());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(stack.brokerLib() + "/*");
        cmd.add(mainClass);
        return cmd;
    }
}
