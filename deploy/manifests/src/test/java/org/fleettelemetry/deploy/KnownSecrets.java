package org.fleettelemetry.deploy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Secrets a pod may read, with their keys: those Strimzi writes (one per KafkaUser, the cluster CA certificate)
 * and those the manifests define (the example files included: they show the shape of the Secret an operator creates).
 */
final class KnownSecrets {
    private static final Set<String> SCRAM_USER_KEYS = Set.of("password", "sasl.jaas.config");
    private static final Set<String> TLS_USER_KEYS =
            Set.of("ca.crt", "user.crt", "user.key", "user.p12", "user.password");
    private static final Set<String> CLUSTER_CA_KEYS = Set.of("ca.crt", "ca.p12", "ca.password");

    private KnownSecrets() {}

    static Map<String, Set<String>> of(K8sManifests k8s) {
        Map<String, Set<String>> secrets = new HashMap<>();
        for (K8sManifests.Resource user : k8s.ofKind("KafkaUser")) {
            String type = Node.text(Node.map(user.spec(), "authentication"), "type");
            secrets.put(
                    user.name(),
                    switch (type) {
                        case "scram-sha-512" -> SCRAM_USER_KEYS;
                        case "tls" -> TLS_USER_KEYS;
                        default ->
                            throw new IllegalArgumentException("KafkaUser " + user.name() + ": authentication " + type);
                    });
        }
        for (K8sManifests.Resource kafka : k8s.ofKind("Kafka")) {
            secrets.put(kafka.name() + "-cluster-ca-cert", CLUSTER_CA_KEYS);
        }
        for (K8sManifests.Resource secret : k8s.ofKind("Secret")) {
            Map<String, Object> data = new HashMap<>(Node.mapOrEmpty(secret.doc(), "data"));
            data.putAll(Node.mapOrEmpty(secret.doc(), "stringData"));
            secrets.put(secret.name(), Set.copyOf(data.keySet()));
        }
        return secrets;
    }
}
