package org.fleettelemetry.deploy;

import java.util.Map;

/** Which listener of a Strimzi {@code Kafka} a client's bootstrap address reaches. */
final class StrimziListeners {
    private StrimziListeners() {}

    /** The listener on the port of {@code bootstrap}, which must name the cluster's bootstrap service. */
    static Map<String, Object> byBootstrap(K8sManifests.Resource kafka, String bootstrap, String bootstrapHost) {
        if (bootstrap == null || !bootstrap.startsWith(bootstrapHost + ":")) {
            throw new IllegalArgumentException(
                    "bootstrap " + bootstrap + " is not the cluster's " + bootstrapHost + ":PORT");
        }
        String port = bootstrap.substring(bootstrapHost.length() + 1);
        return Node.list(Node.map(kafka.spec(), "kafka"), "listeners").stream()
                .map(l -> Node.asMap(l, "listener"))
                .filter(l -> Node.text(l, "port").equals(port))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("Kafka " + kafka.name() + " has no listener on port " + port));
    }
}
