package io.lambdaarch.ingestion.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.common.event.LocationNormalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class PlaceCatalogTest {
    private final List<String> places = PlaceCatalog.bundled().entries();

    @Test
    void shouldBundleAtLeastThreeHundredDistinctPlaces() {
        assertThat(places).hasSizeGreaterThanOrEqualTo(300);
        assertThat(new HashSet<>(places)).hasSameSizeAs(places);
    }

    @Test
    void shouldWriteThePlacesTheWayUsersTypeThem() {
        assertThat(places).contains(null, "", "   ", "London", "london", "LONDON", "London, UK", "Лондон", "東京", "서울",
                "القاهرة", "मुंबई", "🌍");
        assertThat(places).filteredOn(Objects::nonNull)
                .anySatisfy(p -> assertThat(p.codePointCount(0, p.length())).isGreaterThan(LocationNormalizer.MAX_CODE_POINTS))
                .anySatisfy(p -> assertThat(p).contains("\t"))
                .anySatisfy(p -> assertThat(p).contains("\u0000"));
    }

    @Test
    void shouldRejectALineThatIsNotAString() {
        byte[] list = "# comment\n\"ok\"\n42\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PlaceCatalog.parse(new ByteArrayInputStream(list)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Line 3");
    }
}
