package io.lambdaarch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentIdsTest {
    @Test
    void shouldReportRepeatsWithinTheWindow() {
        RecentIds ids = new RecentIds(3);
        assertThat(ids.add("1")).isTrue();
        assertThat(ids.add("2")).isTrue();
        assertThat(ids.add("1")).isFalse();
        assertThat(ids.add("3")).isTrue();
        assertThat(ids.size()).isEqualTo(3);
    }

    @Test
    void shouldForgetTheOldestIdWhenFull() {
        RecentIds ids = new RecentIds(2);
        ids.add("10");
        ids.add("20");
        ids.add("30");
        assertThat(ids.contains("10")).isFalse();
        assertThat(ids.contains("20")).isTrue();
        assertThat(ids.add("10")).isTrue();
        assertThat(ids.contains("20")).isFalse();
    }

    @Test
    void shouldHandleTheExtremesOfTheIdRange() {
        RecentIds ids = new RecentIds(4);
        assertThat(ids.add("0")).isTrue();
        assertThat(ids.add("9999999999999999999")).isTrue();
        assertThat(ids.add("9223372036854775808")).isTrue();
        assertThat(ids.add("0")).isFalse();
        assertThat(ids.add("9999999999999999999")).isFalse();
        assertThat(ids.add("9223372036854775808")).isFalse();
    }

    @Test
    void shouldTreatEveryIdAsNewWhenTurnedOff() {
        RecentIds ids = new RecentIds(0);
        assertThat(ids.add("5")).isTrue();
        assertThat(ids.add("5")).isTrue();
        assertThat(ids.contains("5")).isFalse();
    }

    @Test
    void shouldBehaveLikeAFirstInFirstOutWindowUnderRandomUse() {
        // Few distinct ids in a small window: many repeats, many evictions, long probe chains with deletions.
        int capacity = 257;
        RecentIds ids = new RecentIds(capacity);
        ArrayDeque<Long> order = new ArrayDeque<>();
        Set<Long> window = new HashSet<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long id = random.nextInt(600);
            boolean expectedNew = !window.contains(id);
            if (expectedNew) {
                if (order.size() == capacity) {
                    window.remove(order.removeFirst());
                }
                order.addLast(id);
                window.add(id);
            }
            assertThat(ids.add(Long.toString(id))).as("add #%d of %d", i, id).isEqualTo(expectedNew);
        }
        for (long id = 0; id < 600; id++) {
            assertThat(ids.contains(Long.toString(id))).isEqualTo(window.contains(id));
        }
    }
}
