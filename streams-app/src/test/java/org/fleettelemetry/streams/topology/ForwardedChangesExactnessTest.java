package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.streams.ProbeRecords;
import org.fleettelemetry.streams.domain.ClassSummary;
import org.fleettelemetry.streams.domain.DetectionParams;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.fleettelemetry.streams.domain.FailureWindow;
import org.fleettelemetry.streams.domain.Observation;
import org.fleettelemetry.streams.domain.ObservationType;
import org.fleettelemetry.streams.domain.SiteRules;
import org.fleettelemetry.streams.domain.SiteState;
import org.fleettelemetry.streams.domain.SiteSummary;
import org.junit.jupiter.api.Test;

/**
 * The endpoint stage sends the site stage changes and sums, not events; the numbers must be those of the per-event
 * rules. A reference model applies every event as the per-event topology did (each endpoint's track observed per
 * event, each failure added to its window, re-sends skipped) and, at checkpoints, evaluates each site's rules at the
 * time the topology's site stage last evaluated it. Over randomized fleets (outages that come and go, flaky hosts,
 * endpoints that go quiet, re-sends and sends out of order within a file, the collectors' active probe failing and
 * passing: #18) the active, failing and silent counts, the affected count per class, what the probe says of them (N of
 * M, the failing step) and every failure window (count, distinct endpoints, first and last failure) must be equal.
 * Seeds are printed; a failing one reproduces.
 */
class ForwardedChangesExactnessTest {
    private static final long[] SEEDS = {1L, 20261206L, 77L};
    private static final String PRODUCT = "Elements EPP for Computers";
    /** proxy:407 comes only from the active probe: an outage that exists only in probe results. */
    private static final List<String> CODES = List.of("curl:5", "curl:28", "wait:258", "slow", "proxy:407");

    @Test
    void shouldGiveTheSameCountsAsThePerEventRulesWhenChangesAreForwarded() {
        for (long seed : SEEDS) {
            System.out.println("ForwardedChangesExactnessTest seed " + seed);
            try (TopologyFixture f = new TopologyFixture()) {
                new Run(f, new Random(seed), seed).play();
            }
        }
    }

    /** One randomized fleet played through the topology and the reference model. */
    private static final class Run {
        private final TopologyFixture f;
        private final Random random;
        private final long seed;
        private final DetectionParams params;
        private final Map<String, String> siteOf = new TreeMap<>();
        private final Map<String, String> proxyOf = new HashMap<>();
        private final Map<String, EndpointTrack> tracks = new HashMap<>();
        private final Map<String, FailureWindow> windows = new TreeMap<>();
        private final Map<String, Long> offsets = new HashMap<>();
        private final Map<String, Long> probeSequences = new HashMap<>();
        private final Map<String, EndpointEvent> sent = new HashMap<>();
        private final Map<String, String> outage = new HashMap<>();
        private final Map<String, Boolean> quiet = new HashMap<>();
        private int checkpoints;
        private int probeFigures;

        Run(TopologyFixture f, Random random, long seed) {
            this.f = f;
            this.random = random;
            this.seed = seed;
            this.params = f.params().detection();
            for (int s = 0; s < 3; s++) {
                String site = "s" + s;
                for (int e = 0; e < 12; e++) {
                    String id = site + "-pc-" + e;
                    siteOf.put(id, site);
                    proxyOf.put(id, "proxy" + (e % (s + 1)) + "." + site + ":3128");
                }
            }
        }

        void play() {
            for (int step = 0; step < 360; step++) {
                if (step % 30 == 0) {
                    changeIncidents();
                }
                for (String id : siteOf.keySet()) {
                    if (!quiet.get(id)) {
                        act(id);
                    }
                }
                f.advance(Duration.ofSeconds(5));
                if (step % 24 == 23) {
                    check();
                }
            }
            check();
            assertThat(checkpoints).isGreaterThan(10);
            assertThat(probeFigures)
                    .as("seed %d: checkpoints where a probe confirmed a class", seed)
                    .isGreaterThan(3);
        }

        private void changeIncidents() {
            outage.clear();
            for (String site : List.of("s0", "s1", "s2")) {
                if (random.nextInt(3) > 0) {
                    outage.put(site, CODES.get(random.nextInt(CODES.size())));
                }
            }
            for (String id : siteOf.keySet()) {
                quiet.put(id, random.nextInt(12) == 0);
            }
        }

        private void act(String id) {
            Instant at = f.wall().minusMillis(random.nextInt(4000));
            if (random.nextInt(6) == 0) {
                beat(id, at);
            }
            String code = outage.get(siteOf.get(id));
            boolean affected = code != null && random.nextInt(10) < 7;
            boolean flaky = id.endsWith("-pc-3") && random.nextInt(4) == 0;
            int roll = random.nextInt(10);
            if ((affected || flaky) && roll < 6) {
                send(failure(id, flaky ? "curl:28" : code, at));
            } else if (roll < 2) {
                send(healthy(id, at));
            } else if (roll < 3) {
                send(lookup(id, at, 40));
            }
            if (random.nextInt(5) == 0) {
                // the probe runs on its own schedule: it fails with the site's outage where the path is broken, else
                // passes (also where only lookups are slow: a probe proves the path, not lookup speed)
                boolean pathBroken = affected && !code.equals("slow") && !code.equals("wait:258");
                send(pathBroken ? probeFailure(id, code, at) : probePass(id, at));
            }
            if (random.nextInt(40) == 0 && sent.containsKey(id)) {
                // a collector re-sends what it shipped before its crash
                send(sent.get(id));
            }
        }

        private EndpointEvent.Builder base(String id, String file, Instant at) {
            String key = id + ":" + file;
            long start = offsets.getOrDefault(key, 0L);
            long end = start + 80 + random.nextInt(80);
            offsets.put(key, end);
            return EndpointEvent.newBuilder()
                    .setEventId(key + ":" + start)
                    .setEndOffset(end)
                    .setEndpointId(id)
                    .setSite(siteOf.get(id))
                    .setProxy(proxyOf.get(id))
                    .setProduct(PRODUCT)
                    .setTimestamp(at)
                    .setLevel(".W")
                    .setSource("test")
                    .setMessage("m")
                    .setKind(EventKind.OTHER)
                    .setLogFile(LogFile.FSSCORPLUG);
        }

        private EndpointEvent failure(String id, String code, Instant at) {
            if (code.equals("slow")) {
                return lookup(id, at, 3000 + random.nextInt(3000));
            }
            if (code.equals("proxy:407")) {
                return probeFailure(id, code, at);
            }
            EndpointEvent.Builder b = base(id, code.startsWith("wait") ? "spplug" : "fsscorplug", at)
                    .setKind(EventKind.CONNECTION_FAILURE)
                    .setErrorCode(code);
            if (code.equals("curl:5")) {
                b.setCurlCode(5)
                        .setLineProxy(proxyOf.get(id).split(":")[0])
                        .setMessage("failed with 5: Couldn't resolve proxy: "
                                + proxyOf.get(id).split(":")[0]);
            } else if (code.equals("curl:28")) {
                b.setCurlCode(28).setMessage("failed with 28: Operation timed out");
            } else {
                b.setWaitCode(258).setTargetHost("doorman.sc.fsapi.com").setMessage("wait failed: 258");
            }
            return b.build();
        }

        private long probeSequence(String id) {
            return probeSequences.merge(id, 1L + random.nextInt(2), Long::sum);
        }

        private EndpointEvent probePass(String id, Instant at) {
            return ProbeRecords.passed(id, siteOf.get(id), proxyOf.get(id), probeSequence(id), at);
        }

        /** The probe failing as the site's outage does: same class, at the step that class fails at. */
        private EndpointEvent probeFailure(String id, String code, Instant at) {
            long sequence = probeSequence(id);
            return switch (code) {
                case "proxy:407" -> ProbeRecords.proxyAuthRequired(id, siteOf.get(id), proxyOf.get(id), sequence, at);
                case "curl:5" ->
                    ProbeRecords.failed(
                            id,
                            siteOf.get(id),
                            proxyOf.get(id),
                            sequence,
                            at,
                            "PROXY_DNS",
                            "PROXY_RESOLVE",
                            "curl:5",
                            5,
                            null,
                            "no such host");
                default ->
                    ProbeRecords.failed(
                            id,
                            siteOf.get(id),
                            proxyOf.get(id),
                            sequence,
                            at,
                            "TIMEOUT",
                            random.nextBoolean() ? "PROXY_TUNNEL" : "TLS_HANDSHAKE",
                            "curl:28",
                            28,
                            null,
                            "timed out");
            };
        }

        private EndpointEvent healthy(String id, Instant at) {
            return base(id, "fsscorplug", at)
                    .setKind(EventKind.CONNECTION_OK)
                    .setFserr(0)
                    .setLevel("I")
                    .setMessage("doorman cooldown is off, ttl: 15, fserr: 0")
                    .build();
        }

        private EndpointEvent lookup(String id, Instant at, long ms) {
            return base(id, "deepguard", at)
                    .setLogFile(LogFile.DEEPGUARD)
                    .setKind(EventKind.CLOUD_QUERY_LATENCY)
                    .setDurationMs(ms)
                    .setMessage("ORSP query took " + ms + " ms")
                    .build();
        }

        private void beat(String id, Instant at) {
            EndpointHeartbeat beat = EndpointHeartbeat.newBuilder()
                    .setEndpointId(id)
                    .setSite(siteOf.get(id))
                    .setProxy(proxyOf.get(id))
                    .setProduct(PRODUCT)
                    .setCollectorVersion("test")
                    .setTimestamp(at)
                    .setLinesSinceLast(1)
                    .setFailuresSinceLast(0)
                    .setSpoolBytes(0)
                    .build();
            f.heartbeats.pipeInput(id, beat);
            observe(Observation.of(beat));
        }

        private void send(EndpointEvent event) {
            f.send(event);
            boolean resend = sent.containsKey(event.getEndpointId())
                    && sent.get(event.getEndpointId()).getEventId().equals(event.getEventId());
            sent.put(event.getEndpointId(), event);
            if (resend) {
                return;
            }
            Observation o = Observation.of(event, params);
            observe(o);
            if (o.type() == ObservationType.FAILURE) {
                long size = f.params().windowSize().toMillis();
                long start = Math.floorDiv(o.eventTime(), size) * size;
                String key = FailureWindow.key(o.site(), o.proxy(), FailureWindow.codeOf(o)) + "@" + start;
                windows.put(key, FailureWindow.add(windows.get(key), o));
            }
        }

        private void observe(Observation o) {
            tracks.put(o.endpointId(), EndpointTrack.observe(tracks.get(o.endpointId()), o, Long.MAX_VALUE));
        }

        private void check() {
            // a few more seconds of wall clock: the endpoint stage flushes, the site stage evaluates every site
            f.advance(f.params().evaluateInterval().plusSeconds(2));
            checkpoints++;
            for (String site : List.of("s0", "s1", "s2")) {
                SiteState state = f.siteState().get(site);
                assertThat(state).as("seed %d site %s", seed, site).isNotNull();
                List<EndpointTrack> ofSite = new ArrayList<>();
                new TreeMap<>(siteOf).forEach((id, s) -> {
                    if (s.equals(site) && tracks.containsKey(id)) {
                        ofSite.add(tracks.get(id));
                    }
                });
                SiteState reference = new SiteState(site);
                SiteRules.evaluate(reference, ofSite, state.getClock(), params);
                SiteSummary want = SiteRules.summary(reference);
                SiteSummary got = SiteRules.summary(state);
                String where = "seed " + seed + " site " + site + " at " + Instant.ofEpochMilli(state.getClock());
                assertThat(got.active()).as(where + ": active").isEqualTo(want.active());
                assertThat(got.failing()).as(where + ": failing").isEqualTo(want.failing());
                assertThat(got.silent()).as(where + ": silent").isEqualTo(want.silent());
                assertThat(affected(got))
                        .as(where + ": affected per class, and the probe's N of M")
                        .isEqualTo(affected(want));
                probeFigures += (int) want.classes().values().stream()
                        .filter(c -> c.probe() != null && c.probe().confirmed() > 0)
                        .count();
            }
            Map<String, FailureWindow> stored = new TreeMap<>();
            try (KeyValueIterator<Windowed<String>, FailureWindow> it =
                    f.failureWindows().all()) {
                while (it.hasNext()) {
                    KeyValue<Windowed<String>, FailureWindow> kv = it.next();
                    stored.put(kv.key.key() + "@" + kv.key.window().start(), kv.value);
                }
            }
            assertThat(stored.keySet()).as("seed %d: failure windows", seed).isEqualTo(windows.keySet());
            windows.forEach((key, want) -> {
                FailureWindow got = stored.get(key);
                String where = "seed " + seed + " window " + key;
                assertThat(got.count()).as(where + ": count").isEqualTo(want.count());
                assertThat(got.endpoints()).as(where + ": endpoints").isEqualTo(want.endpoints());
                assertThat(got.firstSeen()).as(where + ": first").isEqualTo(want.firstSeen());
                assertThat(got.lastSeen()).as(where + ": last").isEqualTo(want.lastSeen());
            });
        }

        /** Per class: the affected count and what the probe says of them (N of M, step, detail). */
        private static Map<ErrorClass, String> affected(SiteSummary summary) {
            Map<ErrorClass, String> counts = new TreeMap<>();
            for (Map.Entry<ErrorClass, ClassSummary> c : summary.classes().entrySet()) {
                if (c.getKey() != ErrorClass.SILENT) {
                    counts.put(
                            c.getKey(),
                            c.getValue().affected() + " " + c.getValue().probe());
                }
            }
            return counts;
        }
    }
}
