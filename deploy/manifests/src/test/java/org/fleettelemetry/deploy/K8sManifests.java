package org.fleettelemetry.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every resource under deploy/k8s, with lookups by kind and name. */
final class K8sManifests {
    /** One resource and the file it came from. */
    record Resource(Path file, Map<String, Object> doc) {
        String kind() {
            return Node.text(doc, "kind");
        }

        String name() {
            return Node.text(Node.map(doc, "metadata"), "name");
        }

        Map<String, Object> spec() {
            return Node.map(doc, "spec");
        }
    }

    private final List<Resource> resources;

    private K8sManifests(List<Resource> resources) {
        this.resources = List.copyOf(resources);
    }

    static K8sManifests load() {
        List<Resource> all = new ArrayList<>();
        for (Path file : YamlDocs.filesUnder(DeployDir.k8s())) {
            YamlDocs.load(file).forEach(doc -> all.add(new Resource(file, doc)));
        }
        return new K8sManifests(all);
    }

    List<Resource> all() {
        return resources;
    }

    List<Resource> ofKind(String kind) {
        return resources.stream()
                .filter(r -> r.doc().containsKey("kind") && r.kind().equals(kind))
                .toList();
    }

    Resource get(String kind, String name) {
        List<Resource> found =
                ofKind(kind).stream().filter(r -> r.name().equals(name)).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException("expected exactly one " + kind + " named " + name + " under "
                    + DeployDir.k8s() + ", found " + found.size());
        }
        return found.get(0);
    }

    /** The one resource of a kind (the manifests deploy one Kafka cluster, one streams-app StatefulSet). */
    Resource only(String kind) {
        List<Resource> found = ofKind(kind);
        if (found.size() != 1) {
            throw new IllegalArgumentException("expected exactly one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }

    /** The namespace kustomization.yaml deploys into. */
    String namespace() {
        return Node.text(only("Kustomization").doc(), "namespace");
    }
}
