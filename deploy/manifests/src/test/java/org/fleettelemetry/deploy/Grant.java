package org.fleettelemetry.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One allowed operation of one principal on one resource pattern: the unit the three ACL tables (the secure local
 * stack's {@code BrokerSecurity}, compose's {@code create-acls.sh}, the KafkaUsers) are compared in, each rule with
 * several operations split into one grant per operation.
 */
record Grant(String principal, ResourceType type, PatternType pattern, String name, AclOperation operation) {
    static final String CLUSTER_NAME = org.apache.kafka.common.resource.Resource.CLUSTER_NAME;
    static final Comparator<Grant> ORDER = Comparator.comparing(Grant::principal)
            .thenComparing(g -> g.type().name())
            .thenComparing(Grant::name)
            .thenComparing(g -> g.pattern().name())
            .thenComparing(g -> g.operation().name());

    static Grant literal(String principal, ResourceType type, String name, AclOperation operation) {
        return new Grant(principal, type, PatternType.LITERAL, name, operation);
    }

    static Grant prefixed(String principal, ResourceType type, String prefix, AclOperation operation) {
        return new Grant(principal, type, PatternType.PREFIXED, prefix, operation);
    }

    static Grant cluster(String principal, AclOperation operation) {
        return literal(principal, ResourceType.CLUSTER, CLUSTER_NAME, operation);
    }

    /** An ALLOW binding for {@code User:<name>}; anything else is not modelled here. */
    static Grant of(AclBinding binding) {
        String principal = binding.entry().principal();
        if (!principal.startsWith("User:") || binding.entry().permissionType() != AclPermissionType.ALLOW) {
            throw new IllegalArgumentException("only ALLOW bindings for User principals are modelled: " + binding);
        }
        return new Grant(
                principal.substring("User:".length()),
                binding.pattern().resourceType(),
                binding.pattern().patternType(),
                binding.pattern().name(),
                binding.entry().operation());
    }

    /** A KafkaUser's {@code spec.authorization.acls} (Strimzi simple authorization): none without that section. */
    static List<Grant> ofKafkaUser(K8sManifests.Resource user) {
        Map<String, Object> authorization = Node.mapOrEmpty(user.spec(), "authorization");
        List<Grant> grants = new ArrayList<>();
        for (Object a : Node.listOrEmpty(authorization, "acls")) {
            Map<String, Object> rule = Node.asMap(a, "KafkaUser " + user.name() + " acl");
            if (rule.containsKey("type") && !"allow".equals(Node.text(rule, "type"))) {
                throw new IllegalArgumentException("KafkaUser " + user.name() + ": only allow rules are modelled");
            }
            Map<String, Object> resource = Node.map(rule, "resource");
            ResourceType type = resourceType(Node.text(resource, "type"));
            String name = type == ResourceType.CLUSTER ? CLUSTER_NAME : Node.text(resource, "name");
            String patternType = resource.containsKey("patternType") ? Node.text(resource, "patternType") : "literal";
            PatternType pattern = switch (patternType) {
                case "literal" -> PatternType.LITERAL;
                case "prefix" -> PatternType.PREFIXED;
                default ->
                    throw new IllegalArgumentException("KafkaUser " + user.name() + ": patternType " + patternType);
            };
            for (Object op : Node.list(rule, "operations")) {
                grants.add(new Grant(user.name(), type, pattern, name, operation(op.toString())));
            }
        }
        return grants;
    }

    /**
     * The {@code allow PRINCIPAL RESOURCE PATTERN NAME OPERATION...} lines of compose's create-acls.sh, as its
     * {@code allow} function hands them to kafka-acls.sh ({@code --topic}, {@code --group}, {@code --transactional-id},
     * {@code --cluster}; {@code --resource-pattern-type}; one {@code --operation} each).
     */
    static List<Grant> ofAclScript(Path script) {
        List<Grant> grants = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            if (!line.startsWith("allow ")) {
                continue;
            }
            List<String> words = Arrays.stream(line.trim().split("\\s+"))
                    .map(w -> w.replaceAll("^'(.*)'$", "$1").replaceAll("^\"(.*)\"$", "$1"))
                    .toList();
            if (words.size() < 6) {
                throw new IllegalArgumentException(script + ": `" + line + "` names no operation");
            }
            ResourceType type = switch (words.get(2)) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                case "transactional-id" -> ResourceType.TRANSACTIONAL_ID;
                case "cluster" -> ResourceType.CLUSTER;
                default -> throw new IllegalArgumentException(script + ": resource " + words.get(2));
            };
            PatternType pattern = PatternType.fromString(words.get(3).toUpperCase(Locale.ROOT));
            if (pattern != PatternType.LITERAL && pattern != PatternType.PREFIXED) {
                throw new IllegalArgumentException(script + ": pattern " + words.get(3));
            }
            String name = type == ResourceType.CLUSTER ? CLUSTER_NAME : words.get(4);
            for (String op : words.subList(5, words.size())) {
                grants.add(new Grant(words.get(1), type, pattern, name, operation(op)));
            }
        }
        return grants;
    }

    /** Strimzi's and kafka-acls' spelling ({@code Read}, {@code IdempotentWrite}, {@code All}), as an enum. */
    private static AclOperation operation(String name) {
        AclOperation op = AclOperation.fromString(upperSnake(name));
        if (op == AclOperation.UNKNOWN || op == AclOperation.ANY) {
            throw new IllegalArgumentException("not an ACL operation: " + name);
        }
        return op;
    }

    /** {@code topic}, {@code group}, {@code transactionalId}, {@code cluster}. */
    private static ResourceType resourceType(String name) {
        ResourceType type = ResourceType.fromString(upperSnake(name));
        if (type == ResourceType.UNKNOWN || type == ResourceType.ANY) {
            throw new IllegalArgumentException("not a resource type: " + name);
        }
        return type;
    }

    /** {@code IdempotentWrite} to {@code IDEMPOTENT_WRITE}. */
    private static String upperSnake(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** Whether this grant lets its principal do {@code op} on the resource {@code name} of {@code type}. */
    boolean allows(ResourceType resourceType, String resourceName, AclOperation op) {
        if (type != resourceType || (operation != op && operation != AclOperation.ALL)) {
            return false;
        }
        if (pattern == PatternType.PREFIXED) {
            return resourceName.startsWith(name);
        }
        return name.equals(ResourcePattern.WILDCARD_RESOURCE) || name.equals(resourceName);
    }

    @Override
    public String toString() {
        String resource = type.name().toLowerCase(Locale.ROOT) + " "
                + (pattern == PatternType.PREFIXED ? "prefix " + name + "*" : name);
        return principal + ": " + operation + " on " + resource;
    }
}
