package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The track's failures as an array by class must behave as the sorted map it replaced, and stay immutable. */
class FailureMarksTest {

    @Test
    void shouldIterateGetAndCompareAsATreeMapWould() {
        Random random = new Random(42);
        ErrorClass[] classes = ErrorClass.values();
        for (int round = 0; round < 200; round++) {
            TreeMap<ErrorClass, FailureMark> expected = new TreeMap<>();
            FailureMarks marks = FailureMarks.EMPTY;
            for (int i = random.nextInt(8); i > 0; i--) {
                ErrorClass c = classes[random.nextInt(classes.length)];
                FailureMark m = new FailureMark(random.nextInt(1000), "curl:" + random.nextInt(3), null, false);
                expected.put(c, m);
                marks = marks.with(c, m);
            }
            assertThat(marks).isEqualTo(expected);
            assertThat(expected).isEqualTo(marks);
            assertThat(marks.hashCode()).isEqualTo(expected.hashCode());
            assertThat(new ArrayList<>(marks.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
            assertThat(marks.size()).isEqualTo(expected.size());
            for (ErrorClass c : classes) {
                assertThat(marks.get(c)).isEqualTo(expected.get(c));
            }
            assertThat(FailureMarks.of(expected)).isEqualTo(marks);
            if (!expected.isEmpty()) {
                assertThat(marks.firstKey()).isEqualTo(expected.firstKey());
                assertThat(marks.lastKey()).isEqualTo(expected.lastKey());
                assertThat(marks.headMap(ErrorClass.CLOUD_LOOKUP)).isEqualTo(expected.headMap(ErrorClass.CLOUD_LOOKUP));
            }
        }
    }

    @Test
    void shouldLeaveTheOriginalUnchangedAndRefuseChanges() {
        FailureMark timeout = new FailureMark(10, "curl:28", null, false);
        FailureMarks one = FailureMarks.EMPTY.with(ErrorClass.TIMEOUT, timeout);
        FailureMarks two = one.with(ErrorClass.CLOUD_LOOKUP, new FailureMark(20, "orsp:slow", null, false));

        assertThat(one).containsOnlyKeys(ErrorClass.TIMEOUT);
        assertThat(two).containsOnlyKeys(ErrorClass.TIMEOUT, ErrorClass.CLOUD_LOOKUP);
        assertThat(one.with(ErrorClass.TIMEOUT, timeout))
                .as("the same mark again")
                .isSameAs(one);
        assertThat(one.sameClasses(two)).isFalse();
        assertThat(two.sameClasses(two.with(ErrorClass.TIMEOUT, new FailureMark(30, "curl:28", null, false))))
                .isTrue();
        assertThatThrownBy(() -> two.put(ErrorClass.OTHER, timeout)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> two.entrySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldKeepATrackImmutableWhenBuiltFromAMapThatChangesLater() {
        TreeMap<ErrorClass, FailureMark> source =
                new TreeMap<>(Map.of(ErrorClass.TIMEOUT, new FailureMark(10, "curl:28", null, false)));
        EndpointTrack track = new EndpointTrack("pc-1", "DIRECT", "", 10, Times.NEVER, Times.NEVER, source);
        source.put(ErrorClass.OTHER, new FailureMark(11, "curl:99", null, false));

        assertThat(track.failures()).containsOnlyKeys(ErrorClass.TIMEOUT);
        List<ErrorClass> order = new ArrayList<>(track.failures().keySet());
        assertThat(order).containsExactly(ErrorClass.TIMEOUT);
    }
}
