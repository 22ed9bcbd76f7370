package org.fleettelemetry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class LegacyStateCheckTest {

    @Test
    void shouldRefuseNamingTheTopicsAndTheResetWhenThePerEventTopologysTopicsExist() {
        String refusal = LegacyStateCheck.refusal(
                "fleet-streams",
                Set.of(
                        "fleet.endpoint-events.v1",
                        "fleet-streams-event-ids-changelog",
                        "fleet-streams-observations-by-site-repartition",
                        "fleet-streams-endpoint-state-changelog"));

        assertThat(refusal)
                .contains("fleet-streams-event-ids-changelog")
                .contains("fleet-streams-observations-by-site-repartition")
                .doesNotContain("endpoint-state-changelog")
                .contains("kafka-streams-application-reset")
                .contains("--application-id fleet-streams")
                .contains("new application.id");
    }

    @Test
    void shouldStartWhenOnlyThisVersionsTopicsOrOtherAppsTopicsExist() {
        assertThat(LegacyStateCheck.refusal(
                        "fleet-streams",
                        Set.of(
                                "fleet-streams-endpoint-state-changelog",
                                "fleet-streams-endpoint-changes-by-site-repartition",
                                "other-app-event-ids-changelog")))
                .isNull();
    }
}
