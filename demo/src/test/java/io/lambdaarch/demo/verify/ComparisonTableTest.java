package io.lambdaarch.demo.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {
    @Test
    void shouldPassOnlyWhenEveryCheckMatches() {
        ComparisonTable table = new ComparisonTable();
        table.add("1", "tweet_count", 1_000, 1_000);
        table.add("1", "complete", true, true);
        assertThat(table.allPassed()).isTrue();

        table.add("2", "tweet_count", 1_000, 1_003);
        assertThat(table.allPassed()).isFalse();
        assertThat(table.rows().get(2).difference()).isEqualTo("+3");
    }

    @Test
    void shouldPrintAlignedRowsWithTheirVerdict() {
        ComparisonTable table = new ComparisonTable();
        table.add("1 ingest", "tweet_count", 1_000_000, 999_999);
        table.add("1 ingest", "complete", true, true);
        StringWriter text = new StringWriter();

        table.print(new PrintWriter(text), 0);

        assertThat(text.toString().lines()).containsExactly(
                "phase     check         expected   actual  difference  ",
                "1 ingest  tweet_count  1,000,000  999,999          -1  FAIL",
                "1 ingest  complete          true     true           0  ok");
    }
}
