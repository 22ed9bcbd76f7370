package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedStringsTest {

    @Test
    void shouldGiveOneInstancePerValue() {
        SharedStrings table = new SharedStrings(10);
        String first = table.share(new String("proxy.hel.example:3128"));
        String again = table.share(new String("proxy.hel.example:3128"));

        assertThat(again).isSameAs(first);
        assertThat(table.share(null)).isNull();
    }

    @Test
    void shouldStopSharingOnceFullAndStillAnswerEqualValues() {
        SharedStrings table = new SharedStrings(2);
        table.share("a");
        table.share("b");
        String c = new String("c");

        assertThat(table.share(c)).as("past the bound, the value itself").isSameAs(c);
        assertThat(table.share(new String("c"))).isEqualTo("c").isNotSameAs(c);
        assertThat(table.share(new String("a")))
                .as("values shared before stay shared")
                .isSameAs(table.share("a"));
    }

    @Test
    void shouldShareTheLowCardinalityFieldsOfObservations() {
        Observation one = Observation.activity("pc-1", new String("hel"), new String("p:1"), new String("EPP"), 1);
        Observation two = Observation.activity("pc-2", new String("hel"), new String("p:1"), new String("EPP"), 2);

        assertThat(two.site()).isSameAs(one.site());
        assertThat(two.proxy()).isSameAs(one.proxy());
        assertThat(two.product()).isSameAs(one.product());
    }
}
