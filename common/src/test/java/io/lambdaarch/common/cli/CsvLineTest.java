package io.lambdaarch.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvLineTest {
    @Test
    void shouldQuoteOnlyFieldsThatNeedIt() {
        assertThat(CsvLine.of(List.of("Berlin, Germany", "42", "say \"hi\"", "two\nlines", " padded", "plain")))
                .isEqualTo("\"Berlin, Germany\",42,\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",plain");
    }

    @Test
    void shouldWriteNullAsAnEmptyField() {
        assertThat(CsvLine.of(Arrays.asList("a", null, ""))).isEqualTo("a,,");
    }

    @Test
    void shouldNameFormatsInLowerCase() {
        assertThat(OutputFormat.values()).extracting(OutputFormat::toString).containsExactly("table", "csv", "json");
    }
}
