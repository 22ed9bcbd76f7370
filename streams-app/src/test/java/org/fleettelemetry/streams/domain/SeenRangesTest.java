package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeenRangesTest {
    private static final long SEED = 20261206L;

    @Test
    void shouldKeepOneRangeWhenAFileArrivesInOrder() {
        SeenRanges r = new SeenRanges();
        long at = 0;
        for (int i = 0; i < 10_000; i++) {
            assertThat(r.add(at, at + 100, i)).isEqualTo(SeenRanges.Outcome.NEW);
            at += 100;
        }
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.add(500, 600, 1)).isEqualTo(SeenRanges.Outcome.SEEN);
        assertThat(r.add(at, at + 1, 1)).isEqualTo(SeenRanges.Outcome.NEW);
    }

    @Test
    void shouldFillTheGapWhenALateEntryArrivesAfterLaterOnes() {
        SeenRanges r = new SeenRanges();
        r.add(0, 100, 0);
        r.add(200, 300, 0);
        r.add(300, 400, 0);
        assertThat(r.size()).isEqualTo(2);
        assertThat(r.add(100, 200, 0)).as("the entry that went to the spool").isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.add(100, 200, 0)).isEqualTo(SeenRanges.Outcome.SEEN);
    }

    /** Every order of a file's entries, with re-sends: new exactly once per entry, as a set of starts would say. */
    @Test
    void shouldCountEachEntryOnceWhenEntriesArriveInAnyOrderWithResends() {
        Random random = new Random(SEED);
        System.out.println("SeenRangesTest seed " + SEED);
        for (int round = 0; round < 500; round++) {
            List<long[]> entries = new ArrayList<>();
            long at = random.nextInt(1000);
            int n = 1 + random.nextInt(60);
            for (int i = 0; i < n; i++) {
                long end = at + 1 + random.nextInt(300);
                entries.add(new long[] {at, end});
                at = end;
            }
            List<long[]> sends = new ArrayList<>(entries);
            for (int i = random.nextInt(n); i > 0; i--) {
                sends.add(entries.get(random.nextInt(n)));
            }
            // mostly in order, with some entries moved later (a failed send that went to the spool)
            if (random.nextBoolean()) {
                Collections.shuffle(sends, random);
            }
            SeenRanges r = new SeenRanges();
            Set<Long> seen = new HashSet<>();
            for (long[] e : sends) {
                boolean expectNew = seen.add(e[0]);
                SeenRanges.Outcome outcome = r.add(e[0], e[1], 0);
                assertThat(outcome != SeenRanges.Outcome.SEEN)
                        .as("round %d entry %d", round, e[0])
                        .isEqualTo(expectNew);
            }
            assertThat(r.size())
                    .as("round %d: all entries seen, no gap left", round)
                    .isEqualTo(1);
        }
    }

    @Test
    void shouldJoinTheLowestRangesAndSayWhenTheCapIsPassed() {
        SeenRanges r = new SeenRanges();
        for (int i = 0; i < SeenRanges.MAX_RANGES; i++) {
            assertThat(r.add(i * 10L, i * 10L + 1, 0)).isEqualTo(SeenRanges.Outcome.NEW);
        }
        assertThat(r.add(10_000, 10_001, 0)).isEqualTo(SeenRanges.Outcome.NEW_GAP_CLOSED);
        assertThat(r.size()).isEqualTo(SeenRanges.MAX_RANGES);
        assertThat(r.add(5, 6, 0))
                .as("inside the joined gap: taken for a re-send")
                .isEqualTo(SeenRanges.Outcome.SEEN);
        assertThat(r.add(25, 26, 0))
                .as("a gap above the joined one is still open (at the cap, filling it in a "
                        + "new range joins the lowest again)")
                .isEqualTo(SeenRanges.Outcome.NEW_GAP_CLOSED);
        assertThat(r.add(31, 32, 0))
                .as("a new range that touches one adds none")
                .isEqualTo(SeenRanges.Outcome.NEW);
    }

    @Test
    void shouldTreatAnEntryWithoutAnEndAsOneByteWhenOldCollectorsSendIt() {
        SeenRanges r = new SeenRanges();
        assertThat(r.add(100, 0, 0)).isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(r.add(100, 0, 0)).isEqualTo(SeenRanges.Outcome.SEEN);
        assertThat(r.add(101, 0, 0)).isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(r.size()).as("100 and 101 touch").isEqualTo(1);
    }

    @Test
    void shouldKeepFilesApartAndForgetOldOnesWhenEndpointFilesAdds() {
        EndpointFiles files = new EndpointFiles();
        assertThat(files.add("pc-1", "pc-1:f1:0", 100L, 1_000, 10_000)).isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(files.add("pc-1", "pc-1:f2:0", 100L, 1_000, 10_000))
                .as("another file")
                .isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(files.add("pc-1", "pc-1:f1:0", 100L, 1_000, 10_000)).isEqualTo(SeenRanges.Outcome.SEEN);
        assertThat(files.files().keySet()).containsExactly("f1", "f2");
        assertThat(files.add("pc-1", "pc-1:f3:0", null, 50_000, 10_000)).isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(files.files().keySet())
                .as("f1 and f2 older than the retention")
                .containsExactly("f3");
        assertThat(files.add("pc-1", "not-an-offset-id", null, 50_000, 10_000)).isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(files.add("pc-1", "not-an-offset-id", null, 50_000, 10_000)).isEqualTo(SeenRanges.Outcome.SEEN);
        assertThat(files.add("pc-1", "pc-1:with:colons:12", null, 50_000, 10_000))
                .isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(files.files()).containsKey("with:colons");
    }

    @Test
    void shouldDropTheFileWrittenLongestAgoPastMaxFilesAndKeepTheOthersInOrder() {
        EndpointFiles files = new EndpointFiles();
        int n = EndpointFiles.MAX_FILES;
        for (int i = 0; i < n; i++) {
            // f0 is the newest file, f1 the one written longest ago
            long at = i == 0 ? 5_000 : 1_000 + i;
            assertThat(files.add("pc-1", "pc-1:f" + i + ":0", 10L, at, 1_000_000))
                    .isEqualTo(SeenRanges.Outcome.NEW);
        }
        assertThat(files.size()).isEqualTo(n);
        assertThat(files.add("pc-1", "pc-1:late:0", 10L, 6_000, 1_000_000)).isEqualTo(SeenRanges.Outcome.NEW);
        List<String> keys = new ArrayList<>(files.files().keySet());
        assertThat(keys).hasSize(n).doesNotContain("f1").startsWith("f0", "f2").endsWith("late");
        assertThat(files.add("pc-1", "pc-1:f1:0", 10L, 6_000, 1_000_000))
                .as("a dropped file's events count again")
                .isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(files.add("pc-1", "pc-1:f0:0", 10L, 6_000, 1_000_000)).isEqualTo(SeenRanges.Outcome.SEEN);
        assertThat(files.files().keySet())
                .as("taking f1 back dropped f2, now the one written longest ago")
                .doesNotContain("f2")
                .endsWith("late", "f1");
        for (int i = 0; i < files.size(); i++) {
            assertThat(files.ranges(i)).isSameAs(files.files().get(files.key(i)));
        }
    }

    @Test
    void shouldTellAKeyFromALongerOneThatStartsWithItWhenComparingInPlace() {
        EndpointFiles files = new EndpointFiles();
        assertThat(files.add("pc-1", "pc-1:spplug.log:0", 10L, 1_000, 10_000)).isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(files.add("pc-1", "pc-1:spplug.log.1:0", 10L, 1_000, 10_000)).isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(files.add("pc-1", "pc-1:spplug.lo:0", 10L, 1_000, 10_000)).isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(files.add("pc-1", "pc-2:spplug.log:0", 10L, 1_000, 10_000))
                .as("an id of another endpoint keeps its prefix in its key")
                .isEqualTo(SeenRanges.Outcome.NEW);
        assertThat(files.files().keySet())
                .containsExactly("spplug.log", "spplug.log.1", "spplug.lo", "pc-2:spplug.log");
        assertThat(files.add("pc-1", "pc-1:spplug.log.1:5", 10L, 1_000, 10_000)).isEqualTo(SeenRanges.Outcome.SEEN);
    }
}
