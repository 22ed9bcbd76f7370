package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DetectionParamsTest {

    @Test
    void shouldHaveTheAgreedDefaults() {
        DetectionParams p = DetectionParams.defaults();
        assertThat(p.evaluationPeriod()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.minAffected()).isEqualTo(3);
        assertThat(p.openRatio()).isEqualTo(0.2);
        assertThat(p.closeRatio()).isEqualTo(0.05);
        assertThat(p.resolveAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.activeWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.flapThreshold()).isEqualTo(3);
        assertThat(p.flapWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(p.updateStepRatio()).isEqualTo(0.1);
        assertThat(p.updateStepFraction()).isEqualTo(0.25);
        assertThat(p.updateMinStep()).isEqualTo(2);
        assertThat(p.slowThresholdMs()).isEqualTo(2000);
        assertThat(p.silentDropRatio()).isEqualTo(0.5);
        assertThat(p.silentMinDrop()).isEqualTo(3);
        assertThat(p.silentWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.fleetMinSites()).isEqualTo(3);
        assertThat(p.fleetSiteRatio()).isEqualTo(0.5);
        assertThat(p.groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.sampleSize()).isEqualTo(5);
        assertThat(p.maxTrackedHosts()).isEqualTo(5);
    }

    @Test
    void shouldRefuseACloseRatioNotBelowTheOpenRatio() {
        assertThatThrownBy(() -> DetectionParams.builder()
                        .set(DetectionParams.OPEN_RATIO, 0.2)
                        .set(DetectionParams.CLOSE_RATIO, 0.2)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("closeRatio");
    }

    @Test
    void shouldNameTheParameterWhenAValueIsOutOfRange() {
        assertThatThrownBy(() -> DetectionParams.builder()
                        .set(DetectionParams.MIN_AFFECTED, 0)
                        .build())
                .hasMessageContaining("minAffected");
        assertThatThrownBy(() -> DetectionParams.builder()
                        .set(DetectionParams.OPEN_RATIO, 1.5)
                        .build())
                .hasMessageContaining("openRatio");
        assertThatThrownBy(() -> DetectionParams.builder()
                        .set(DetectionParams.RESOLVE_AFTER, Duration.ZERO)
                        .build())
                .hasMessageContaining("resolveAfter");
        assertThatThrownBy(() -> DetectionParams.builder()
                        .set(DetectionParams.GROUP_WAIT, Duration.ofSeconds(-1))
                        .build())
                .hasMessageContaining("groupWait");
        assertThatThrownBy(() -> DetectionParams.builder()
                        .set(DetectionParams.FLEET_MIN_SITES, 1)
                        .build())
                .hasMessageContaining("fleetMinSites");
    }

    @Test
    void shouldKeepEveryValueWhenCopiedToABuilder() {
        DetectionParams p = DetectionParams.builder()
                .set(DetectionParams.MIN_AFFECTED, 7)
                .set(DetectionParams.GROUP_WAIT, Duration.ZERO)
                .build();
        assertThat(p.toBuilder().build().toString()).isEqualTo(p.toString());
    }
}
