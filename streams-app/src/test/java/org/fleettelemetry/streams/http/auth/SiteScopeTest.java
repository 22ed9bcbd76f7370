package org.fleettelemetry.streams.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SiteScopeTest {
    @Test
    void shouldMatchWholeSiteNamesWithStarAndQuestionMarkWhenGlobbed() {
        SiteScope scope = SiteScope.parse("acme-*, b?r");

        assertThat(scope.allows("acme-north")).isTrue();
        assertThat(scope.allows("acme-")).isTrue();
        assertThat(scope.allows("ber")).isTrue();
        assertThat(scope.allows("bar")).isTrue();
        assertThat(scope.allows("xacme-north")).as("anchored at the start").isFalse();
        assertThat(scope.allows("berlin")).as("anchored at the end").isFalse();
        assertThat(scope.allows("br")).isFalse();
        assertThat(scope.allows(null)).isFalse();
        assertThat(scope.all()).isFalse();
    }

    @Test
    void shouldTakeRegexCharactersLiterallyWhenTheyAreNotGlobs() {
        SiteScope scope = SiteScope.parse("a.b,(x)+");

        assertThat(scope.allows("a.b")).isTrue();
        assertThat(scope.allows("axb")).isFalse();
        assertThat(scope.allows("(x)+")).isTrue();
        assertThat(scope.allows("xx")).isFalse();
    }

    @Test
    void shouldAllowEverySiteWhenAStarIsAmongTheGlobs() {
        assertThat(SiteScope.parse("hel,*").all()).isTrue();
        assertThat(SiteScope.ALL.allows("anything")).isTrue();
        assertThat(SiteScope.ALL.allows(null)).isTrue();
    }

    @Test
    void shouldRefuseAnEmptyList() {
        assertThatThrownBy(() -> SiteScope.parse(" , ")).isInstanceOf(IllegalArgumentException.class);
    }
}
