package org.fleettelemetry.deploy;

import java.util.List;
import java.util.Map;

/** A KafkaUser's simple-authorization ACLs, answering whether an operation on a resource is allowed. */
record Acls(String user, List<Map<String, Object>> rules) {

    static Acls of(K8sManifests.Resource kafkaUser) {
        List<Map<String, Object>> rules = Node.list(Node.map(kafkaUser.spec(), "authorization"), "acls").stream()
                .map(a -> Node.asMap(a, "acl"))
                .toList();
        return new Acls(kafkaUser.name(), rules);
    }

    boolean allows(String type, String name, String operation) {
        for (Map<String, Object> rule : rules) {
            Map<String, Object> resource = Node.map(rule, "resource");
            if (!Node.text(resource, "type").equals(type) || !matches(resource, name)) {
                continue;
            }
            List<String> operations =
                    Node.list(rule, "operations").stream().map(Object::toString).toList();
            if (operations.contains(operation) || operations.contains("All")) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Map<String, Object> resource, String name) {
        String pattern = resource.containsKey("name") ? Node.text(resource, "name") : "*";
        String patternType = resource.containsKey("patternType") ? Node.text(resource, "patternType") : "literal";
        if (pattern.equals("*")) {
            return true;
        }
        return patternType.equals("prefix") ? name.startsWith(pattern) : name.equals(pattern);
    }
}
