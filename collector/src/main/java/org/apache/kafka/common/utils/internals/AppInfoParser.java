package org.apache.kafka.common.utils.internals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Metrics;

/**
 * The collector's stand-in for kafka-clients' class of the same name, which never starts JMX (the shaded jar
 * leaves Kafka's copy out; on a plain classpath the collector's classes come first).
 *
 * <p>Why: Kafka's producer registers an "app-info" MBean whatever {@code metric.reporters} says, through
 * {@code ManagementFactory.getPlatformMBeanServer()}. That starts the JVM's platform MBean server, which
 * introspects every platform MXBean (memory pools, collectors, threads, diagnostic commands, JFR): about
 * 240 classes and 3 MiB of an endpoint collector's RSS, for a bean nothing on an endpoint reads (measured
 * with {@code PipelineBench --only rss}, BENCHMARKS.md). So the bean is registered only in a JVM whose JMX is
 * already running (someone asked for the platform MBean server before: a JMX reporter, a JMX agent, a test reading
 * the beans), as Kafka would; it never starts JMX for itself. Kafka itself calls only the three public methods
 * below ({@code KafkaAppInfoTest} checks they are still the original's public API); the same "app-info"
 * metrics (version, commit-id, start-time-ms) still go into the client's own {@link Metrics}. A reporter a
 * user configures ({@code kafka.producer.metric.reporters=org.apache.kafka.common.metrics.JmxReporter})
 * still publishes the client's metrics over JMX.
 */
public class AppInfoParser {
    private static final String DEFAULT_VALUE = "unknown";
    private static final String GROUP = "app-info";
    private static final String VERSION;
    private static final String COMMIT_ID;

    static {
        Properties props = new Properties();
        try (InputStream in = AppInfoParser.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // the version is informational (ApiVersions' client software version): unknown, as Kafka does
        }
        VERSION = props.getProperty("version", DEFAULT_VALUE).trim();
        COMMIT_ID = props.getProperty("commitId", DEFAULT_VALUE).trim();
    }

    public static String getVersion() {
        return VERSION;
    }

    public static String getCommitId() {
        return COMMIT_ID;
    }

    /** The client's app-info metrics, as Kafka registers them, without the MBean. */
    public static synchronized void registerAppInfo(String prefix, String id, Metrics metrics, long nowMs) {
        if (metrics == null) {
            return;
        }
        Long startTimeMs = nowMs;
        MBeanServer jmx = runningJmx();
        if (jmx != null) {
            try {
                ObjectName name = objectName(prefix, id);
                if (!jmx.isRegistered(name)) {
                    jmx.registerMBean(new AppInfo(startTimeMs), name);
                }
            } catch (JMException e) {
                // as Kafka: the bean is informational, the client works without it
            }
        }
        for (Map<String, String> tags : tagSets(metrics, id)) {
            metrics.addMetric(name(metrics, "version", tags), (Gauge<String>) (config, now) -> VERSION);
            metrics.addMetric(name(metrics, "commit-id", tags), (Gauge<String>) (config, now) -> COMMIT_ID);
            metrics.addMetric(name(metrics, "start-time-ms", tags), (Gauge<Long>) (config, now) -> startTimeMs);
        }
    }

    public static synchronized void unregisterAppInfo(String prefix, String id, Metrics metrics) {
        MBeanServer jmx = runningJmx();
        if (jmx != null) {
            try {
                ObjectName name = objectName(prefix, id);
                if (jmx.isRegistered(name)) {
                    jmx.unregisterMBean(name);
                }
            } catch (JMException e) {
                // as Kafka: nothing to do about a bean that cannot be removed
            }
        }
        if (metrics == null) {
            return;
        }
        for (Map<String, String> tags : tagSets(metrics, id)) {
            for (String metric : new String[] {"version", "commit-id", "start-time-ms"}) {
                metrics.removeMetric(name(metrics, metric, tags));
            }
        }
    }

    /** Untagged, and tagged with the client id unless the metrics' own tags carry one already (as Kafka). */
    private static Iterable<Map<String, String>> tagSets(Metrics metrics, String id) {
        if (id == null || metrics.config().tags().containsKey("client-id")) {
            return List.of(Map.of());
        }
        return List.of(Map.of(), Map.of("client-id", id));
    }

    /** The platform MBean server if this JVM's JMX already runs, else null (asking for it would start it). */
    private static MBeanServer runningJmx() {
        return MBeanServerFactory.findMBeanServer(null).isEmpty() ? null : ManagementFactory.getPlatformMBeanServer();
    }

    private static ObjectName objectName(String prefix, String id) throws MalformedObjectNameException {
        return new ObjectName(prefix + ":type=app-info,id=" + Sanitizer.jmxSanitize(id));
    }

    /** Kafka's app-info bean: what a JMX console shows of the client. */
    public interface AppInfoMBean {
        String getVersion();

        String getCommitId();

        Long getStartTimeMs();
    }

    public static class AppInfo implements AppInfoMBean {
        private final Long startTimeMs;

        public AppInfo(long startTimeMs) {
            this.startTimeMs = startTimeMs;
        }

        @Override
        public String getVersion() {
            return VERSION;
        }

        @Override
        public String getCommitId() {
            return COMMIT_ID;
        }

        @Override
        public Long getStartTimeMs() {
            return startTimeMs;
        }
    }

    private static MetricName name(Metrics metrics, String name, Map<String, String> tags) {
        return metrics.metricName(name, GROUP, "Metric indicating " + name, tags);
    }
}
