package org.fleettelemetry.deploy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.fleettelemetry.streams.console.ConsoleCommand;
import picocli.CommandLine;

/**
 * The consumer group the SOC console ({@code streams-app console}) really joins, taken from the running command:
 * it is started against an address no broker answers, and the group is read from its consumer's client id
 * ({@code consumer-<group.id>-<n>}, Kafka's default), registered in JMX when the consumer is made.
 */
final class SocConsoleGroup {
    private static final Pattern CLIENT_ID = Pattern.compile("consumer-(.+)-\\d+");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private SocConsoleGroup() {}

    static String consoleGroup() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName consumers = new ObjectName("kafka.consumer:type=app-info,*");
        Set<ObjectName> before = jmx.queryNames(consumers, null);
        Thread console = new Thread(
                () -> new CommandLine(new ConsoleCommand())
                        .execute("--bootstrap-servers", "127.0.0.1:9", "--json", "--max", "1"),
                "soc-console-probe");
        console.setDaemon(true);
        console.start();
        try {
            Instant deadline = Instant.now().plus(WAIT);
            while (Instant.now().isBefore(deadline)) {
                for (ObjectName name : jmx.queryNames(consumers, null)) {
                    String id = name.getKeyProperty("id");
                    Matcher m = CLIENT_ID.matcher(id == null ? "" : id);
                    if (!before.contains(name) && m.matches()) {
                        return m.group(1);
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("the SOC console made no consumer within " + WAIT);
        } finally {
            console.interrupt();
            console.join(WAIT.toMillis());
        }
    }
}
