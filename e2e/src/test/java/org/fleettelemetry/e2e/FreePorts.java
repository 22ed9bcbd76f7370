package org.fleettelemetry.e2e;

import org.fleettelemetry.stack.Ports;

/**
 * A loopback port free right now: other ITs run beside these on the same machine, fixed ports would clash. The stack's
 * picker, so that an app's port is never one the stack's brokers or registry were given in this JVM.
 */
final class FreePorts {
    private FreePorts() {}

    static int next() {
        return Ports.freePort();
    }
}
