package io.lambdaarch.common.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailuresTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                arguments(new IllegalStateException("no cause"), "no cause"),
                arguments(new RuntimeException("outer", new IOException("inner")), "inner"),
                arguments(new RuntimeException("a", new RuntimeException("b", new SQLException("c"))), "c"),
                arguments(new RuntimeException("outer", new IOException("first line\nsecond line")), "first line"),
                arguments(new RuntimeException("outer", new IOException("  padded  ")), "padded"),
                arguments(new RuntimeException("outer", new NullPointerException()), "NullPointerException"),
                arguments(new RuntimeException("outer", new IOException(" ")), "IOException"),
                arguments(new TerseException("terse"), "terse"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("failures")
    void shouldGiveFirstLineOfInnermostMessage(Throwable failure, String expected) {
        assertThat(Failures.rootMessage(failure)).isEqualTo(expected);
    }

    @Test
    void shouldStopAtCauseCycles() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        String message = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Failures.rootMessage(first));

        assertThat(message).isIn("first", "second");
    }

    @Test
    void shouldListTheChainOutermostFirstAndEachThrowableOnce() {
        SQLException inner = new SQLException("c");
        RuntimeException middle = new RuntimeException("b", inner);
        RuntimeException outer = new RuntimeException("a", middle);
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(Failures.chain(outer)).containsExactly(outer, middle, inner);
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Failures.chain(first))).containsExactly(first, second);
    }
}
