package org.fleettelemetry.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class BrokerSecurityTest {

    private static List<AclBinding> of(String principal) {
        return BrokerSecurity.acls().stream()
                .filter(b -> b.entry().principal().equals("User:" + principal))
                .toList();
    }

    private static Set<String> grants(String principal) {
        return of(principal).stream()
                .map(b -> b.pattern().resourceType() + ":" + b.pattern().patternType() + ":"
                        + b.pattern().name() + ":" + b.entry().operation())
                .collect(Collectors.toSet());
    }

    @Test
    void shouldOnlyAllowAndNeverGrantAdminAnAclWhenBuilt() {
        assertThat(BrokerSecurity.acls())
                .allSatisfy(b -> assertThat(b.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW));
        assertThat(of(BrokerSecurity.ADMIN)).as("admin is a super user").isEmpty();
    }

    @Test
    void shouldLetTheCollectorOnlyWriteAndDescribeItsTwoTopicsWhenBuilt() {
        assertThat(grants(BrokerSecurity.COLLECTOR))
                .containsExactlyInAnyOrder(
                        "TOPIC:LITERAL:fleet.endpoint-events.v1:WRITE",
                        "TOPIC:LITERAL:fleet.endpoint-events.v1:DESCRIBE",
                        "TOPIC:LITERAL:fleet.endpoint-heartbeats.v1:WRITE",
                        "TOPIC:LITERAL:fleet.endpoint-heartbeats.v1:DESCRIBE",
                        "CLUSTER:LITERAL:kafka-cluster:IDEMPOTENT_WRITE");
    }

    @Test
    void shouldLetTheSocReaderOnlyReadAlertsInSocGroupsWhenBuilt() {
        assertThat(grants(BrokerSecurity.SOC_READER))
                .containsExactlyInAnyOrder(
                        "TOPIC:LITERAL:fleet.connectivity-alerts.v1:READ",
                        "TOPIC:LITERAL:fleet.connectivity-alerts.v1:DESCRIBE",
                        "GROUP:PREFIXED:soc-:READ",
                        "GROUP:PREFIXED:soc-:DESCRIBE");
    }

    @Test
    void shouldScopeTheStreamsAppsPrefixesToItsApplicationIdAndWriteOnlyAlertsAndDeadLettersWhenBuilt() {
        List<AclBinding> app = of(BrokerSecurity.STREAMS_APP);
        assertThat(app)
                .filteredOn(b -> b.pattern().patternType() == PatternType.PREFIXED)
                .allSatisfy(b -> assertThat(b.pattern().name()).isEqualTo(BrokerSecurity.STREAMS_APPLICATION_ID + "-"));
        assertThat(app)
                .filteredOn(b -> b.pattern().resourceType() == ResourceType.GROUP)
                .allSatisfy(b -> {
                    assertThat(b.pattern().patternType()).isEqualTo(PatternType.LITERAL);
                    assertThat(b.pattern().name()).isEqualTo(BrokerSecurity.STREAMS_APPLICATION_ID);
                });
        assertThat(app)
                .filteredOn(b -> b.pattern().resourceType() == ResourceType.TOPIC
                        && b.pattern().patternType() == PatternType.LITERAL
                        && b.entry().operation() == AclOperation.WRITE)
                .extracting(b -> b.pattern().name())
                .containsExactlyInAnyOrder(BrokerSecurity.ALERTS, BrokerSecurity.DEAD_LETTER, BrokerSecurity.ACTIONS);
        assertThat(app)
                .filteredOn(b -> b.entry().operation() == AclOperation.READ
                        && b.pattern().resourceType() == ResourceType.TOPIC)
                .extracting(b -> b.pattern().name())
                .containsExactlyInAnyOrder(BrokerSecurity.EVENTS, BrokerSecurity.HEARTBEATS, BrokerSecurity.ACTIONS);
    }
}
