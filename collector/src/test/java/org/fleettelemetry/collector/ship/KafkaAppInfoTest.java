package org.fleettelemetry.collector.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The collector's AppInfoParser (no JMX) in place of Kafka's: the same public API as the kafka-clients
 * jar's own class, and a real producer that starts no MBean server while its app-info metrics stay.
 */
class KafkaAppInfoTest {

    private static final String CLASS = "org.apache.kafka.common.utils.internals.AppInfoParser";

    @Test
    void theCollectorsClassIsTheOneLoadedAndHasKafkasPublicApi() throws Exception {
        URL kafkaJar = KafkaProducer.class.getProtectionDomain().getCodeSource().getLocation();
        assertThat(AppInfoParser.class.getProtectionDomain().getCodeSource().getLocation())
                .as("the collector's AppInfoParser comes before kafka-clients'")
                .isNotEqualTo(kafkaJar);
        URL slf4j = Logger.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader kafkaOnly =
                new URLClassLoader(new URL[] {kafkaJar, slf4j}, ClassLoader.getPlatformClassLoader())) {
            Class<?> original = Class.forName(CLASS, false, kafkaOnly);
            assertThat(original.getProtectionDomain().getCodeSource().getLocation())
                    .isEqualTo(kafkaJar);
            assertThat(publicApi(AppInfoParser.class))
                    .as(
                            "every public method of Kafka's class, same signature (a Kafka upgrade that changes it fails here)")
                    .containsAll(publicApi(original));
        }
        assertThat(AppInfoParser.getVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(AppInfoParser.getCommitId()).isNotEqualTo("unknown");
    }

    @Test
    void aProducerStartsNoMBeanServerButKeepsItsAppInfoMetrics() throws Exception {
        assertThat(runChild(List.of())).isEqualTo("mbean-servers=0 version=" + AppInfoParser.getVersion());
    }

    @Test
    void aJvmWhoseJmxRunsGetsKafkasAppInfoBeanAsBefore() throws Exception {
        // JMX started before the producer (a reporter, an agent, a test reading the beans): the bean is there while
        // the producer lives and gone after its close, as with Kafka's own class
        assertThat(runChild(List.of(), "jmx-first"))
                .isEqualTo("mbean-servers=1 version=" + AppInfoParser.getVersion() + " bean=true after-close=false");
    }

    @Test
    void kafkasOwnClassWouldStartTheMBeanServer() throws Exception {
        // the check above can fail: with kafka-clients first on the class path, Kafka's class starts the server
        String kafkaJar = Path.of(KafkaProducer.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        assertThat(runChild(List.of(kafkaJar))).isEqualTo("mbean-servers=1 version=" + AppInfoParser.getVersion());
    }

    private static String runChild(List<String> first, String... args) throws Exception {
        List<String> classPath = new ArrayList<>(first);
        classPath.add(System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                String.join(File.pathSeparator, classPath),
                Child.class.getName()));
        cmd.addAll(List.of(args));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        child.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        return out;
    }

    private static Set<String> publicApi(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(KafkaAppInfoTest::signature)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String signature(Method m) {
        return (Modifier.isStatic(m.getModifiers()) ? "static " : "")
                + m.getReturnType().getName()
                + " "
                + m.getName()
                + Arrays.stream(m.getParameterTypes()).map(Class::getName).collect(Collectors.joining(",", "(", ")"));
    }

    /** A producer that never connects (nothing listens on the discard port); what it left behind, printed. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            boolean jmxFirst = args.length > 0 && args[0].equals("jmx-first");
            if (jmxFirst) {
                ManagementFactory.getPlatformMBeanServer();
            }
            ObjectName bean = new ObjectName("kafka.producer:type=app-info,id=app-info-test");
            String whileOpen = "";
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "app-info-test");
            p.put(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
            String version;
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                version = producer.metrics().entrySet().stream()
                        .filter(e -> e.getKey().group().equals("app-info")
                                && e.getKey().name().equals("version")
                                && e.getKey().tags().equals(Map.of("client-id", "app-info-test")))
                        .map(e -> String.valueOf(e.getValue().metricValue()))
                        .findFirst()
                        .orElse("missing");
                if (jmxFirst) {
                    whileOpen = " bean="
                            + ManagementFactory.getPlatformMBeanServer().isRegistered(bean);
                }
                producer.close(Duration.ZERO);
            }
            String afterClose = jmxFirst
                    ? " after-close="
                            + ManagementFactory.getPlatformMBeanServer().isRegistered(bean)
                    : "";
            System.out.println("mbean-servers="
                    + MBeanServerFactory.findMBeanServer(null).size() + " version=" + version + whileOpen + afterClose);
        }
    }
}
