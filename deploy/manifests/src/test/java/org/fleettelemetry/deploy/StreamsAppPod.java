package org.fleettelemetry.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The streams-app StatefulSet's pod template, its one container, and what the pod would see at run time. */
record StreamsAppPod(
        K8sManifests k8s,
        K8sManifests.Resource statefulSet,
        Map<String, Object> podSpec,
        Map<String, Object> container) {

    static StreamsAppPod of(K8sManifests k8s) {
        K8sManifests.Resource sts = k8s.only("StatefulSet");
        Map<String, Object> podSpec = Node.at(sts.spec(), "template", "spec");
        List<Object> containers = Node.list(podSpec, "containers");
        if (containers.size() != 1) {
            throw new IllegalArgumentException(
                    "the streams-app pod should run one container, runs " + containers.size());
        }
        return new StreamsAppPod(k8s, sts, podSpec, Node.asMap(containers.get(0), "container"));
    }

    String podZeroName() {
        return statefulSet.name() + AppConfigs.POD_ZERO_SUFFIX;
    }

    List<String> args() {
        return Node.list(container, "args").stream().map(Object::toString).toList();
    }

    List<Object> envEntries() {
        return Node.listOrEmpty(container, "env");
    }

    Map<String, String> env() {
        return PodEnv.resolve(envEntries(), podZeroName(), k8s.namespace());
    }

    /**
     * The {@code --config} file as the pod sees it: the volume mounted over its directory must be a ConfigMap
     * holding the file name as a key. Written to {@code tempDir} so the app's own loader can read it.
     */
    Path configFile(Path tempDir) {
        String path = AppConfigs.configArgument(args());
        int slash = path.lastIndexOf('/');
        String dir = path.substring(0, slash);
        String fileName = path.substring(slash + 1);
        Map<String, Object> mount = Node.listOrEmpty(container, "volumeMounts").stream()
                .map(m -> Node.asMap(m, "volumeMount"))
                .filter(m -> Node.text(m, "mountPath").equals(dir))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "no volume is mounted at " + dir + ", where --config " + path + " points"));
        String volumeName = Node.text(mount, "name");
        Map<String, Object> volume = Node.list(podSpec, "volumes").stream()
                .map(v -> Node.asMap(v, "volume"))
                .filter(v -> Node.text(v, "name").equals(volumeName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("volumeMount " + volumeName + " names no volume"));
        String configMap = Node.text(Node.map(volume, "configMap"), "name");
        Map<String, Object> data = Node.map(k8s.get("ConfigMap", configMap).doc(), "data");
        if (!data.containsKey(fileName)) {
            throw new IllegalArgumentException("ConfigMap " + configMap + " has no key " + fileName + " (keys: "
                    + data.keySet() + "), so " + path + " does not exist in the pod");
        }
        return AppConfigs.write(tempDir, fileName, Node.text(data, fileName));
    }

    int httpContainerPort() {
        return Node.list(container, "ports").stream()
                .map(p -> Node.asMap(p, "port"))
                .filter(p -> "http".equals(p.get("name")))
                .map(p -> Integer.parseInt(Node.text(p, "containerPort")))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the container declares no port named http"));
    }

    Map<String, Object> probe(String kind) {
        return Node.map(container, kind);
    }

    Map<String, Object> podLabels() {
        return Node.at(statefulSet.spec(), "template", "metadata", "labels");
    }
}
