package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.streams.domain.EndpointStatus;
import org.fleettelemetry.streams.domain.FailureWindow;
import org.junit.jupiter.api.Test;

/** Event time, not arrival: late events within the grace still count; re-sent events count once. */
class LateAndDuplicateEventsTest {
    private static final String SITE = "vie";
    private static final String PROXY = "proxy.vie.example:3128";
    private static final String LATE_METRIC = "late-events-beyond-grace-total";
    private static final String DUPLICATE_METRIC = "duplicate-events-total";

    @Test
    void shouldCountLateEventInsideGraceAndSkipTheWindowButKeepTheStatusWhenBeyondGrace() {
        try (TopologyFixture f = new TopologyFixture()) {
            Duration grace = f.params().grace();
            List<String> pcs = f.fleet(SITE, PROXY, 10);
            f.advanceBeating(grace.plusMinutes(10), Duration.ofMinutes(1), SITE, PROXY, pcs);
            Instant streamTime = f.wall();

            Instant inside = streamTime.minus(grace).plus(Duration.ofMinutes(2));
            f.send(f.curlTimeoutEvent(SITE, PROXY, pcs.get(0))
                    .setTimestamp(inside)
                    .build());
            Instant beyond = streamTime.minus(grace).minus(Duration.ofMinutes(2));
            f.send(f.curlTimeoutEvent(SITE, PROXY, pcs.get(1))
                    .setTimestamp(beyond)
                    .build());
            f.advance(EndpointStage.FLUSH.plusSeconds(1)); // the endpoint stage sends failure sums every FLUSH

            FailureWindow counted = f.failureWindow(SITE, PROXY, "curl:28", inside);
            assertThat(counted).isNotNull();
            assertThat(counted.count()).isEqualTo(1);
            assertThat(counted.endpoints()).containsExactly(pcs.get(0));
            assertThat(f.failureWindow(SITE, PROXY, "curl:28", beyond))
                    .as("beyond grace: not in its window")
                    .isNull();
            assertThat(f.metric(LATE_METRIC)).isEqualTo(1.0);

            EndpointStatus late = f.endpointStatus().get(pcs.get(1));
            assertThat(late.lastFailure()).as("the status still records it").isEqualTo(beyond.toEpochMilli());
            assertThat(late.lastErrorCode()).isEqualTo("curl:28");
            assertThat(late.lastEvent())
                    .as("a late event does not move the last event back")
                    .isEqualTo(streamTime.toEpochMilli());
            assertThat(f.endpointStatus().get(pcs.get(0)).lastFailure()).isEqualTo(inside.toEpochMilli());
            assertThat(f.readAlerts()).isEmpty();
        }
    }

    /**
     * An eventId names the entry (endpoint, file, byte offset), so the same id is the same entry even at another
     * time: a collector that re-reads a file across a DST overlap may convert the entry's local time otherwise. The
     * per-event topology before 0.6 keyed its dedup by id and time and counted such a re-send twice.
     */
    @Test
    void shouldCountOnceAndRecordTheDuplicateWhenTheSameEventIsSentTwice() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet(SITE, PROXY, 10);
            f.advance(Duration.ofSeconds(5));
            EndpointEvent event = f.curlTimeoutEvent(SITE, PROXY, pcs.get(0)).build();
            f.send(event);
            f.send(event);
            EndpointEvent sameIdOtherTime = EndpointEvent.newBuilder(event)
                    .setTimestamp(event.getTimestamp().plusMillis(250))
                    .build();
            f.send(sameIdOtherTime);
            f.advance(EndpointStage.FLUSH.plusSeconds(1));

            FailureWindow window = f.failureWindow(SITE, PROXY, "curl:28", event.getTimestamp());
            assertThat(window.count())
                    .as("the re-sends counted once, the one at another time too")
                    .isEqualTo(1);
            assertThat(window.distinctEndpoints()).isEqualTo(1);
            assertThat(f.metric(DUPLICATE_METRIC)).isEqualTo(2.0);
            assertThat(f.metric(LATE_METRIC)).isZero();
            assertThat(f.endpointStatus().get(pcs.get(0)).lastFailure())
                    .isEqualTo(event.getTimestamp().toEpochMilli());
        }
    }
}
