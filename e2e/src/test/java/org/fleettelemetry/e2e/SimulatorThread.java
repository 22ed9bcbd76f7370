package org.fleettelemetry.e2e;

import java.util.concurrent.atomic.AtomicReference;
import org.fleettelemetry.collector.sim.FleetSimulator;

/**
 * Ticks a {@link FleetSimulator} about once a second on its own thread, as {@code collector simulate} does, so
 * the agent logs grow in real time while the collectors tail them. The ticks are paced, not synchronised on:
 * the simulator writes what is due up to its clock's now, whenever it is called.
 */
final class SimulatorThread implements AutoCloseable {
    private final FleetSimulator simulator;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    SimulatorThread(FleetSimulator simulator) {
        this.simulator = simulator;
        this.thread = new Thread(this::loop, "fleet-simulator");
        this.thread.setDaemon(true);
    }

    SimulatorThread start() {
        thread.start();
        return this;
    }

    private void loop() {
        try {
            simulator.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure.set(e);
        }
    }

    /** Whether the scenario has played to its end (the thread then writes nothing more). */
    boolean finished() {
        rethrow();
        return !thread.isAlive();
    }

    /** A failure of the simulator (a log it could not write) fails the test instead of starving it. */
    void rethrow() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("the fleet simulator failed", t);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        simulator.close();
    }
}
