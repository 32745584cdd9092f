package io.lambdaarch.speed;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.speed.ExtremeLongAccumulator.Extreme;
import org.junit.jupiter.api.Test;

class ExtremeLongAccumulatorTest {

    @Test
    void shouldKeepTheLargestAcrossAddsAndMerges() {
        ExtremeLongAccumulator driver = new ExtremeLongAccumulator(Extreme.LARGEST);
        ExtremeLongAccumulator executor = new ExtremeLongAccumulator(Extreme.LARGEST);
        assertThat(driver.isZero()).isTrue();
        driver.add(-5L);
        executor.add(7L);
        executor.add(3L);
        driver.merge(executor);
        assertThat(driver.value()).isEqualTo(7L);
        assertThat(driver.isZero()).isFalse();
    }

    @Test
    void shouldKeepTheSmallestAcrossAddsAndMerges() {
        ExtremeLongAccumulator driver = new ExtremeLongAccumulator(Extreme.SMALLEST);
        ExtremeLongAccumulator executor = new ExtremeLongAccumulator(Extreme.SMALLEST);
        driver.add(4L);
        executor.add(-2L);
        driver.merge(executor);
        assertThat(driver.value()).isEqualTo(-2L);
    }

    @Test
    void aCopyShouldBeIndependentAndAResetShouldForgetEverything() {
        ExtremeLongAccumulator largest = new ExtremeLongAccumulator(Extreme.LARGEST);
        largest.add(9L);
        ExtremeLongAccumulator copy = (ExtremeLongAccumulator) largest.copy();
        largest.reset();
        assertThat(largest.isZero()).isTrue();
        assertThat(largest.value()).isEqualTo(Long.MIN_VALUE);
        assertThat(copy.value()).isEqualTo(9L);
        // The empty value of the smallest must lose to any added value.
        ExtremeLongAccumulator smallest = new ExtremeLongAccumulator(Extreme.SMALLEST);
        smallest.merge(new ExtremeLongAccumulator(Extreme.SMALLEST));
        assertThat(smallest.isZero()).isTrue();
    }
}
