package io.lambdaarch.serving.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablePrinterTest {

    private static String print(TablePrinter.Table table) {
        StringWriter text = new StringWriter();
        new TablePrinter(new PrintWriter(text)).print(table);
        return text.toString();
    }

    @Test
    void shouldAlignColumnsAndRightAlignNumbers() {
        String text = print(new TablePrinter.Table(
                List.of("location", "tweet_count"),
                List.of(List.of("Berlin", "12"), List.of("São Paulo, Brasil", "3")),
                List.of(false, true),
                false));

        assertThat(text.lines()).containsExactly(
                " location          | tweet_count",
                "-------------------+-------------",
                " Berlin            |          12",
                " São Paulo, Brasil |           3",
                "(2 rows)");
    }

    @Test
    void shouldShowLineBreaksAndSayWhenTheResultWasCut() {
        String text = print(new TablePrinter.Table(
                List.of("a"), List.of(List.of("x\ny")), List.of(false), true));

        assertThat(text.lines()).containsExactly(" a", "------", " x\\ny", "(first 1 row shown; the result has more)");
    }

    @Test
    void shouldPrintAnEmptyResult() {
        assertThat(print(new TablePrinter.Table(List.of("n"), List.of(), List.of(true), false)).lines())
                .containsExactly(" n", "---", "(0 rows)");
    }

    @Test
    void shouldCountWideCharactersAsTwoColumnsAndCombiningMarksAsNone() {
        String text = print(new TablePrinter.Table(
                List.of("location", "n"),
                List.of(List.of("東京", "1"), List.of("Zu\u0308rich", "2"), List.of("Lagos", "3")),
                List.of(false, true),
                false));

        assertThat(text.lines()).containsExactly(
                " location | n",
                "----------+---",
                " 東京     | 1",
                " Zu\u0308rich   | 2",
                " Lagos    | 3",
                "(3 rows)");
    }
}
