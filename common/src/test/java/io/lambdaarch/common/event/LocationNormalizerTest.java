package io.lambdaarch.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LocationNormalizerTest {
    private static final String GRIN = "\ud83d\ude00";
    private static final String REPLACEMENT = "\ufffd";
    private static final int ONE_MEGABYTE = 1 << 20;

    static Stream<Arguments> locations() {
        return Stream.of(
                arguments("absent", null, "unknown"),
                arguments("empty", "", "unknown"),
                arguments("spaces only", "   ", "unknown"),
                arguments("line breaks and tabs only", "\n\t\r\n", "unknown"),
                arguments("Unicode spaces only", "\u00a0\u2003\u3000", "unknown"),
                arguments("control characters only", "\u0000\u0001\u007f", "unknown"),
                arguments("plain", "Berlin", "Berlin"),
                arguments("surrounding spaces", "  Berlin, Germany  ", "Berlin, Germany"),
                arguments("newline and tab inside", "Berlin,\n\tGermany", "Berlin, Germany"),
                arguments("CRLF run inside", "Berlin \r\n  Germany", "Berlin Germany"),
                arguments("quotes, semicolons and commas", "\"Paris\"; France, EU", "\"Paris\"; France, EU"),
                arguments("NBSP", "New\u00a0York", "New York"),
                arguments("figure and narrow no-break spaces", "A\u2007B\u202fC", "A B C"),
                arguments("en to hair spaces", "A\u2000\u2001\u2002\u200aB", "A B"),
                arguments("ogham and ideographic spaces", "A\u1680B\u3000C", "A B C"),
                arguments("line and paragraph separators", "A\u2028B\u2029C", "A B C"),
                arguments("next line (C1 control)", "A\u0085B", "A B"),
                arguments("NUL inside", "Ber\u0000lin", "Ber lin"),
                arguments("bell inside", "Ber\u0007lin", "Ber lin"),
                arguments("ANSI escape", "\u001b[31mred", "[31mred"),
                arguments("DEL and C1 controls around", "\u007f\u0080Berlin\u009f", "Berlin"),
                arguments("zero-width space is not whitespace", "a\u200bb", "a\u200bb"),
                arguments("byte order mark is not whitespace", "\ufeffBerlin", "\ufeffBerlin"),
                arguments("CJK", "\u6771\u4eac\u90fd \u6e0b\u8c37\u533a", "\u6771\u4eac\u90fd \u6e0b\u8c37\u533a"),
                arguments("Arabic", " \u0627\u0644\u0642\u0627\u0647\u0631\u0629\u060c\u00a0\u0645\u0635\u0631 ",
                        "\u0627\u0644\u0642\u0627\u0647\u0631\u0629\u060c \u0645\u0635\u0631"),
                arguments("Cyrillic", "\u041c\u043e\u0441\u043a\u0432\u0430,  \u0420\u043e\u0441\u0441\u0438\u044f",
                        "\u041c\u043e\u0441\u043a\u0432\u0430, \u0420\u043e\u0441\u0441\u0438\u044f"),
                arguments("emoji and flags", " \ud83c\udde9\ud83c\uddea Berlin \ud83d\udc3b ",
                        "\ud83c\udde9\ud83c\uddea Berlin \ud83d\udc3b"),
                arguments("lone high surrogate", "\ud800", REPLACEMENT),
                arguments("lone low surrogate inside", "a\udc00b", "a" + REPLACEMENT + "b"),
                arguments("high surrogate at the end", "Berlin\ud83d", "Berlin" + REPLACEMENT),
                arguments("high surrogate before a letter", "\ud83dx", REPLACEMENT + "x"),
                arguments("pair in the wrong order", "\ude00\ud83d", REPLACEMENT + REPLACEMENT),
                arguments("255 code points", "a".repeat(255), "a".repeat(255)),
                arguments("256 code points", "a".repeat(256), "a".repeat(256)),
                arguments("257 code points", "a".repeat(257), "a".repeat(256)),
                arguments("256 emoji", GRIN.repeat(256), GRIN.repeat(256)),
                arguments("257 emoji", GRIN.repeat(257), GRIN.repeat(256)),
                arguments("emoji as the 256th code point", "a".repeat(255) + GRIN, "a".repeat(255) + GRIN),
                arguments("emoji as the 257th code point", "a".repeat(256) + GRIN, "a".repeat(256)),
                arguments("emoji across the cut", "a".repeat(255) + GRIN + GRIN, "a".repeat(255) + GRIN),
                arguments("lone surrogate as the 256th code point", "a".repeat(255) + "\ud800x",
                        "a".repeat(255) + REPLACEMENT),
                arguments("space as the 256th code point", "a".repeat(255) + " b", "a".repeat(255)),
                arguments("whitespace run as the 256th code point", "a".repeat(255) + " \n\t\u00a0 b", "a".repeat(255)),
                arguments("space as the 255th code point", "a".repeat(254) + " bc", "a".repeat(254) + " b"),
                arguments("space after the 256th code point", "a".repeat(256) + " b", "a".repeat(256)),
                arguments("leading whitespace does not count", " ".repeat(1000) + "a".repeat(300), "a".repeat(256)),
                arguments("collapsed runs count once", "a" + " \t ".repeat(100) + "b".repeat(300),
                        "a " + "b".repeat(254)),
                arguments("alternating letters and spaces", "a ".repeat(200), ("a ".repeat(127) + "a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locations")
    void shouldNormalize(String description, String raw, String expected) {
        assertThat(LocationNormalizer.normalize(raw)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locations")
    void shouldBeIdempotent(String description, String raw, String expected) {
        String once = LocationNormalizer.normalize(raw);

        assertThat(LocationNormalizer.normalize(once)).isEqualTo(once);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locations")
    void shouldReturnTrimmedValueOfAtMost256CodePoints(String description, String raw, String expected) {
        String normalized = LocationNormalizer.normalize(raw);

        assertThat(normalized.codePointCount(0, normalized.length())).isBetween(1, LocationNormalizer.MAX_CODE_POINTS);
        assertThat(normalized).isEqualTo(normalized.strip());
        assertThat(normalized).doesNotContain("  ");
    }

    @Test
    void shouldReturnWhatTheCopyGivesAlsoWhenItSkipsTheCopy() {
        char[] alphabet = {'a', 'Z', ' ', ' ', '\t', '\n', '\u0000', '\u007f', '\u0085', '\u00a0', '\u2028', '\u3000',
            '\u00e9', '\u6771', '\ud83d', '\ude00', '\u200b', '\ufeff'};
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            char[] text = new char[random.nextInt(i % 100 == 0 ? 300 : 12)];
            for (int j = 0; j < text.length; j++) {
                text[j] = alphabet[random.nextInt(alphabet.length)];
            }
            String raw = new String(text);
            assertThat(LocationNormalizer.normalize(raw)).as("%s", raw.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(LocationNormalizer.copyNormalized(raw));
        }
        String normal = "Berlin, Germany";
        assertThat(LocationNormalizer.normalize(normal)).isSameAs(normal);
    }

    @Test
    void shouldCutOneMegabyteOfLettersTo256() {
        assertThat(LocationNormalizer.normalize("x".repeat(ONE_MEGABYTE))).isEqualTo("x".repeat(256));
    }

    @Test
    void shouldCutOneMegabyteOfWordsTo256() {
        String words = "ab ".repeat(ONE_MEGABYTE / 3);

        assertThat(LocationNormalizer.normalize(words)).isEqualTo("ab ".repeat(85) + "a");
    }

    @Test
    void shouldMapOneMegabyteOfWhitespaceToUnknown() {
        assertThat(LocationNormalizer.normalize(" \t\n".repeat(ONE_MEGABYTE / 3)))
                .isEqualTo(LocationNormalizer.UNKNOWN);
    }

    @Test
    void shouldNotSplitEmojiInOneMegabyteOfEmoji() {
        assertThat(LocationNormalizer.normalize(GRIN.repeat(ONE_MEGABYTE / 2))).isEqualTo(GRIN.repeat(256));
    }

    @ParameterizedTest(name = "U+{0} -> {1}")
    @CsvSource({
        "0020, true", "0009, true", "000A, true", "000B, true", "000C, true", "000D, true", "001C, true",
        "0000, true", "007F, true", "0085, true", "009F, true", "00A0, true", "1680, true", "2000, true",
        "200A, true", "2028, true", "2029, true", "202F, true", "205F, true", "3000, true",
        "0041, false", "00AD, false", "200B, false", "FEFF, false", "FFFD, false", "1F600, false", "4E2D, false"})
    void shouldTreatUnicodeSpacesAndControlCharactersAsWhitespace(String hex, boolean expected) {
        assertThat(LocationNormalizer.isWhitespace(Integer.parseInt(hex, 16))).isEqualTo(expected);
    }
}
