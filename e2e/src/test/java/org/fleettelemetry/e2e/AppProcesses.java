package org.fleettelemetry.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleettelemetry.stack.ChildJvm;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.streams.StreamsAppMain;

/**
 * Streams-app instances as child JVMs ({@code StreamsAppMain run --set ...} on this test's classpath), each with its
 * own state folder, HTTP port and log, so that a test can kill one with SIGKILL as a crash would, which an instance
 * in the test's own JVM cannot show.
 */
final class AppProcesses implements AutoCloseable {
    static final String TOKEN = "it-cluster-token";

    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One running instance: its JVM and the address its query API answers on. */
    record Instance(String name, ChildJvm jvm, int port) {
        String address() {
            return "127.0.0.1:" + port;
        }
    }

    static AppProcesses start(
            List<String> names, KafkaStack stack, AppInstances.Topics topics, Path root, Map<String, String> settings) {
        AppProcesses apps = new AppProcesses();
        try {
            for (String name : names) {
                Map<String, String> c = AppInstances.config(stack, topics, root.resolve("state-" + name), settings);
                c.put("api.tokens", TOKEN);
                List<String> args = new ArrayList<>(List.of(StreamsAppMain.class.getName(), "run"));
                c.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
                ChildJvm jvm = ChildJvm.start(
                        "streams-app-" + name,
                        List.of("-Xmx320m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")),
                        args,
                        root.resolve("streams-app-" + name + ".log"),
                        root);
                apps.instances.put(name, new Instance(name, jvm, Integer.parseInt(c.get("http.port"))));
            }
        } catch (IOException e) {
            apps.close();
            throw new UncheckedIOException("starting a streams-app instance failed", e);
        }
        return apps;
    }

    Instance instance(String name) {
        Instance i = instances.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no instance " + name + " among " + instances.keySet());
        }
        return i;
    }

    /** The instance whose query API answers at {@code address} ({@code host:port}, as X-Fleet-Served-By names it). */
    Instance at(String address) {
        return instances.values().stream()
                .filter(i -> i.address().equals(address))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no instance at " + address));
    }

    List<Instance> all() {
        return List.copyOf(instances.values());
    }

    /** Every instance still alive answers /health/ready (Kafka Streams RUNNING); a dead one fails the wait at once. */
    boolean allReady() {
        for (Instance i : instances.values()) {
            if (!i.jvm().isAlive()) {
                throw new IllegalStateException(i.name() + " exited, see "
                        + i.jvm().log() + ":\n" + i.jvm().tail(30));
            }
            if (!isReady(i)) {
                return false;
            }
        }
        return true;
    }

    boolean isReady(Instance i) {
        try {
            return get(i, "/health/ready").statusCode() == 200;
        } catch (UncheckedIOException notListening) {
            return false;
        }
    }

    /** A GET with the API token; an unreachable instance is an {@link UncheckedIOException}. */
    HttpResponse<String> get(Instance i, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + i.address() + pathAndQuery))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN)
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(i.name() + " did not answer " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no commit, no leave-group; the group notices only by the session timeout. */
    void kill(String name) {
        instance(name).jvm().kill();
    }

    @Override
    public void close() {
        List<Thread> stoppers = instances.values().stream()
                .map(i -> new Thread(() -> i.jvm().stop(Duration.ofSeconds(40)), "stop-" + i.name()))
                .toList();
        stoppers.forEach(Thread::start);
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
