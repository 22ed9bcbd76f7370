package org.fleettelemetry.collector.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.fleettelemetry.collector.sim.FleetLayout;
import org.fleettelemetry.collector.sim.FleetSimulator;
import org.fleettelemetry.collector.sim.Incident;
import org.fleettelemetry.collector.sim.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code collector simulate --fleet-dir DIR}: writes a simulated fleet's agent logs in real time. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Write realistic agent logs for a simulated fleet with scripted incidents, in real time.")
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--fleet-dir", required = true)
    Path fleetDir;

    @Option(names = "--endpoints", description = "Endpoints (default ${DEFAULT-VALUE})")
    int endpoints = 200;

    @Option(names = "--sites", description = "Sites, 3 to 6 (default ${DEFAULT-VALUE})")
    int sites = 4;

    @Option(names = "--scale", description = "Scenario time scale: 1 = about 7 minutes (default ${DEFAULT-VALUE})")
    double scale = 1.0;

    @Option(names = "--cycle", description = "Start the scenario again when it ends, until stopped")
    boolean cycle;

    @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE})")
    long seed = 20211112L;

    @Override
    public Integer call() throws Exception {
        FleetLayout layout = FleetLayout.of(endpoints, sites, seed);
        Scenario scenario = Scenario.demo(layout, scale);
        System.err.printf(
                "simulate: %d endpoints at %s, scenario of %d s%s, seed %d%n",
                endpoints, layout.sites(), scenario.length().toSeconds(), cycle ? " (cycling)" : "", seed);
        for (Incident i : scenario.incidents()) {
            System.err.printf(
                    "  %-10s %-4s %-28s from %4d s to %4d s%n",
                    i.kind(),
                    i.site() == null ? "all" : i.site(),
                    i.proxy() != null ? i.proxy() : i.endpoint() != null ? i.endpoint() : "",
                    i.start().toSeconds(),
                    i.end().toSeconds());
        }
        try (FleetSimulator sim = new FleetSimulator(fleetDir, layout, scenario, Clock.systemUTC(), seed, cycle)) {
            Set<Incident> announced = new HashSet<>();
            while (!sim.finished() && !Thread.currentThread().isInterrupted()) {
                sim.tick();
                List<Incident> active = sim.active();
                for (Incident i : active) {
                    if (announced.add(i)) {
                        System.err.printf(
                                "simulate: %s at %s starts%n", i.kind(), i.site() == null ? "every site" : i.site());
                    }
                }
                for (Incident i : Set.copyOf(announced)) {
                    if (!active.contains(i)) {
                        announced.remove(i);
                        System.err.printf(
                                "simulate: %s at %s ends%n", i.kind(), i.site() == null ? "every site" : i.site());
                    }
                }
                Thread.sleep(1000);
            }
            System.err.printf("simulate: done, %d lines written%n", sim.linesWritten());
        }
        return 0;
    }
}
