package io.lambdaarch.common.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceFieldTest {

    @Test
    void langValueIsUndWhenAbsentAndKeepsAtMost256CodePoints() {
        assertThat(SourceField.langValue(null)).isEqualTo("und");
        assertThat(SourceField.langValue("")).isEqualTo("");
        assertThat(SourceField.langValue("pt-BR")).isEqualTo("pt-BR");
        assertThat(SourceField.langValue("😀".repeat(256))).isEqualTo("😀".repeat(256));
        assertThat(SourceField.langValue("😀".repeat(257) + "x")).isEqualTo("😀".repeat(256));
    }

    @Test
    void everyFieldIsARawBatchColumn() {
        for (SourceField field : SourceField.values()) {
            assertThat(io.lambdaarch.common.sql.Tables.RAW_COLUMNS).contains(field.column());
        }
    }
}
