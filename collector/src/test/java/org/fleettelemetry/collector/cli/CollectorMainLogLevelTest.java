package org.fleettelemetry.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CollectorMainLogLevelTest {
    private String saved;

    @BeforeEach
    void save() {
        saved = System.clearProperty(CollectorMain.LOG_LEVEL_PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(CollectorMain.LOG_LEVEL_PROPERTY);
        } else {
            System.setProperty(CollectorMain.LOG_LEVEL_PROPERTY, saved);
        }
    }

    @Test
    void shouldHandTheConfiguredLevelToSlf4jSimple() {
        CollectorMain.applyLogLevel("debug");

        assertThat(System.getProperty(CollectorMain.LOG_LEVEL_PROPERTY)).isEqualTo("debug");
    }

    @Test
    void shouldLeaveALevelGivenWithDashDAlone() {
        System.setProperty(CollectorMain.LOG_LEVEL_PROPERTY, "warn");

        CollectorMain.applyLogLevel("trace");

        assertThat(System.getProperty(CollectorMain.LOG_LEVEL_PROPERTY)).isEqualTo("warn");
    }
}
