package io.lambdaarch.serving.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedTest {
    @Test
    void anAnswerShouldBeRenderedOnceAndTheSameRenderingHandedToEveryRequest() {
        Cached<List<Integer>> answer = new Cached<>(List.of(1, 2, 3), 3);
        AtomicInteger renderings = new AtomicInteger();
        String first = answer.rendered(values -> {
            renderings.incrementAndGet();
            return values.toString();
        });
        String second = answer.rendered(values -> {
            renderings.incrementAndGet();
            return "another";
        });
        assertThat(first).isEqualTo("[1, 2, 3]");
        assertThat(second).isSameAs(first);
        assertThat(renderings).hasValue(1);
        assertThat(answer.value()).containsExactly(1, 2, 3);
        assertThat(answer.rows()).isEqualTo(3);
    }
}
