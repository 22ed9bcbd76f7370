package org.fleettelemetry.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTemplatesTest {
    private static final List<String> ROUTES = List.of(
            "GET /api/v1/sites",
            "GET /api/v1/sites/{site}",
            "GET /api/v1/sites/{site}/failures",
            "GET /api/v1/me",
            "GET /api/v1/outages/{alertId}");

    @Test
    void shouldNameTheTemplateARequestPathFallsUnder() {
        assertThat(RouteTemplates.of("GET", "/api/v1/sites/hel", ROUTES)).isEqualTo("/api/v1/sites/{site}");
        assertThat(RouteTemplates.of("HEAD", "/api/v1/sites/hel/failures", ROUTES))
                .isEqualTo("/api/v1/sites/{site}/failures");
        assertThat(RouteTemplates.of("GET", "/api/v1/me", ROUTES)).isEqualTo("/api/v1/me");
        assertThat(RouteTemplates.of("GET", "/api/v1/sites/", ROUTES)).isEqualTo("unrouted");
        assertThat(RouteTemplates.of("POST", "/api/v1/sites", ROUTES)).isEqualTo("unrouted");
        assertThat(RouteTemplates.of("GET", "/api/v1/nothing", ROUTES)).isEqualTo("unrouted");
    }
}
