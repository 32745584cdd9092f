package io.lambdaarch.serving.freshness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NextOffsetsTest {

    @Test
    void shouldReadPartitionsAndOffsets() {
        assertThat(NextOffsets.parse("{\"0\":1200,\"1\":1187, \"2\": 0}")).isEqualTo(Map.of(0, 1200L, 1, 1187L, 2, 0L));
        assertThat(NextOffsets.parse("{}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "null", "{\"a\":1}", "{\"0\":-1}", "{\"0\":1.5}", "{\"0\":\"12\"}",
            "{\"-1\":3}", "{\"0\":1,\"0\":2}", "{\"0\":1} {}", "{\"0\":"})
    void shouldRejectAnythingElse(String json) {
        assertThatThrownBy(() -> NextOffsets.parse(json)).isInstanceOf(IllegalArgumentException.class);
    }
}
