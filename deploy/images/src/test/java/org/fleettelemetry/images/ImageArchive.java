package org.fleettelemetry.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An image tarball as {@code jib:buildTar} writes it ({@code docker save} layout: manifest.json, the
 * config JSON, one gzipped tar per layer), unpacked with the system's tar so that modes, owners and
 * links come out as a container runtime would lay them down.
 */
final class ImageArchive {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final JsonNode manifest;
    private final JsonNode config;

    private ImageArchive(Path dir, JsonNode manifest, JsonNode config) {
        this.dir = dir;
        this.manifest = manifest;
        this.config = config;
    }

    static ImageArchive open(Path tarball, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Commands.runOrFail(List.of("tar", "-xf", tarball.toString(), "-C", workDir.toString()));
        JsonNode manifests = JSON.readTree(workDir.resolve("manifest.json").toFile());
        if (manifests.size() != 1) {
            throw new IllegalStateException(
                    tarball + ": expected one image in manifest.json, found " + manifests.size());
        }
        JsonNode manifest = manifests.get(0);
        JsonNode config =
                JSON.readTree(workDir.resolve(manifest.get("Config").asText()).toFile());
        return new ImageArchive(workDir, manifest, config);
    }

    List<String> repoTags() {
        List<String> tags = new ArrayList<>();
        manifest.get("RepoTags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    /** The {@code config} object of the image config: Entrypoint, Cmd, User, Env, ExposedPorts, ... */
    JsonNode runConfig() {
        return config.get("config");
    }

    String os() {
        return config.path("os").asText(null);
    }

    String architecture() {
        return config.path("architecture").asText(null);
    }

    List<String> strings(String field) {
        List<String> values = new ArrayList<>();
        JsonNode node = runConfig().get(field);
        if (node != null) {
            node.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    List<String> fieldNames(String field) {
        List<String> names = new ArrayList<>();
        JsonNode node = runConfig().get(field);
        if (node != null) {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** Lays the layers down in order, as a runtime would (this image has no deletions to apply). */
    void unpackInto(Path rootfs) throws IOException, InterruptedException {
        Files.createDirectories(rootfs);
        for (JsonNode layer : manifest.get("Layers")) {
            Commands.runOrFail(List.of(
                    "tar",
                    "--warning=no-unknown-keyword",
                    "--same-owner",
                    "--same-permissions",
                    "-xf",
                    dir.resolve(layer.asText()).toString(),
                    "-C",
                    rootfs.toString()));
        }
    }
}
