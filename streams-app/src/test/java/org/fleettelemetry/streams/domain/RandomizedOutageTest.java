package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random observation streams over several sites must keep the alert lifecycle well-formed. */
class RandomizedOutageTest {
    private static final long T0 = 1_636_735_230_152L;
    private static final String[] PROXIES = {"DIRECT", "proxy-a:3128"};
    private static final String[] CODES = {
        "curl:5",
        "curl:28",
        "wait:258",
        "curl:60",
        "orsp:failed",
        "orsp:suppressed",
        "driver:2222",
        "fsscore:timeout",
        "fserr:101",
        "curl:52"
    };

    @ParameterizedTest
    @ValueSource(longs = {20211112L, 7L, 424242L})
    void shouldKeepEveryAlertWellFormedWhateverTheObservations(long seed) {
        System.out.println("RandomizedOutageTest seed " + seed);
        Random random = new Random(seed);
        DetectionParams params = DetectionParams.defaults();
        String[] names = {"s1", "s2", "s3", "s4", "s5"};
        FleetDriver fleet = new FleetDriver(params, T0, names);
        int[] size = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            size[i] = 4 + random.nextInt(40);
        }
        // a regime per site: which code fails, on which share of its endpoints; it changes now and then
        String[] code = new String[names.length];
        double[] share = new double[names.length];
        boolean[] dark = new boolean[names.length];
        Map<String, Integer> perTick = new HashMap<>();
        for (int tick = 0; tick < 6 * 60 * 2; tick++) {
            for (int s = 0; s < names.length; s++) {
                if (random.nextInt(40) == 0) {
                    code[s] = random.nextInt(3) == 0 ? null : CODES[random.nextInt(CODES.length)];
                    share[s] = random.nextDouble() * random.nextDouble();
                    dark[s] = random.nextInt(8) == 0;
                }
                SiteDriver site = fleet.site(names[s]);
                for (int e = 0; e < size[s]; e++) {
                    if (dark[s] && e % 3 != 0) {
                        continue;
                    }
                    String proxy = PROXIES[e % PROXIES.length];
                    double roll = random.nextDouble();
                    if (code[s] != null && roll < share[s]) {
                        site.fail(proxy, e, e + 1, code[s], random.nextBoolean() ? "doorman.sc.fsapi.com" : null);
                    } else if (roll < 0.6) {
                        site.healthy(proxy, e, e + 1);
                    } else if (roll < 0.8) {
                        site.activity(proxy, e, e + 1);
                    }
                }
            }
            perTick.clear();
            int candidatesBefore = fleet.candidates.size();
            fleet.tick();
            for (ConnectivityAlert a : fleet.candidates.subList(candidatesBefore, fleet.candidates.size())) {
                assertThat(perTick.merge(a.getAlertId(), 1, Integer::sum))
                        .as("one event per alert per evaluation, seed %d", seed)
                        .isEqualTo(1);
            }
            fleet.advance(Duration.ofSeconds(15 + random.nextInt(30)));
        }
        System.out.printf(
                "seed %d: %d candidates, %d published%n", seed, fleet.candidates.size(), fleet.published.size());
        assertWellFormed(fleet.candidates, seed, "candidates");
        assertWellFormed(fleet.published, seed, "published");
        assertThat(fleet.published)
                .as("the streams produced outages, seed %d", seed)
                .isNotEmpty();
        for (ConnectivityAlert a : fleet.published) {
            assertThat(a.getAffectedEndpoints()).isNotNegative();
            if (a.getScope() == AlertScope.SITE) {
                assertThat(a.getRatio()).isBetween(0.0, 1.0);
                assertThat(a.getAffectedEndpoints()).isLessThanOrEqualTo(a.getActiveEndpoints());
            }
        }
    }

    private static void assertWellFormed(List<ConnectivityAlert> events, long seed, String what) {
        Map<String, List<ConnectivityAlert>> byId = new HashMap<>();
        for (ConnectivityAlert a : events) {
            byId.computeIfAbsent(a.getAlertId(), k -> new ArrayList<>()).add(a);
        }
        Set<String> problems = new HashSet<>();
        for (Map.Entry<String, List<ConnectivityAlert>> e : byId.entrySet()) {
            List<ConnectivityAlert> lifecycle = e.getValue();
            if (lifecycle.get(0).getStatus() != AlertStatus.OPEN
                    || lifecycle.get(0).getRevision() != 1) {
                problems.add(e.getKey() + " does not start with OPEN revision 1");
            }
            for (int i = 1; i < lifecycle.size(); i++) {
                ConnectivityAlert a = lifecycle.get(i);
                if (a.getStatus() == AlertStatus.OPEN) {
                    problems.add(e.getKey() + " opened twice");
                }
                if (a.getRevision() != lifecycle.get(i - 1).getRevision() + 1) {
                    problems.add(
                            e.getKey() + " revision " + lifecycle.get(i - 1).getRevision() + " -> " + a.getRevision());
                }
                if (lifecycle.get(i - 1).getStatus() == AlertStatus.RESOLVED) {
                    problems.add(e.getKey() + " has events after RESOLVED");
                }
            }
            for (ConnectivityAlert a : lifecycle) {
                if ((a.getStatus() == AlertStatus.RESOLVED) != (a.getResolvedAt() != null)) {
                    problems.add(e.getKey() + " resolvedAt does not match its status");
                }
            }
        }
        assertThat(problems).as("%s, seed %d", what, seed).isEmpty();
    }
}
