package io.lambdaarch.serving.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringTest {
    @Test
    void shouldDecodeUtf8EscapesAndPlusSigns() {
        Map<String, List<String>> parameters = QueryString.parse(
                "location=S%C3%A3o+Paulo%2C%20Brasil&limit=3&flag%F0%9F%87%AE=%F0%9F%87%AE%F0%9F%87%B3&empty=&bare");

        assertThat(parameters).containsExactly(
                Map.entry("location", List.of("São Paulo, Brasil")),
                Map.entry("limit", List.of("3")),
                Map.entry("flag\uD83C\uDDEE", List.of("\uD83C\uDDEE\uD83C\uDDF3")),
                Map.entry("empty", List.of("")),
                Map.entry("bare", List.of("")));
    }

    @Test
    void shouldKeepRepeatedNamesAndSkipEmptyPairs() {
        assertThat(QueryString.parse("limit=1&&limit=2&")).containsExactly(Map.entry("limit", List.of("1", "2")));
        assertThat(QueryString.parse(null)).isEmpty();
        assertThat(QueryString.parse("")).isEmpty();
    }

    @Test
    void shouldKeepCharactersThatNeedNoEscape() {
        assertThat(QueryString.parse("location=東京&from=2026-11-20T00:00:00Z"))
                .containsEntry("location", List.of("東京"))
                .containsEntry("from", List.of("2026-11-20T00:00:00Z"));
    }

    @Test
    void shouldRejectMalformedEscapesNamingTheParameter() {
        for (String query : List.of("limit=%ZZ", "limit=5%", "limit=%4", "from=2026&limit=1%g0")) {
            assertThatThrownBy(() -> QueryString.parse(query))
                    .as(query)
                    .isInstanceOfSatisfying(BadParameterException.class,
                            e -> assertThat(e.parameter()).isEqualTo("limit"))
                    .hasMessageContaining("limit")
                    .hasMessageContaining("malformed escape");
        }
    }

    @Test
    void shouldRejectBytesThatAreNotUtf8NamingTheParameter() {
        // %E9 is é in Latin-1: a client that encoded in another charset gets told, not a silent replacement character
        assertThatThrownBy(() -> QueryString.parse("location=Z%FCrich"))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("location"))
                .hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> QueryString.parse("location=%C3"))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("location"));
    }

    @Test
    void shouldNameAParameterWhoseNameIsMalformedByItsRawName() {
        assertThatThrownBy(() -> QueryString.parse("li%ZZmit=1"))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("li%ZZmit"));
    }
}
