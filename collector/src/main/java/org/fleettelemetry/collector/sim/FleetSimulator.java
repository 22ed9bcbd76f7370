package org.fleettelemetry.collector.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes realistic agent logs for a simulated fleet, in real time: one folder per endpoint
 * ({@code endpoint.properties} + the agent's log files), as {@code collector replay --fleet-dir}
 * reads them. Healthy endpoints contact the doorman, answer lookups fast and log noise; incidents of
 * the {@link Scenario} turn the endpoints they hit into the failures docs/agent-logs.md describes.
 */
public final class FleetSimulator implements AutoCloseable {
    private static final long DOORMAN_EVERY_MS = 10_000;
    private static final long LOOKUP_EVERY_MS = 8_000;
    private static final long FAILURE_EVERY_MS = 5_000;
    private static final long NOISE_EVERY_MS = 45_000;

    private final FleetLayout layout;
    private final Scenario scenario;
    private final Clock clock;
    private final List<Agent> agents = new ArrayList<>();
    private final Instant started;
    private final boolean cycle;

    private static final class Agent {
        final SimEndpoint endpoint;
        final AgentLogWriter writer;
        final Random random;
        long nextDoorman;
        long nextLookup;
        long nextNoise;

        Agent(SimEndpoint endpoint, AgentLogWriter writer, Random random, long start) {
            this.endpoint = endpoint;
            this.writer = writer;
            this.random = random;
            this.nextDoorman = start + random.nextInt((int) DOORMAN_EVERY_MS);
            this.nextLookup = start + random.nextInt((int) LOOKUP_EVERY_MS);
            this.nextNoise = start + random.nextInt((int) NOISE_EVERY_MS);
        }
    }

    public FleetSimulator(Path fleetDir, FleetLayout layout, Scenario scenario, Clock clock, long seed, boolean cycle) {
        this.layout = layout;
        this.scenario = scenario;
        this.clock = clock;
        this.cycle = cycle;
        this.started = clock.instant();
        Random seeds = new Random(seed);
        try {
            for (SimEndpoint e : layout.endpoints()) {
                Path dir = fleetDir.resolve(e.id());
                Files.createDirectories(dir);
                Files.writeString(
                        dir.resolve("endpoint.properties"),
                        String.join(
                                "\n",
                                "site=" + e.site(),
                                "proxy=" + e.proxy(),
                                "zone=" + e.zone().getId(),
                                "product=" + e.product(),
                                // the simulated proxies and endpoints do not exist: the active probe (#18) would
                                // only find that proxy.*.example does not resolve, and raise false PROXY_DNS alerts
                                "probe.enabled=false",
                                ""),
                        StandardCharsets.UTF_8);
                Random random = new Random(seeds.nextLong());
                agents.add(new Agent(e, new AgentLogWriter(dir, e, random), random, started.toEpochMilli()));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot lay out the simulated fleet in " + fleetDir, ex);
        }
    }

    public FleetLayout layout() {
        return layout;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Time since the start within the scenario (wrapping when cycling). */
    public Duration elapsed() {
        Duration d = Duration.between(started, clock.instant());
        if (cycle && !scenario.length().isZero()) {
            return Duration.ofMillis(d.toMillis() % scenario.length().toMillis());
        }
        return d;
    }

    public boolean finished() {
        return !cycle && elapsed().compareTo(scenario.length()) >= 0;
    }

    /** The incidents in force now. */
    public List<Incident> active() {
        Duration elapsed = elapsed();
        return scenario.incidents().stream().filter(i -> i.activeAt(elapsed)).toList();
    }

    public long linesWritten() {
        return agents.stream().mapToLong(a -> a.writer.linesWritten()).sum();
    }

    /** Writes what is due up to now for every endpoint. Call about once a second. */
    public void tick() {
        Instant now = clock.instant();
        long t = now.toEpochMilli();
        List<Incident> active = active();
        for (Agent a : agents) {
            Incident.Kind trouble = null;
            boolean flaky = false;
            boolean slowCloud = false;
            for (Incident i : active) {
                if (!i.hits(a.endpoint)) {
                    continue;
                }
                switch (i.kind()) {
                    case PROXY_DNS, FIREWALL, TLS_INSPECTION -> trouble = i.kind();
                    case CLOUD_SLOW -> slowCloud = true;
                    case FLAKY_HOST -> flaky = true;
                }
            }
            if (t >= a.nextDoorman) {
                Instant at = Instant.ofEpochMilli(a.nextDoorman);
                if (trouble == Incident.Kind.PROXY_DNS) {
                    a.writer.proxyDnsFailure(at);
                } else if (trouble == Incident.Kind.FIREWALL) {
                    a.writer.firewallTimeout(at);
                } else if (trouble == Incident.Kind.TLS_INSPECTION) {
                    a.writer.tlsInspected(at);
                } else if (flaky && a.random.nextInt(3) == 0) {
                    a.writer.connectRefused(at);
                } else {
                    a.writer.doormanOk(at);
                }
                a.nextDoorman += trouble != null ? FAILURE_EVERY_MS : DOORMAN_EVERY_MS;
            }
            if (t >= a.nextLookup) {
                Instant at = Instant.ofEpochMilli(a.nextLookup);
                if (trouble != null) {
                    a.writer.lookupFailed(at);
                } else if (slowCloud) {
                    a.writer.lookup(at, 2500 + a.random.nextInt(3500));
                    if (a.endpoint.mailServer()) {
                        a.writer.mailScanSkipped(at.plusMillis(5));
                    }
                } else {
                    a.writer.lookup(at, 40 + a.random.nextInt(400));
                }
                a.nextLookup += LOOKUP_EVERY_MS;
            }
            if (t >= a.nextNoise) {
                Instant at = Instant.ofEpochMilli(a.nextNoise);
                if (a.random.nextInt(400) == 0) { // a rare, scattered driver failure: noise, not an outage
                    a.writer.contentFilterFailure(at);
                } else {
                    a.writer.noise(at);
                }
                a.nextNoise += NOISE_EVERY_MS;
            }
            a.writer.flush();
        }
    }

    /** Ticks once a second until the scenario ends (or forever when cycling) or the thread is interrupted. */
    public void run() throws InterruptedException {
        while (!finished() && !Thread.currentThread().isInterrupted()) {
            tick();
            Thread.sleep(1000);
        }
        tick();
    }

    @Override
    public void close() {
        agents.forEach(a -> a.writer.close());
    }
}
