package io.lambdaarch.batch.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LockHolderTest {
    private static final Instant SINCE = Instant.parse("2026-12-07T03:15:01Z");

    @Test
    void shouldSayWhoHoldsTheLockAndForHowLong() {
        LockHolder holder = new LockHolder("lambda-batch 20261207T031500Z-3fa2c1 from 10.0.0.5", Optional.of(SINCE));
        Instant now = SINCE.plusSeconds(7500);

        assertThat(holder.heldFor(now)).contains(Duration.ofSeconds(7500));
        assertThat(holder.describe(now)).isEqualTo("lambda-batch 20261207T031500Z-3fa2c1 from 10.0.0.5, holding it since"
                + " 2026-12-07T03:15:01Z (for 2h 05m 00s)");
    }

    @Test
    void shouldNotCountBackwardsWhenTheJobClockIsBehindTheWarehouse() {
        LockHolder holder = new LockHolder("a session", Optional.of(SINCE));

        assertThat(holder.heldFor(SINCE.minusSeconds(5))).contains(Duration.ZERO);
        assertThat(new LockHolder("a session", Optional.empty()).describe(SINCE)).isEqualTo("a session");
    }

    @Test
    void shouldFormatDurationsForPeople() {
        assertThat(LockHolder.format(Duration.ofMillis(12_900))).isEqualTo("12s");
        assertThat(LockHolder.format(Duration.ofSeconds(125))).isEqualTo("2m 05s");
        assertThat(LockHolder.format(Duration.ofHours(4).plusSeconds(3))).isEqualTo("4h 00m 03s");
    }
}
