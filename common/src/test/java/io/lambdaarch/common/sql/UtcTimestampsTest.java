package io.lambdaarch.common.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UtcTimestampsTest {

    @Test
    void shouldWriteAnInstantAsATimestampLiteralInUtcToTheMicrosecond() {
        assertThat(UtcTimestamps.literal(Instant.parse("2026-12-08T10:15:00Z"))).isEqualTo("TIMESTAMP '2026-12-08 10:15:00.000000'");
        assertThat(UtcTimestamps.literal(Instant.parse("1999-01-02T03:04:05.123456Z")))
                .isEqualTo("TIMESTAMP '1999-01-02 03:04:05.123456'");
    }

    @Test
    void shouldRefuseNanosecondsATimestampCannotHold() {
        assertThatThrownBy(() -> UtcTimestamps.literal(Instant.parse("2026-12-08T10:15:00.000000001Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("microseconds");
    }
}
