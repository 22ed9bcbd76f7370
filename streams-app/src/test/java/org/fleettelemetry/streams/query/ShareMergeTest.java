package org.fleettelemetry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShareMergeTest {
    private static final String STORE = "site-state";

    private record Item(String id, String copy) {}

    private static ShareMerge<Item> merge() {
        return new ShareMerge<>(STORE, Item::id);
    }

    private static Share<Item> fresh(String instance, List<Integer> served, Item... items) {
        return new Share<>(instance, List.of(items), served, false, List.of());
    }

    private static Share<Item> stale(String instance, List<Integer> served, Item... items) {
        return new Share<>(instance, List.of(items), served, true, List.of());
    }

    @Test
    void shouldKeepTheUpToDateCopyWhenAStaleShareHoldsTheSameItem() {
        Page<Item> page = merge().owner(0, "a:1")
                .owner(1, "b:1")
                .add(stale("a:1", List.of(0), new Item("x", "standby")))
                .add(fresh("b:1", List.of(1), new Item("x", "active")))
                .page(2);

        assertThat(page.items()).containsExactly(new Item("x", "active"));
        assertThat(page.stale())
                .as("every stale item lost to an up-to-date copy")
                .isFalse();
        assertThat(page.partial()).isFalse();
        assertThat(page.failures()).isEmpty();
    }

    @Test
    void shouldSayStaleWhenAnItemCameOnlyFromAStaleShare() {
        Page<Item> page = merge().owner(0, "a:1")
                .owner(1, "b:1")
                .add(fresh("a:1", List.of(0), new Item("x", "active")))
                .add(stale("b:1", List.of(1), new Item("x", "standby"), new Item("y", "standby")))
                .page(2);

        assertThat(page.items()).containsExactly(new Item("x", "active"), new Item("y", "standby"));
        assertThat(page.stale()).isTrue();
        assertThat(page.partial())
                .as("stale is not partial: every partition was served")
                .isFalse();
    }

    @Test
    void shouldKeepTheFirstShareCopyWhenTwoSharesOfTheSameFreshnessHoldAnItem() {
        Page<Item> page = merge().add(fresh("a:1", List.of(0), new Item("x", "from a")))
                .add(fresh("b:1", List.of(1), new Item("x", "from b")))
                .page(2);

        assertThat(page.items()).containsExactly(new Item("x", "from a"));
    }

    @Test
    void shouldSortTheItemsByIdWhenInstancesAnswerInAnotherOrder() {
        Page<Item> page = merge().add(fresh("b:1", List.of(1), new Item("m", "b"), new Item("c", "b")))
                .add(stale("a:1", List.of(0), new Item("z", "a"), new Item("a", "a")))
                .page(2);

        assertThat(page.items()).extracting(Item::id).containsExactly("a", "c", "m", "z");
        assertThat(page.instances()).isEqualTo(2);
    }

    @Test
    void shouldBePartialNamingTheInstanceWhenAnInstanceGaveNoShare() {
        Page<Item> page = merge().owner(0, "a:1")
                .owner(1, "b:1")
                .owner(2, "b:1")
                .add(fresh("a:1", List.of(0), new Item("x", "a")))
                .failed("b:1", "did not answer in time")
                .page(2);

        assertThat(page.items()).containsExactly(new Item("x", "a"));
        assertThat(page.partial()).isTrue();
        assertThat(page.failures())
                .as("the failed instance's partitions are not reported again one by one")
                .containsExactly(new InstanceFailure("b:1", "did not answer in time"));
    }

    @Test
    void shouldReportAPartitionServedByNobodyWithWhyEachInstanceSkippedItWhenItsOwnerAnswered() {
        Share<Item> a = new Share<>(
                "a:1",
                List.of(new Item("x", "a")),
                List.of(0),
                false,
                List.of(new SkippedPartition(1, "the copy here is 900 records behind, over maxLag 100")));
        Share<Item> b = new Share<>(
                "b:1", List.of(), List.of(), false, List.of(new SkippedPartition(1, "no copy of partition 1 here")));

        Page<Item> page = merge().owner(0, "a:1").owner(1, "a:1").add(a).add(b).page(2);

        assertThat(page.items()).containsExactly(new Item("x", "a"));
        assertThat(page.partial()).isTrue();
        assertThat(page.failures())
                .containsExactly(new InstanceFailure(
                        "a:1",
                        STORE + " partition 1 served by no instance (a:1: the copy here is 900 records behind, over"
                                + " maxLag 100; b:1: no copy of partition 1 here)"));
    }

    @Test
    void shouldReportAPartitionServedByNobodyWithoutReasonsWhenNoInstanceSaidWhy() {
        Page<Item> page = merge().owner(0, "a:1")
                .owner(3, "a:1")
                .add(fresh("a:1", List.of(0)))
                .page(1);

        assertThat(page.partial()).isTrue();
        assertThat(page.failures())
                .containsExactly(new InstanceFailure("a:1", STORE + " partition 3 served by no instance"));
    }

    @Test
    void shouldNotReportAPartitionWhenAnotherInstanceServedIt() {
        Share<Item> a = new Share<>(
                "a:1", List.of(), List.of(), false, List.of(new SkippedPartition(1, "not queryable here (restoring)")));

        Page<Item> page = merge().owner(1, "a:1")
                .add(a)
                .add(stale("b:1", List.of(1), new Item("x", "standby")))
                .page(2);

        assertThat(page.partial()).isFalse();
        assertThat(page.stale()).isTrue();
        assertThat(page.items()).containsExactly(new Item("x", "standby"));
    }

    @Test
    void shouldListInstanceFailuresBeforeUnservedPartitionsWhenBothHappen() {
        Page<Item> page = merge().owner(0, "a:1")
                .owner(1, "b:1")
                .owner(2, "c:1")
                .add(fresh("a:1", List.of()))
                .failed("b:1", "connection refused")
                .failed("c:1", "503 rebalancing")
                .page(3);

        assertThat(page.failures())
                .containsExactly(
                        new InstanceFailure("b:1", "connection refused"),
                        new InstanceFailure("c:1", "503 rebalancing"),
                        new InstanceFailure("a:1", STORE + " partition 0 served by no instance"));
    }
}
