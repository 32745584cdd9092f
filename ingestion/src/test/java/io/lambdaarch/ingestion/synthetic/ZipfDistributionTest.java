package io.lambdaarch.ingestion.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfDistributionTest {
    @Test
    void shouldFollowOneOverRankToThePowerOfTheExponent() {
        ZipfDistribution zipf = new ZipfDistribution(100, 1.0);
        double sum = 0;
        for (int k = 0; k < 100; k++) {
            sum += zipf.probability(k);
        }
        assertThat(sum).isCloseTo(1.0, within(1e-9));
        assertThat(zipf.probability(0) / zipf.probability(1)).isCloseTo(2.0, within(1e-9));
        assertThat(zipf.probability(0) / zipf.probability(9)).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void shouldSampleRanksWithTheirProbabilities() {
        ZipfDistribution zipf = new ZipfDistribution(50, 1.2);
        SplittableRandom random = new SplittableRandom(3);
        int[] counts = new int[50];
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            counts[zipf.sample(random.nextDouble())]++;
        }
        for (int k : new int[] {0, 1, 4, 20}) {
            assertThat(counts[k] / (double) draws).isCloseTo(zipf.probability(k), within(0.005));
        }
    }

    @Test
    void shouldMapTheEndsOfTheUnitIntervalToTheFirstAndLastRank() {
        ZipfDistribution zipf = new ZipfDistribution(10, 1.1);
        assertThat(zipf.sample(0.0)).isZero();
        assertThat(zipf.sample(Math.nextDown(1.0))).isEqualTo(9);
    }
}
