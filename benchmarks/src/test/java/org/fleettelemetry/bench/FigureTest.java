package org.fleettelemetry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void shouldReportAFailedMeasureOnOneLineWithoutAVerdict() {
        Figure f = Figure.failed(
                "rsyslogd imfile + omkafka raw lines, same file",
                new IOException("exit code 1 from rsyslogd -N1:\nmodule name 'omkafka' is unknown"));

        assertThat(f.unit()).isEqualTo("failed");
        assertThat(f.formattedValue()).isEqualTo("n/a");
        assertThat(f.met()).isEmpty();
        assertThat(f.command())
                .isEqualTo("java.io.IOException: exit code 1 from rsyslogd -N1: module name 'omkafka' is unknown");
    }

    @Test
    void shouldSayNoWhenAMeasuredValueMissesItsTarget() {
        assertThat(Figure.of("collector RSS", 97.0, "MiB", "<= 96", "ps").met()).isEqualTo("NO");
        assertThat(Figure.of("ratio collector / kcat", 1.2, "", ">= 1.0", "").met())
                .isEqualTo("yes");
    }
}
