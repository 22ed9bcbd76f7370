package org.fleettelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.schemas.Topics;
import org.fleettelemetry.stack.BrokerSecurity;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17: the secure local stack ({@code BrokerSecurity.acls()}), compose.secure.yaml's security-init
 * ({@code create-acls.sh}) and the KafkaUsers give collector, streams-app and soc-reader exactly what the apps' code
 * touches ({@link AppNeeds}), checked both ways: every grant an app needs is given, and no principal has a grant it
 * does not need (no other topic, no wildcard beyond its prefixes, no Read for the collector). admin is a super user
 * and has no ACL; the only other principal is the registry's kafkasql storage, granted alike in compose and k8s.
 */
class AclReverseCheckTest {
    private static final String REGISTRY = "registry";
    private static final String SECURITY_INIT = "security-init";

    /** The SOC console's real consumer group (soc-console-<pid>), read from the running command. */
    private static String socGroup;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void findTheConsolesGroup() throws Exception {
        socGroup = SocConsoleGroup.consoleGroup();
    }

    @Test
    void shouldGrantExactlyWhatTheAppsNeedWhenTheSecureLocalStackAppliesItsAcls() {
        StreamsAppConfig defaults = StreamsAppConfig.from(
                Map.of("kafka.bootstrap.servers", "127.0.0.1:9092", "schema.registry.url", "http://127.0.0.1:8081"));
        List<Grant> grants = BrokerSecurity.acls().stream().map(Grant::of).toList();

        assertExactly(
                "the secure local stack (BrokerSecurity.acls())",
                grants,
                AppNeeds.of(defaults, Topics.EVENTS, Topics.HEARTBEATS, socGroup));
        assertThat(appPrincipals(grants)).containsExactlyInAnyOrderElementsOf(AppNeeds.APPS);
    }

    @Test
    void shouldGrantExactlyWhatTheAppsNeedWhenComposeSecurityInitRuns() {
        ComposeFile compose = ComposeFile.loadSecure();
        List<ComposeFile.Service> instances = compose.servicesOfApp("streams-app");
        assertThat(instances).isNotEmpty();
        StreamsAppConfig streams = AppConfigs.composeStreams(instances.get(0));
        instances.forEach(s -> assertThat(AppConfigs.composeStreams(s).applicationId())
                .as("%s application.id", s.name())
                .isEqualTo(streams.applicationId()));
        List<ComposeFile.Service> collectors = compose.servicesOfApp("collector");
        assertThat(collectors).isNotEmpty();
        CollectorConfig collector = AppConfigs.composeCollector(collectors.get(0));
        List<Grant> grants = Grant.ofAclScript(aclScript(compose));

        assertExactly(
                "compose.secure.yaml (config/secure/create-acls.sh)",
                grants,
                AppNeeds.of(streams, collector.topicEvents(), collector.topicHeartbeats(), socGroup));
        assertOnlyTheRegistryBeside(grants, "compose.secure.yaml");
    }

    @Test
    void shouldGrantExactlyWhatTheAppsNeedWhenTheKafkaUsersAreApplied() {
        K8sManifests k8s = K8sManifests.load();
        StreamsAppConfig streams = AppConfigs.k8sStreams(k8s, tempDir);
        CollectorConfig endpoint =
                AppConfigs.collector(DeployDir.k8s().resolve("collector-endpoint.example.properties"), Map.of());
        List<Grant> grants = k8s.ofKind("KafkaUser").stream()
                .flatMap(u -> Grant.ofKafkaUser(u).stream())
                .toList();

        assertExactly(
                "deploy/k8s/users.yaml",
                grants,
                AppNeeds.of(streams, endpoint.topicEvents(), endpoint.topicHeartbeats(), socGroup));
        assertOnlyTheRegistryBeside(grants, "deploy/k8s/users.yaml");
        assertThat(k8s.ofKind("KafkaUser"))
                .extracting(K8sManifests.Resource::name)
                .as("the KafkaUsers: the stack's principals and the registry")
                .containsExactlyInAnyOrderElementsOf(List.of(
                        BrokerSecurity.ADMIN, AppNeeds.COLLECTOR, AppNeeds.STREAMS_APP, AppNeeds.SOC_READER, REGISTRY));
    }

    @Test
    void shouldGrantTheRegistryAlikeWhenComposeAndKubernetesStoreSchemasInKafka() {
        Set<Grant> compose = only(REGISTRY, Grant.ofAclScript(aclScript(ComposeFile.loadSecure())));
        Set<Grant> k8s = only(REGISTRY, Grant.ofKafkaUser(K8sManifests.load().get("KafkaUser", REGISTRY)));

        assertThat(compose).as("the registry's grants in compose").isNotEmpty();
        assertThat(compose).as("the registry's grants, compose and k8s").isEqualTo(k8s);
        // its storage topics only: a prefix of its own, never one of the apps' topics
        for (String topic :
                List.of(Topics.EVENTS, Topics.HEARTBEATS, Topics.ALERTS, Topics.ACTIONS, Topics.DEAD_LETTER)) {
            assertThat(compose)
                    .as("registry may touch %s", topic)
                    .noneMatch(g -> g.allows(ResourceType.TOPIC, topic, g.operation()));
        }
    }

    @Test
    void shouldDeriveTheSocGroupPrefixWhenTheConsoleJoinsItsGroup() {
        assertThat(socGroup).startsWith(BrokerSecurity.SOC_GROUP_PREFIX);
        assertThat(AppNeeds.groupPrefix(socGroup)).isEqualTo("soc-");
    }

    /** Both directions, with one line per missing or extra grant naming the principal and the grant. */
    private static void assertExactly(String where, List<Grant> grants, Set<Grant> needs) {
        Set<Grant> given = new TreeSet<>(Grant.ORDER);
        grants.stream().filter(g -> AppNeeds.APPS.contains(g.principal())).forEach(given::add);
        List<String> problems = new ArrayList<>();
        for (Grant need : needs) {
            if (!given.contains(need)) {
                problems.add("missing: " + need + " (the app needs it)");
            }
        }
        for (Grant g : given) {
            if (!needs.contains(g)) {
                problems.add("not needed: " + g);
            }
        }
        // the explicit rule of issue #17, whatever the derivation says
        grants.stream()
                .filter(g -> g.principal().equals(AppNeeds.COLLECTOR)
                        && (g.operation() == AclOperation.READ || g.operation() == AclOperation.ALL))
                .forEach(g -> problems.add("the collector reads nothing, but has " + g));
        assertThat(problems).as("%s against what the apps' code touches", where).isEmpty();
        assertThat(needs).as("grants compared").hasSizeGreaterThan(15);
    }

    /** No grant for admin (a super user) or any principal but the apps and the registry. */
    private static void assertOnlyTheRegistryBeside(List<Grant> grants, String where) {
        assertThat(grants.stream()
                        .map(Grant::principal)
                        .filter(p -> !AppNeeds.APPS.contains(p))
                        .collect(Collectors.toSet()))
                .as("%s: principals with ACLs besides the apps", where)
                .containsOnly(REGISTRY);
    }

    private static Set<String> appPrincipals(List<Grant> grants) {
        return grants.stream().map(Grant::principal).collect(Collectors.toSet());
    }

    private static Set<Grant> only(String principal, List<Grant> grants) {
        Set<Grant> out = new TreeSet<>(Grant.ORDER);
        grants.stream().filter(g -> g.principal().equals(principal)).forEach(out::add);
        return out;
    }

    /** The script security-init runs (the last entrypoint argument), as compose mounts it. */
    static Path aclScript(ComposeFile compose) {
        ComposeFile.Service init = compose.service(SECURITY_INIT);
        List<Object> entrypoint = Node.list(init.spec(), "entrypoint");
        String script = entrypoint.get(entrypoint.size() - 1).toString();
        return ComposeFile.hostPath(init.mountSource(script)
                .orElseThrow(
                        () -> new AssertionError(SECURITY_INIT + " runs " + script + " but nothing is mounted there")));
    }
}
