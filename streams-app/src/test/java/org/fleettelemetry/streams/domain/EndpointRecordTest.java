package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The endpoint stage's record changes its status and track in place: the same values as the immutable rules. */
class EndpointRecordTest {
    private static final long T0 = 1_765_000_000_000L;
    private static final String[] CODES = {"curl:28", "curl:7", "curl:5", "orsp:suppressed", "orsp:error", "fserr:3"};
    private static final String[] PROXIES = {"proxy-a:8080", "proxy-b:3128", ""};
    private static final SiteView.Quanta QUANTA = new SiteView.Quanta(60_000, 90_000);
    private final DetectionParams params = DetectionParams.defaults();

    @Test
    void shouldHoldWhatTheImmutableRulesGiveAfterEveryObservation() {
        Random random = new Random(20261207);
        for (int round = 0; round < 200; round++) {
            EndpointRecord r = EndpointRecord.empty();
            EndpointStatus status = null;
            EndpointTrack track = null;
            assertThat(r.status()).isNull();
            assertThat(r.track()).isNull();
            assertThat(r.seen()).isFalse();
            long now = T0;
            for (int i = 0; i < 40; i++) {
                // times that go back as well as forward, and "now" behind some events (a clock running ahead)
                now += random.nextInt(90_000);
                long at = now - 120_000 + random.nextInt(150_000);
                Observation o = observation(random, at);
                long statusNow = Math.max(at, now);
                status = EndpointStatus.apply(status, o, statusNow, params);
                track = EndpointTrack.observe(track, o, now);
                r.observe(o, statusNow, now, params);

                assertThat(r.status()).isEqualTo(status);
                assertThat(r.track()).isEqualTo(track);
                assertThat(r.seen()).isTrue();
                assertThat(r.endpointId()).isEqualTo(status.endpointId());
                assertThat(r.site()).isEqualTo(status.site());
                TrackView live = r.currentTrack();
                assertThat(live.lastSeen()).isEqualTo(track.lastSeen());
                assertThat(live.failures()).isEqualTo(track.failures());
                assertThat(live.activeAt(now, params)).isEqualTo(track.activeAt(now, params));
                assertThat(live.failureMask()).isEqualTo(track.failureMask());
                assertThat(live.sameFailures(track)).isTrue();
                for (ErrorClass c : track.failures().keySet()) {
                    FailureMark m = track.failures().get(c);
                    assertThat(live.failureAt(c)).isEqualTo(m.at());
                    assertThat(live.failureCode(c)).isEqualTo(m.errorCode());
                    assertThat(live.failureHost(c)).isEqualTo(m.targetHost());
                    assertThat(live.failureSticky(c)).isEqualTo(m.sticky());
                }
                EndpointTrack given = r.forwarded();
                if (given != null) {
                    // the site view decides the same with the live track as with its immutable twin
                    long later = now + random.nextInt(600_000);
                    assertThat(SiteView.mustForward(given, live, later, QUANTA, params))
                            .isEqualTo(SiteView.mustForward(given, track, later, QUANTA, params));
                    assertThat(SiteView.refreshBy(given, live, QUANTA))
                            .isEqualTo(SiteView.refreshBy(given, track, QUANTA));
                    assertThat(SiteView.deadline(given, live, params))
                            .isEqualTo(SiteView.deadline(given, track, params));
                }
                if (random.nextInt(4) == 0) {
                    EndpointTrack sent = r.forward(o.site());
                    assertThat(sent).isEqualTo(track);
                    assertThat(r.forwarded()).isSameAs(sent);
                    assertThat(r.forwardedSite()).isEqualTo(o.site());
                }
                assertThat(r.behind())
                        .as("behind as the immutable tracks compare")
                        .isEqualTo(r.forwarded() == null || !r.forwarded().equals(track));
            }
        }
    }

    @Test
    void shouldKeepTheFirstIdInstanceAndChangeNothingTheSiteStageWasGiven() {
        EndpointRecord r = EndpointRecord.empty();
        String id = new String("ep-1");
        r.observe(Observation.healthy(id, "hel", "p:1", "EPP", T0), T0, T0, params);
        EndpointTrack given = r.forward("hel");
        EndpointTrack copy = r.track();

        r.observe(
                Observation.failure(new String("ep-1"), "hel", "p:1", "EPP", T0 + 1_000, "curl:28", null, params),
                T0 + 1_000,
                T0 + 1_000,
                params);

        assertThat(r.endpointId()).isSameAs(id);
        assertThat(r.currentTrack().endpointId()).isSameAs(id);
        assertThat(given).as("what the site stage holds is not changed").isEqualTo(copy);
        assertThat(given.failures()).isEmpty();
        assertThat(r.behind()).isTrue();
        assertThat(r.track().failures()).containsKey(ErrorClass.TIMEOUT);
    }

    @Test
    void shouldGiveReadersOnOtherThreadsWholeStatusesWhileTheStreamThreadChangesThem() throws Exception {
        // each failure's code names its own time: a status whose code and time disagree was read half changed
        EndpointRecord r = EndpointRecord.empty();
        r.observe(failure(T0, 0), T0, T0, params);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread reader = new Thread(() -> {
                while (!done.get() && torn.get() == null) {
                    EndpointStatus s = r.status();
                    EndpointTrack k = r.track();
                    FailureMark m = k.failures().get(ErrorClass.TIMEOUT);
                    if (!s.lastErrorCode().equals(codeAt(s.lastFailure()))
                            || s.lastEvent() != s.lastFailure()
                            || k.lastSeen() != m.at()
                            || !m.errorCode().equals(codeAt(m.at()))) {
                        torn.set(s + " / " + k);
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        for (int i = 1; i <= 300_000 && torn.get() == null; i++) {
            long at = T0 + i;
            r.observe(failure(at, i), at, at, params);
        }
        done.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(torn.get()).as("a status read half changed").isNull();
    }

    private Observation failure(long at, int i) {
        return Observation.failure("ep-1", "hel", "p:1", "EPP", at, codeAt(at), "host-" + (i % 7), params);
    }

    /** Two codes of the same class (TIMEOUT), by the time's parity. */
    private static String codeAt(long at) {
        return at % 2 == 0 ? "curl:28" : "wait:258";
    }

    private Observation observation(Random random, long at) {
        String id = "ep-" + random.nextInt(2);
        String site = random.nextInt(10) == 0 ? "tku" : "hel";
        String proxy = PROXIES[random.nextInt(PROXIES.length)];
        String product = random.nextInt(5) == 0 ? "" : "EPP";
        return switch (random.nextInt(5)) {
            case 0 -> Observation.activity(id, site, proxy, product, at);
            case 1 -> Observation.healthy(id, site, proxy, product, at);
            case 2 -> Observation.lookupOk(id, site, proxy, product, at);
            default ->
                Observation.failure(
                        id,
                        site,
                        proxy,
                        product,
                        at,
                        CODES[random.nextInt(CODES.length)],
                        random.nextBoolean() ? null : "host-" + random.nextInt(3),
                        params);
        };
    }
}
