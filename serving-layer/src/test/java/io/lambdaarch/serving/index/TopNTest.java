package io.lambdaarch.serving.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The top-N against a full sort of the same ids, with many ties in the rank, for limits below, at and above the count. */
class TopNTest {
    @Test
    void theFirstNShouldBeThoseOfAFullSort() {
        Random random = new Random(20261207L);
        for (int round = 0; round < 200; round++) {
            int count = random.nextInt(300);
            long[] ranks = new long[count];
            for (int id = 0; id < count; id++) {
                ranks[id] = random.nextInt(1 + random.nextInt(50)) - 10;
            }
            TopN.IdOrder order = (a, b) -> {
                int byRank = Long.compare(ranks[b], ranks[a]);
                return byRank != 0 ? byRank : Integer.compare(a, b);
            };
            int limit = 1 + random.nextInt(count + 20);
            TopN best = new TopN(limit, order);
            IntStream.range(0, count).forEach(best::offer);
            List<Integer> expected = IntStream.range(0, count).boxed()
                    .sorted(Comparator.<Integer>comparingLong(id -> -ranks[id]).thenComparing(Comparator.naturalOrder()))
                    .limit(limit).toList();
            assertThat(IntStream.of(best.drain()).boxed().toList()).as("round %d limit %d", round, limit)
                    .isEqualTo(expected);
        }
    }
}
