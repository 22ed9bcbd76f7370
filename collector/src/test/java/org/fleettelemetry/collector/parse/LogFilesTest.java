package org.fleettelemetry.collector.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.fleettelemetry.schemas.avro.LogFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogFilesTest {

    @ParameterizedTest
    @CsvSource({
        "fsscorplug.log, FSSCORPLUG",
        "FSSCORPLUG.LOG, FSSCORPLUG",
        "fsscorplug.log.1, FSSCORPLUG",
        "fsscorplug_2021.log, FSSCORPLUG",
        "fsscorplug-proxy-dns.log, FSSCORPLUG",
        "C:\\ProgramData\\F-Secure\\Log\\fsscorplug.log, FSSCORPLUG",
        "/var/log/agent/spplug.log, SPPLUG",
        "CcfPluginState.log, CCF_PLUGIN_STATE",
        "ccfpluginstate.log.3, CCF_PLUGIN_STATE",
        "deepguard.log, DEEPGUARD",
        "transportAgent.log, TRANSPORT_AGENT",
        "transportagent_20211112.log, TRANSPORT_AGENT",
        "fsscorplug.txt, OTHER",
        "fsscorplugin.log, OTHER",
        "other-garbage.log, OTHER",
        "'', OTHER",
    })
    void shouldPickLogFileFromNameWhenNameIsPlainRotatedOrDecorated(String name, LogFile expected) {
        assertThat(LogFiles.fromFileName(name)).isEqualTo(expected);
    }
}
