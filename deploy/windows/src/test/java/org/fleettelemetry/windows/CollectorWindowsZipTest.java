package org.fleettelemetry.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.jar.JarInputStream;
import org.fleettelemetry.collector.cli.CollectorMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the collector-windows zip holds, with and without the optional runtime and WinSW. */
class CollectorWindowsZipTest {
    static WindowsPackage pkg;

    @BeforeAll
    static void open() throws Exception {
        pkg = WindowsPackage.built();
    }

    @AfterAll
    static void close() throws Exception {
        pkg.close();
    }

    @Test
    void shouldHoldTheCollectorItsServiceDefinitionScriptsAndTemplateWhenBuilt() {
        assertThat(pkg.paths())
                .contains(
                        "collector.jar",
                        "fleet-telemetry-collector.xml",
                        "install.ps1",
                        "uninstall.ps1",
                        "collector.properties",
                        "README.txt");
        assertThat(pkg.strayPaths()).isEmpty();
    }

    @Test
    void shouldCarryTheRunnableCollectorJarWhenBuilt() throws Exception {
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(pkg.bytes("collector.jar")))) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(CollectorMain.class.getName());
        }
    }

    @Test
    void shouldBundleAWindowsRuntimeOnlyWhenBuiltWithAWindowsJdk() {
        if (WindowsPackage.buildOption("windows.jdk").isEmpty()) {
            assertThat(pkg.paths()).noneMatch(p -> p.startsWith("runtime/"));
        } else {
            assertThat(pkg.paths()).contains("runtime/bin/java.exe", "runtime/release");
        }
    }

    @Test
    void shouldBundleWinswUnderTheServiceDefinitionsNameOnlyWhenGivenIt() {
        if (WindowsPackage.buildOption("winsw.exe").isEmpty()) {
            assertThat(pkg.paths()).noneMatch(p -> p.endsWith(".exe"));
        } else {
            assertThat(pkg.paths()).contains("fleet-telemetry-collector.exe");
        }
    }

    @Test
    void shouldNameTheServiceAsTheScriptsDoWhenInstalled() throws Exception {
        String id = ServiceDefinition.parse(pkg.bytes("fleet-telemetry-collector.xml"))
                .text("id");

        // WinSW pairs fleet-telemetry-collector.exe with the XML of the same name
        assertThat(id).isEqualTo("fleet-telemetry-collector");
        assertThat(pkg.text("install.ps1")).contains("$ServiceId = '" + id + "'");
        assertThat(pkg.text("uninstall.ps1")).contains("$ServiceId = '" + id + "'");
    }

    @Test
    void shouldKeepTheScriptsAsciiWithWindowsLineEndsWhenPackaged() throws Exception {
        for (String script : new String[] {"install.ps1", "uninstall.ps1"}) {
            byte[] bytes = pkg.bytes(script);
            // Windows PowerShell 5.1 reads a script without a byte order mark in the ANSI code page
            for (byte b : bytes) {
                assertThat(b & 0xff).as(script + " is ASCII").isLessThan(0x80);
            }
            String text = pkg.text(script);
            assertThat(text.replace("\r\n", ""))
                    .as(script + " has only CRLF line ends")
                    .doesNotContain("\n");
        }
    }

    @Test
    void shouldStateTheVersionInTheReadmeWhenPackaged() throws Exception {
        assertThat(pkg.text("README.txt"))
                .contains("collector " + System.getProperty("windows.zip.root").substring("collector-windows-".length())
                        + " for Windows")
                .doesNotContain("${");
    }
}
