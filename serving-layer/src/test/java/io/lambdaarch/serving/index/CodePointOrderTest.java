package io.lambdaarch.serving.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CodePointOrderTest {
    @Test
    void shouldOrderAsUtf8BytesDoNotAsUtf16Units() {
        String privateUse = "\uE000";
        String emoji = "\uD83D\uDE00";

        assertThat(privateUse.compareTo(emoji)).as("String.compareTo, UTF-16 units").isPositive();
        assertThat(IndexedQueries.compareCodePoints(privateUse, emoji)).isNegative();
        assertThat(IndexedQueries.compareCodePoints("Oslo", "Oslo")).isZero();
        assertThat(IndexedQueries.compareCodePoints("Oslo", "Oslo ")).isNegative();
    }

    @Test
    void shouldOrderGroupsDimensionByDimensionAsSqlBreaksTies() {
        // ORDER BY location, lang: the first dimension decides, the second only among equal firsts.
        assertThat(IndexedQueries.compareGroups(List.of("Lagos", "pt"), List.of("Oslo", "en"))).isNegative();
        assertThat(IndexedQueries.compareGroups(List.of("Oslo", "en"), List.of("Oslo", "pt"))).isNegative();
        assertThat(IndexedQueries.compareGroups(List.of("Oslo", "\uE000"), List.of("Oslo", "\uD83D\uDE00"))).isNegative();
        assertThat(IndexedQueries.compareGroups(List.of("Oslo", "en"), List.of("Oslo", "en"))).isZero();
    }

    @Test
    void shouldAgreeWithTheBytewiseOrderOfRandomStrings() {
        Random random = new Random(7);
        int[] alphabet = {'a', 'Z', ' ', 0xE9, 0x4E2D, 0xE000, 0xFFFD, 0x1F600, 0x10FFFF};
        List<String> values = new ArrayList<>();
        for (int n = 0; n < 2_000; n++) {
            StringBuilder value = new StringBuilder();
            for (int k = random.nextInt(4); k >= 0; k--) {
                value.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
            }
            values.add(value.toString());
        }
        List<String> byCodePoints = new ArrayList<>(values);
        byCodePoints.sort(IndexedQueries::compareCodePoints);
        List<String> byBytes = new ArrayList<>(values);
        byBytes.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));

        assertThat(byCodePoints).isEqualTo(byBytes);
    }
}
