package org.fleettelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlFilesTest {

    @Test
    void shouldParseEveryYamlFileWhenReadStrictly() {
        List<Path> files = new ArrayList<>(YamlDocs.filesUnder(DeployDir.compose()));
        files.addAll(YamlDocs.filesUnder(DeployDir.k8s()));

        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .contains(
                        "compose.yaml",
                        "kafka.yaml",
                        "topics.yaml",
                        "users.yaml",
                        "streams-app.yaml",
                        "streams-app-config.yaml",
                        "kustomization.yaml");
        for (Path file : files) {
            assertThat(YamlDocs.load(file)).as("documents in %s", file).isNotEmpty();
        }
    }

    @Test
    void shouldNameKindAndVersionWhenAResourceIsAKubernetesManifest() {
        // kustomization.yaml configures kubectl -k; it is not a resource sent to the API server
        for (K8sManifests.Resource r : K8sManifests.load().all().stream()
                .filter(r -> !"Kustomization".equals(r.doc().get("kind")))
                .toList()) {
            assertThat(r.doc()).as("%s", r.file()).containsKeys("apiVersion", "kind", "metadata");
            assertThat(r.name()).as("metadata.name in %s", r.file()).isNotBlank();
        }
    }

    @Test
    void shouldListEveryManifestWhenKustomizeAppliesTheDirectory() {
        K8sManifests k8s = K8sManifests.load();
        List<Object> listed = Node.list(k8s.only("Kustomization").doc(), "resources");
        List<String> files = YamlDocs.filesUnder(DeployDir.k8s()).stream()
                .map(p -> p.getFileName().toString())
                .filter(n -> !n.equals("kustomization.yaml") && !n.contains(".example."))
                .toList();

        assertThat(listed).extracting(Object::toString).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void shouldRefuseAFileWhenAKeyIsRepeated(@TempDir Path dir) {
        Path file = AppConfigs.write(dir, "twice.yaml", "a: 1\nb: 2\na: 3\n");

        assertThatThrownBy(() -> YamlDocs.load(file)).hasMessageContaining("duplicate key a");
    }

    @Test
    void shouldResolveMergeKeysWhenComposeUsesAnchors(@TempDir Path dir) {
        Path file =
                AppConfigs.write(dir, "merge.yaml", "x: &base {image: i, restart: always}\ns: {<<: *base, image: j}\n");

        assertThat(Node.map(YamlDocs.load(file).get(0), "s")).isEqualTo(Map.of("image", "j", "restart", "always"));
    }
}
