package org.fleettelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.fleettelemetry.stack.BrokerSecurity;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes KafkaUsers give each app at least what the secure local stack gives it. The stack's ACLs are the ones
 * the apps are shown to run under on a real broker (SecureStackIT, SecureStackCollectorIT, SecureStreamsIT: the
 * collector ships, the streams app runs exactly_once_v2 and writes an acknowledgement, the SOC reader reads alerts),
 * so a grant the manifests lack is one a real deployment would be refused.
 */
class SecureStackAclsTest {
    /** The stack's principal, and the KafkaUser of deploy/k8s/users.yaml that plays its part. */
    private static final Map<String, String> USERS = Map.of(
            BrokerSecurity.COLLECTOR, "collector",
            BrokerSecurity.STREAMS_APP, "streams-app",
            BrokerSecurity.SOC_READER, "soc-reader");

    @Test
    void shouldGrantEachKafkaUserEverythingTheSecureStackShowsItsAppNeeds() {
        K8sManifests k8s = K8sManifests.load();
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (AclBinding b : BrokerSecurity.acls()) {
            String principal = b.entry().principal().substring("User:".length());
            String user = USERS.get(principal);
            if (user == null) {
                continue; // admin: the cluster's operator, not an app
            }
            if (b.pattern().resourceType() == ResourceType.CLUSTER
                    && b.entry().operation() == AclOperation.IDEMPOTENT_WRITE) {
                // since Kafka 3.0 (KIP-679) Write on a topic allows idempotent writes to it; the stack grants the
                // cluster right as well for older brokers, the manifests rely on the topic rights
                continue;
            }
            Acls acls = Acls.of(k8s.get("KafkaUser", user));
            // a prefixed grant is checked with a name under the prefix, as the app makes them
            String name = b.pattern().patternType() == PatternType.PREFIXED
                    ? b.pattern().name() + "probe"
                    : b.pattern().name();
            String type = strimziType(b.pattern().resourceType());
            String operation = strimziOperation(b.entry().operation());
            checked++;
            if (!acls.allows(type, name, operation)) {
                missing.add(user + ": " + operation + " on " + type + " " + name);
            }
        }
        assertThat(checked).as("grants compared").isGreaterThan(10);
        assertThat(missing)
                .as("grants the secure stack's apps need that deploy/k8s/users.yaml lacks")
                .isEmpty();
    }

    private static String strimziType(ResourceType type) {
        return switch (type) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case TRANSACTIONAL_ID -> "transactionalId";
            case CLUSTER -> "cluster";
            default -> throw new AssertionError("no Strimzi resource type for " + type);
        };
    }

    /** Strimzi's spelling: Read, Write, Describe, All, IdempotentWrite. */
    private static String strimziOperation(AclOperation op) {
        StringBuilder out = new StringBuilder();
        for (String part : op.name().toLowerCase(Locale.ROOT).split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }
}
