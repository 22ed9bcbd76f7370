package org.fleettelemetry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WrkResultTest {
    // the shape wrk 4.1 prints with --latency (Debian bookworm)
    private static final String OUTPUT = """
            Running 20s test @ http://127.0.0.1:8088/api/v1/endpoints/q0-pc-0
              2 threads and 20 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     1.10ms    2.31ms  41.20ms   97.10%
                Req/Sec   498.51     20.13   545.00     71.25%
              Latency Distribution
                 50%  712.00us
                 75%    0.95ms
                 90%    1.41ms
                 99%   12.30ms
              19941 requests in 20.01s, 9.77MB read
              Non-2xx or 3xx responses: 3
              Socket errors: connect 0, read 1, write 0, timeout 2
            Requests/sec:    996.55
            Transfer/sec:    499.90KB
            """;

    @Test
    void shouldReadRatePercentilesAndErrorsWhenWrkPrintedTheLatencyDistribution() {
        WrkResult r = WrkResult.parse(OUTPUT);

        assertThat(r.requests()).isEqualTo(19941);
        assertThat(r.requestsPerSecond()).isEqualTo(996.55);
        assertThat(r.p50Ms()).isEqualTo(0.712);
        assertThat(r.p99Ms()).isEqualTo(12.30);
        assertThat(r.errors()).isEqualTo(6);
    }

    @Test
    void shouldConvertSecondsWhenTheTailIsThatSlow() {
        WrkResult r = WrkResult.parse(OUTPUT.replace("12.30ms", "1.50s").replace("712.00us", "2.00ms"));

        assertThat(r.p50Ms()).isEqualTo(2.0);
        assertThat(r.p99Ms()).isEqualTo(1500.0);
    }

    @Test
    void shouldRefuseOutputWithoutTheLatencyDistribution() {
        String withoutLatency = OUTPUT.replaceAll("(?m)^\\s+\\d\\d%.*\\n", "");

        assertThatThrownBy(() -> WrkResult.parse(withoutLatency))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--latency");
    }
}
