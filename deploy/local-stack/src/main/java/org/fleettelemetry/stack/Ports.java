package org.fleettelemetry.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/** Loopback port helpers. */
public final class Ports {
    /** How many ports handed out are remembered, so that none is handed out twice while its owner may use it. */
    static final int REMEMBERED = 4096;

    private static final Set<Integer> GIVEN = new LinkedHashSet<>();

    private Ports() {}

    /**
     * A port that was free a moment ago on 127.0.0.1, and not one this JVM handed out among its last
     * {@link #REMEMBERED}. The system may give the same ephemeral port to two binds in a row once the first socket is
     * closed: a broker was once configured with one port for two of its listeners ("If you have two listeners on the
     * same port...", a fresh-clone CI run of 2026-12-07) and the stack did not start.
     */
    public static int freePort() {
        synchronized (GIVEN) {
            for (int attempt = 0; attempt < 100; attempt++) {
                int port = bindAny();
                if (GIVEN.add(port)) {
                    if (GIVEN.size() > REMEMBERED) {
                        Iterator<Integer> eldest = GIVEN.iterator();
                        eldest.next();
                        eldest.remove();
                    }
                    return port;
                }
            }
        }
        throw new IllegalStateException("no loopback port that this JVM has not handed out in 100 attempts");
    }

    private static int bindAny() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
