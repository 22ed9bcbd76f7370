package org.fleettelemetry.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.fleettelemetry.collector.JvmOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The packaged WinSW definition runs the collector as the service it must be. */
class ServiceDefinitionTest {
    static WindowsPackage pkg;
    static ServiceDefinition service;

    @BeforeAll
    static void open() throws Exception {
        pkg = WindowsPackage.built();
        service = ServiceDefinition.parse(pkg.bytes("fleet-telemetry-collector.xml"));
    }

    @AfterAll
    static void close() throws Exception {
        pkg.close();
    }

    @Test
    void shouldRunTheBundledJavaWhenStarted() {
        assertThat(service.text("executable")).isEqualTo("%BASE%\\runtime\\bin\\java.exe");
    }

    @Test
    void shouldRunTheCollectorJarWithItsJvmFlagsAndConfigWhenStarted() {
        List<String> args = service.arguments();

        int jar = args.indexOf("-jar");
        List<String> documented = JvmOptions.read(Path.of(
                                System.getProperty("basedir", "."),
                                "..",
                                "..",
                                "collector",
                                "src",
                                "main",
                                "dist",
                                "jvm.options")
                        .normalize())
                .stream()
                .filter(flag -> !flag.startsWith("-XX:TrimNativeHeapInterval")) // glibc's malloc_trim: Linux only
                .toList();
        assertThat(args.subList(0, jar))
                .as("the documented flags of collector/src/main/dist/jvm.options")
                .containsSubsequence(documented);
        assertThat(args.subList(jar, args.size()))
                .containsExactly("-jar", "%BASE%\\collector.jar", "run", "--config", "%BASE%\\collector.properties");
    }

    @Test
    void shouldRestartAfterAFailureWhenRunning() {
        List<Element> onFailure = service.children("onfailure");

        assertThat(onFailure).isNotEmpty();
        assertThat(onFailure)
                .allSatisfy(e -> assertThat(e.getAttribute("action")).isEqualTo("restart"));
        assertThat(service.text("resetfailure")).isNotBlank();
    }

    @Test
    void shouldStartAutomaticallyButDelayedWhenWindowsBoots() {
        assertThat(service.text("startmode")).isEqualTo("Automatic");
        assertThat(service.text("delayedAutoStart")).isEqualTo("true");
    }

    @Test
    void shouldRollItsLogsInTheStateFolderWhenRunning() {
        assertThat(service.children("log"))
                .singleElement()
                .satisfies(log -> assertThat(log.getAttribute("mode")).startsWith("roll"));
        assertThat(service.text("logpath")).isEqualTo("%ProgramData%\\fleet-telemetry\\collector\\logs");
        assertThat(service.text("workingdirectory")).isEqualTo("%ProgramData%\\fleet-telemetry\\collector");
    }

    @Test
    void shouldGiveTheCollectorTimeToFlushWhenStopped() {
        assertThat(service.text("stoptimeout")).isEqualTo("30 sec");
    }
}
