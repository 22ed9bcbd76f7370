package org.fleettelemetry.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Apicurio Registry (Maven Central distribution) in a child JVM, bound to loopback, serving the
 * Confluent Schema Registry API at {@link #url()}. Compatibility is set to BACKWARD at start, since
 * Apicurio's default is NONE. Its storage is an H2 database file under the registry's folder (Apicurio's
 * default is H2 in memory): the broker keeps its records across a restart, so the registry must keep the
 * schema ids those records carry, or a restarted registry hands out ids afresh and old records name the
 * wrong schema.
 */
public final class RegistryServer extends ChildService {
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    /** A deadline, not a pace: beside three brokers starting on two busy cores, Quarkus may need minutes. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    private final StackHome home;
    private final Path dir;
    private final int port;
    private final int managementPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public RegistryServer(StackHome home, Path dir, int port, int managementPort) {
        super("apicurio-registry", dir.toAbsolutePath().resolve("registry.log"), Duration.ofSeconds(20));
        this.home = home;
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.managementPort = managementPort;
    }

    public static RegistryServer onFreePorts(StackHome home, Path dir) {
        return new RegistryServer(home, dir, Ports.freePort(), Ports.freePort());
    }

    /** Base URL of the Confluent-compatible API, the value for {@code schema.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + port + CCOMPAT_PATH;
    }

    public int port() {
        return port;
    }

    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        Files.createDirectories(dir);
        Path jar = home.registryJar();
        process = ChildJvm.start(
                "apicurio-registry",
                List.of(
                        "-Xms128m",
                        "-Xmx512m",
                        "-XX:+UseSerialGC",
                        "-Dquarkus.http.host=127.0.0.1",
                        "-Dquarkus.http.port=" + port,
                        "-Dquarkus.management.host=127.0.0.1",
                        "-Dquarkus.management.port=" + managementPort,
                        "-Dquarkus.log.level=WARN",
                        "-Dquarkus.log.category.\"io.apicurio\".level=INFO",
                        "-Dapicurio.datasource.url=jdbc:h2:file:" + database(),
                        "-jar",
                        jar.toString()),
                List.of(),
                dir.resolve("registry.log"),
                jar.getParent());
        awaitReady();
        setGlobalCompatibility(url(), "BACKWARD");
    }

    /** The H2 database's path without its {@code .mv.db} suffix. */
    Path database() {
        return dir.resolve("data").resolve("registry");
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "the registry exited during start-up, see " + process.log() + ":\n" + process.tail(30));
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(url() + "/subjects"))
                                .timeout(Duration.ofSeconds(2))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the registry", e);
            }
            KafkaBroker.sleepQuietly(250);
        }
        throw new IOException("the registry did not answer within " + READY_TIMEOUT.toSeconds() + " s, see "
                + process.log() + ":\n" + process.tail(30));
    }

    /** PUT {@code /config} on a Confluent-compatible registry at {@code url}. */
    public static void setGlobalCompatibility(String url, String level) throws IOException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url + "/config"))
                            .timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("setting registry compatibility to " + level + " failed: HTTP "
                        + response.statusCode() + " " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while configuring the registry", e);
        }
    }
}
