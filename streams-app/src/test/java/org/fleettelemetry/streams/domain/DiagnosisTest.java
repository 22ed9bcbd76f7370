package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DiagnosisTest {
    private static final String PROXY = "proxy.example.intern:3128";
    private static final List<String> EPP = List.of("Elements EPP for Computers");

    @Test
    void shouldGiveTheArticleStepsInOrderWhenTheProxyNameDoesNotResolve() {
        Diagnosis d = Diagnosis.of(ErrorClass.PROXY_DNS, AlertScope.SITE, PROXY, EPP, List.of("proxy.example.intern"));

        assertThat(d.cause()).startsWith("Proxy name does not resolve: " + PROXY);
        assertThat(d.steps()).hasSize(4);
        assertThat(d.steps().get(0).text())
                .contains("Fix DNS for the proxy " + PROXY, Diagnosis.PROXY_REGISTRY_KEY, "\"value\"", "\"access\"");
        assertThat(d.steps().get(1)).isEqualTo(Diagnosis.CACHE_CLEAN_UP);
        assertThat(d.steps().get(2).commands())
                .containsExactly("\"C:\\Program Files (x86)\\F-Secure\\PSB\\ui\\fsconnectionchecker.exe\"");
        assertThat(d.steps().get(3)).isEqualTo(Diagnosis.Step.of(Diagnosis.LOGS));
        assertThat(d.remediation()).as("one line per step").hasSize(4);
    }

    @Test
    void shouldGiveTheCacheCleanUpAsOneStepWhenTheAlertCarriesIt() {
        Diagnosis d = Diagnosis.of(ErrorClass.TIMEOUT, AlertScope.SITE, PROXY, EPP, List.of("doorman.sc.fsapi.com"));

        assertThat(d.remediation())
                .as("no command is a step of its own")
                .noneMatch(step -> step.startsWith("net ") || step.startsWith("Delete every file"));
        assertThat(d.remediation())
                .filteredOn(step -> step.contains("fsulnethoster"))
                .singleElement()
                .satisfies(step -> assertThat(step)
                        .startsWith(Diagnosis.CACHE_INTRO)
                        .contains("net stop fsulnethoster", "fsscor", "net start fsulnethoster"));
    }

    @Test
    void shouldKeepTheCommandsOfAStepApartFromItsText() {
        Diagnosis d = Diagnosis.of(ErrorClass.TIMEOUT, AlertScope.SITE, PROXY, EPP, List.of("doorman.sc.fsapi.com"));

        assertThat(d.steps())
                .filteredOn(step -> step.text().contains("cached query results"))
                .singleElement()
                .satisfies(step -> {
                    assertThat(step.text()).isEqualTo(Diagnosis.CACHE_INTRO).doesNotContain("net ");
                    assertThat(step.commands())
                            .containsExactly(
                                    "net stop fsulnethoster",
                                    "del /q \"C:\\Windows\\ServiceProfiles\\NetworkService\\AppData\\Local\\F-Secure\\fsscor\\*\"",
                                    "net start fsulnethoster");
                    assertThat(step.asLine())
                            .isEqualTo(Diagnosis.CACHE_INTRO + " net stop fsulnethoster; " + Diagnosis.CACHE_DELETE
                                    + "; net start fsulnethoster");
                });
        assertThat(d.steps())
                .filteredOn(step -> step.commands().isEmpty())
                .allSatisfy(step -> assertThat(step.asLine()).isEqualTo(step.text()));
        assertThat(d.remediation())
                .containsExactlyElementsOf(
                        d.steps().stream().map(Diagnosis.Step::asLine).toList());
    }

    @Test
    void shouldPutTheProxyFixFirstAndNoAllowListingWhenTheProxyNameDoesNotResolve() {
        Diagnosis d = Diagnosis.of(ErrorClass.PROXY_DNS, AlertScope.SITE, PROXY, EPP, List.of("proxy.example.intern"));

        assertThat(d.steps().get(0).text()).startsWith("Fix DNS for the proxy " + PROXY);
        assertThat(d.steps()).extracting(Diagnosis.Step::text).doesNotContain(Diagnosis.ALLOW_LIST);
    }

    @Test
    void shouldExemptTheCloudFromProxyAuthenticationFirstWhenTheProxyAsksForCredentials() {
        Diagnosis d = Diagnosis.of(ErrorClass.PROXY_AUTH, AlertScope.SITE, PROXY, EPP, List.of("doorman.sc.fsapi.com"));

        assertThat(d.cause())
                .startsWith("Proxy requires authentication (HTTP 407 Proxy Authentication Required")
                .contains("the agent does not present")
                .contains("doorman.sc.fsapi.com")
                .endsWith("(via proxy " + PROXY + ")");
        assertThat(d.steps().get(0).text())
                .startsWith("Exempt *.f-secure.com and *.fsapi.com from proxy authentication on the proxy " + PROXY)
                .contains("configure the agent's proxy credentials in its policy");
        assertThat(d.steps().get(1)).isEqualTo(Diagnosis.CACHE_CLEAN_UP);
        assertThat(d.steps()).extracting(Diagnosis.Step::text).doesNotContain(Diagnosis.ALLOW_LIST);
    }

    @ParameterizedTest
    @EnumSource(
            value = ErrorClass.class,
            names = {"TIMEOUT", "CONNECT_REFUSED", "TLS_INSPECTION"})
    void shouldAllowListRightAfterTheCausesOwnFixWhenAFilterMayDropTheConnections(ErrorClass errorClass) {
        for (AlertScope scope : List.of(AlertScope.SITE, AlertScope.FLEET)) {
            List<String> texts = Diagnosis.of(
                            errorClass,
                            scope,
                            scope == AlertScope.SITE ? PROXY : null,
                            EPP,
                            List.of("doorman.sc.fsapi.com"))
                    .steps()
                    .stream()
                    .map(Diagnosis.Step::text)
                    .toList();
            int fix = scope == AlertScope.FLEET ? 1 : 0;
            assertThat(texts.get(fix))
                    .as("%s %s: the cause's own fix", errorClass, scope)
                    .isNotEqualTo(Diagnosis.ALLOW_LIST)
                    .contains(errorClass == ErrorClass.TLS_INSPECTION ? "TLS inspection" : "doorman.sc.fsapi.com");
            assertThat(texts.get(fix + 1)).as("%s %s", errorClass, scope).isEqualTo(Diagnosis.ALLOW_LIST);
            assertThat(texts.get(fix + 2)).isEqualTo(Diagnosis.CACHE_INTRO);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = ErrorClass.class,
            names = {"TIMEOUT", "CONNECT_REFUSED", "TLS_INSPECTION"},
            mode = EnumSource.Mode.EXCLUDE)
    void shouldNotAllowListWhenAFilterDroppingConnectionsIsNotTheCause(ErrorClass errorClass) {
        for (AlertScope scope : List.of(AlertScope.SITE, AlertScope.FLEET)) {
            Diagnosis d = Diagnosis.of(errorClass, scope, scope == AlertScope.SITE ? PROXY : null, EPP, List.of());
            assertThat(d.steps())
                    .extracting(Diagnosis.Step::text)
                    .as("%s %s", errorClass, scope)
                    .doesNotContain(Diagnosis.ALLOW_LIST);
        }
    }

    @ParameterizedTest
    @EnumSource(ErrorClass.class)
    void shouldEndWithTheCacheCleanUpThenTheConnectivityToolThenTheLogs(ErrorClass errorClass) {
        for (AlertScope scope : List.of(AlertScope.SITE, AlertScope.FLEET)) {
            List<Diagnosis.Step> steps = Diagnosis.of(
                            errorClass, scope, scope == AlertScope.SITE ? PROXY : null, EPP, List.of())
                    .steps();
            int n = steps.size();
            assertThat(steps.get(n - 1).text()).isEqualTo(Diagnosis.LOGS);
            assertThat(steps.get(n - 2).text()).contains("connectivity tool");
            if (errorClass != ErrorClass.CONTENT_FILTER) {
                assertThat(steps.get(n - 3)).as("%s %s", errorClass, scope).isEqualTo(Diagnosis.CACHE_CLEAN_UP);
                assertThat(steps.subList(0, n - 3))
                        .as("%s %s: the cause's own fix comes first", errorClass, scope)
                        .isNotEmpty()
                        .extracting(Diagnosis.Step::text)
                        .doesNotContain(Diagnosis.CACHE_INTRO, Diagnosis.LOGS);
            }
        }
    }

    @Test
    void shouldNameTheHostsTheAgentNeedsWhenNoFailureNamedAHost() {
        Diagnosis backend = Diagnosis.of(ErrorClass.BACKEND_DNS, AlertScope.SITE, PROXY, EPP, List.of());
        assertThat(backend.cause())
                .isEqualTo("Backend name does not resolve (curl 6 CURLE_COULDNT_RESOLVE_HOST):"
                        + " the agent needs doorman.sc.fsapi.com and *.fsapi.com (via proxy " + PROXY + ")");
        assertThat(backend.steps().get(0).text())
                .startsWith("Fix DNS resolution of doorman.sc.fsapi.com and *.fsapi.com");

        Diagnosis proxy = Diagnosis.of(ErrorClass.PROXY_DNS, AlertScope.FLEET, null, EPP, List.of());
        assertThat(proxy.cause()).startsWith("Proxy name does not resolve (curl 5 CURLE_COULDNT_RESOLVE_PROXY,");
    }

    @Test
    void shouldNameTheHostAndTheFirewallWhenConnectionsTimeOut() {
        Diagnosis d = Diagnosis.of(ErrorClass.TIMEOUT, AlertScope.SITE, "DIRECT", EPP, List.of("doorman.sc.fsapi.com"));
        assertThat(d.cause())
                .contains(
                        "typical of a firewall or a proxy not forwarding", "doorman.sc.fsapi.com", "direct connection");
    }

    @Test
    void shouldPointAtTheCloudOrTheInternetPathWhenTheScopeIsTheFleet() {
        Diagnosis d = Diagnosis.of(ErrorClass.TIMEOUT, AlertScope.FLEET, null, EPP, List.of());
        assertThat(d.cause()).contains("the vendor's cloud or the internet path rather than a local proxy");
        assertThat(d.steps().get(0).text()).contains("vendor's service status");
    }

    @Test
    void shouldListEveryToolWhenTheProductIsUnknown() {
        Diagnosis d = Diagnosis.of(ErrorClass.CONNECT_REFUSED, AlertScope.SITE, PROXY, List.of("Something"), List.of());
        String text = "Test the connection with the vendor's connectivity tool on an affected endpoint: ";
        assertThat(d.steps())
                .filteredOn(s -> s.text().contains("connectivity tool"))
                .containsExactly(
                        new Diagnosis.Step(
                                text + "Client Security (15.20 and later):",
                                List.of(
                                        "\"C:\\Program Files (x86)\\F-Secure\\Client Security\\ui\\fsconnectionchecker.exe\"")),
                        new Diagnosis.Step(
                                text + "Server Security (15.10 and later):",
                                List.of(
                                        "\"C:\\Program Files (x86)\\F-Secure\\Server Security\\ui\\fsconnectionchecker.exe\"")),
                        new Diagnosis.Step(
                                text + "Elements EPP:",
                                List.of("\"C:\\Program Files (x86)\\F-Secure\\PSB\\ui\\fsconnectionchecker.exe\"")));
    }

    @Test
    void shouldListOnlyTheToolsOfTheProductsInvolved() {
        Diagnosis d = Diagnosis.of(
                ErrorClass.TIMEOUT,
                AlertScope.SITE,
                PROXY,
                List.of("Business Suite Server Security", "Business Suite Client Security"),
                List.of());
        assertThat(d.remediation())
                .filteredOn(s -> s.contains("fsconnectionchecker.exe"))
                .hasSize(2)
                .noneMatch(s -> s.contains("PSB"));
    }

    @ParameterizedTest
    @EnumSource(
            value = ErrorClass.class,
            names = {
                "PROXY_DNS",
                "BACKEND_DNS",
                "CONNECT_REFUSED",
                "TIMEOUT",
                "TLS_INSPECTION",
                "RECV_ERROR",
                "PROXY_AUTH",
                "NETWORK_FAILURE"
            })
    void shouldImpactEveryCloudFeatureWhenTheNetworkFails(ErrorClass errorClass) {
        assertThat(Diagnosis.of(errorClass, AlertScope.SITE, PROXY, EPP, List.of())
                        .impact())
                .containsExactly(
                        Impact.DEEPGUARD,
                        Impact.APPLICATION_CONTROL,
                        Impact.FILE_SCANNING,
                        Impact.BROWSING_PROTECTION,
                        Impact.WEB_TRAFFIC_SCANNING);
        assertThat(Diagnosis.of(errorClass, AlertScope.SITE, PROXY, List.of("Elements EPP for Servers"), List.of())
                        .impact())
                .as("transportAgent runs on servers")
                .contains(Impact.EMAIL_URL_SCANNING);
    }

    @Test
    void shouldImpactOnlyTheFeatureOfANarrowClass() {
        assertThat(Diagnosis.of(ErrorClass.CONTENT_FILTER, AlertScope.SITE, PROXY, EPP, List.of())
                        .impact())
                .containsExactly(Impact.WEB_TRAFFIC_SCANNING);
        assertThat(Diagnosis.of(ErrorClass.MAIL_URL_SCAN, AlertScope.SITE, PROXY, EPP, List.of())
                        .impact())
                .containsExactly(Impact.EMAIL_URL_SCANNING);
        assertThat(Diagnosis.of(ErrorClass.CLOUD_LOOKUP, AlertScope.SITE, PROXY, EPP, List.of())
                        .impact())
                .containsExactly(Impact.DEEPGUARD, Impact.APPLICATION_CONTROL, Impact.FILE_SCANNING);
    }

    @ParameterizedTest
    @EnumSource(ErrorClass.class)
    void shouldEndWithTheLogsToCheckWhateverTheClass(ErrorClass errorClass) {
        for (AlertScope scope : List.of(AlertScope.SITE, AlertScope.FLEET)) {
            Diagnosis d = Diagnosis.of(errorClass, scope, scope == AlertScope.SITE ? PROXY : null, EPP, List.of());
            assertThat(d.cause()).isNotBlank();
            assertThat(d.impact()).isNotEmpty();
            assertThat(d.remediation()).last().isEqualTo(Diagnosis.LOGS);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = ErrorClass.class,
            names = {
                "PROXY_DNS",
                "CONNECT_REFUSED",
                "TIMEOUT",
                "TLS_INSPECTION",
                "RECV_ERROR",
                "PROXY_AUTH",
                "CLOUD_LOOKUP"
            })
    void shouldNameTheProxyFirstAndNeverTheCloudWhenAProxySharedBySitesFails(ErrorClass errorClass) {
        Diagnosis d = Diagnosis.of(errorClass, OutageScope.PROXY, PROXY, EPP, List.of());

        assertThat(d.cause())
                .contains(PROXY)
                .contains("several sites")
                .doesNotContain("vendor's cloud or the internet");
        assertThat(d.steps().get(0).text()).startsWith("Check the proxy " + PROXY + " first");
        assertThat(d.remediation()).noneMatch(step -> step.contains("vendor's service status"));
        assertThat(d.impact())
                .isEqualTo(Diagnosis.of(errorClass, AlertScope.SITE, PROXY, EPP, List.of())
                        .impact());
        assertThat(d.remediation()).last().isEqualTo(Diagnosis.LOGS);
    }

    @Test
    void shouldSayTheFailingPathsDifferWhenAFleetOutagePointsToTheCloud() {
        Diagnosis d = Diagnosis.of(ErrorClass.TIMEOUT, OutageScope.FLEET, null, EPP, List.of());

        assertThat(d.cause()).contains("through different paths").contains("vendor's cloud");
        assertThat(d.steps().get(0).text()).contains("vendor's service status");
    }
}
