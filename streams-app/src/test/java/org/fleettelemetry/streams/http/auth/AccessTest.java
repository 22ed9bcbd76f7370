package org.fleettelemetry.streams.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fleettelemetry.streams.http.ErrorMapper;
import org.fleettelemetry.streams.query.ForbiddenException;
import org.fleettelemetry.streams.query.NotFoundException;
import org.junit.jupiter.api.Test;

class AccessTest {
    private static final Principal VIEWER = new Principal("val", Role.VIEWER, SiteScope.parse("acme-*"));
    private static final Principal OPERATOR = new Principal("otto", Role.OPERATOR, SiteScope.ALL);
    private static final Principal ADMIN = new Principal("ada", Role.ADMIN, SiteScope.ALL);

    @Test
    void shouldAnswer403NamingThePrincipalWhenAViewerActs() {
        assertThatThrownBy(() -> Access.requireAct(VIEWER))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("'val' is a viewer");
        assertThatCode(() -> Access.requireAct(OPERATOR)).doesNotThrowAnyException();
        assertThatCode(() -> Access.requireAct(ADMIN)).doesNotThrowAnyException();

        ErrorMapper.Mapped m = ErrorMapper.map(new ForbiddenException("no"));
        assertThat(m.status()).isEqualTo(403);
        assertThat(m.body().code()).isEqualTo("forbidden");
        assertThat(m.body().message()).isEqualTo("no");
    }

    @Test
    void shouldLetOnlyAdminsExpireOthersSilences() {
        assertThatThrownBy(() -> Access.requireExpireOthers(OPERATOR)).isInstanceOf(ForbiddenException.class);
        assertThatCode(() -> Access.requireExpireOthers(ADMIN)).doesNotThrowAnyException();
    }

    @Test
    void shouldAnswerTheNotFoundOfAMissingSiteWhenTheSiteIsOutOfScope() {
        Throwable hidden = org.assertj.core.api.Assertions.catchThrowable(() -> Access.requireSite(VIEWER, "zeta"));

        ErrorMapper.Mapped out = ErrorMapper.map(hidden);
        ErrorMapper.Mapped missing = ErrorMapper.map(NotFoundException.site("zeta"));
        assertThat(out).isEqualTo(missing);
        assertThat(out.status()).isEqualTo(404);
        assertThat(Access.requireSite(VIEWER, "acme-north")).isEqualTo("acme-north");
        assertThat(Access.sees(VIEWER, "zeta")).isFalse();
    }
}
