package org.fleettelemetry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The gather half of a fan-out, with the other instances' answers as futures: no broker, no HTTP. */
class FanOutTest {
    private static final String STORE = "open-alerts";

    private static ShareMerge<String> merge() {
        return new ShareMerge<String>(STORE, s -> s)
                .owner(0, "a:1")
                .owner(1, "b:1")
                .owner(2, "c:1");
    }

    private static CompletableFuture<Share<String>> answered(String instance, int partition, String... items) {
        return CompletableFuture.completedFuture(
                new Share<>(instance, List.of(items), List.of(partition), false, List.of()));
    }

    @Test
    void shouldMergeEveryShareWhenEveryInstanceAnswers() {
        Map<String, CompletableFuture<Share<String>>> remote = new LinkedHashMap<>();
        remote.put("b:1", answered("b:1", 1, "y"));
        remote.put("c:1", answered("c:1", 2, "z"));
        ShareMerge<String> merge = merge().add(new Share<>("a:1", List.of("x"), List.of(0), false, List.of()));

        FanOut.await(remote, 1_000, merge);

        Page<String> page = merge.page(3);
        assertThat(page.items()).containsExactly("x", "y", "z");
        assertThat(page.partial()).isFalse();
    }

    @Test
    void shouldAnswerPartiallyAndCancelTheLateOneWhenAnInstanceDoesNotAnswerInTime() {
        CompletableFuture<Share<String>> late = new CompletableFuture<>();
        Map<String, CompletableFuture<Share<String>>> remote = new LinkedHashMap<>();
        remote.put("b:1", late);
        remote.put("c:1", answered("c:1", 2, "z"));
        ShareMerge<String> merge = merge().add(new Share<>("a:1", List.of("x"), List.of(0), false, List.of()));

        FanOut.await(remote, 50, merge);

        Page<String> page = merge.page(3);
        assertThat(page.items()).containsExactly("x", "z");
        assertThat(page.partial()).isTrue();
        assertThat(page.failures()).containsExactly(new InstanceFailure("b:1", "did not answer in time"));
        assertThat(late).isCancelled();
    }

    @Test
    void shouldNameTheCauseWhenAnInstanceFails() {
        Map<String, CompletableFuture<Share<String>>> remote = new LinkedHashMap<>();
        remote.put("b:1", CompletableFuture.failedFuture(new IOException("connection refused")));
        remote.put(
                "c:1",
                CompletableFuture.failedFuture(new CompletionException(new ForwardException("c:1: rebalancing"))));
        ShareMerge<String> merge = merge().add(new Share<>("a:1", List.of("x"), List.of(0), false, List.of()));

        FanOut.await(remote, 1_000, merge);

        Page<String> page = merge.page(3);
        assertThat(page.items()).containsExactly("x");
        assertThat(page.failures())
                .containsExactly(
                        new InstanceFailure("b:1", "connection refused"),
                        new InstanceFailure("c:1", "c:1: rebalancing"));
    }
}
