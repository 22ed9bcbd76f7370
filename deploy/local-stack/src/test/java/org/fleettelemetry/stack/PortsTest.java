package org.fleettelemetry.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {
    @Test
    void shouldNeverHandTheSamePortOutTwice() {
        // the system hands out ephemeral ports at random: among 2,000 binds in a row some come back (about 70 expected
        // in Linux's default range of 28,232), and a stack given one port for two listeners does not start
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            int port = Ports.freePort();
            assertThat(seen.add(port))
                    .as("port %d handed out twice, at pick %d", port, i)
                    .isTrue();
            assertThat(port).isBetween(1, 65_535);
        }
    }
}
