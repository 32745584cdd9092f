package io.lambdaarch.serving.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.serving.sql.Granularity;
import io.lambdaarch.serving.sql.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiParametersTest {
    private static final Set<String> ALL = Set.of("from", "to", "limit", "location", "granularity");

    private static ApiParameters parameters(String... nameValues) {
        Map<String, List<String>> query = new HashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            query.computeIfAbsent(nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
        }
        return ApiParameters.of(query, ALL);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertBad(Runnable call, String parameter) {
        return assertThatThrownBy(call::run)
                .isInstanceOf(BadParameterException.class)
                .satisfies(e -> assertThat(((BadParameterException) e).parameter()).isEqualTo(parameter));
    }

    @Test
    void shouldUseDefaultsWhenNothingIsGiven() {
        ApiParameters none = parameters();

        assertThat(none.range()).isEqualTo(TimeRange.all());
        assertThat(none.limit()).isEqualTo(ApiParameters.DEFAULT_LIMIT);
        assertThat(none.granularity()).isEqualTo(Granularity.HOUR);
    }

    @Test
    void shouldParseInstantsWithAnyOffsetAsUtc() {
        TimeRange range = parameters("from", "2026-11-26T10:00:00+01:00", "to", "2026-11-26T10:00:00Z").range();

        assertThat(range.from()).contains(Instant.parse("2026-11-26T09:00:00Z"));
        assertThat(range.to()).contains(Instant.parse("2026-11-26T10:00:00Z"));
    }

    @Test
    void shouldAcceptOpenEnds() {
        assertThat(parameters("from", "2026-11-26T00:00:00Z").range().to()).isEqualTo(Optional.empty());
        assertThat(parameters("to", "2026-11-26T00:00:00Z").range().from()).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-26", "2026-11-26T09:00:00", "2026-13-01T00:00:00Z", "1700000000",
            "2026-11-26T09:00:00Z' OR '1'='1", "", " 2026-11-26T09:00:00Z"})
    void shouldRejectMalformedInstants(String value) {
        assertBad(() -> parameters("from", value).range(), "from").hasMessageContaining("ISO-8601");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+10000-01-01T00:00:00Z", "0000-12-31T23:00:00Z", "-0001-01-01T00:00:00Z"})
    void shouldRejectInstantsOutsideTheYearsSqlStores(String value) {
        assertBad(() -> parameters("to", value).range(), "to").hasMessageContaining("out of range");
    }

    @Test
    void shouldRejectAnEmptyOrBackwardRangeNamingTo() {
        assertBad(() -> parameters("from", "2026-11-26T09:00:00Z", "to", "2026-11-26T09:00:00Z").range(), "to")
                .hasMessageContaining("must be after from");
        assertBad(() -> parameters("from", "2026-11-26T10:00:00Z", "to", "2026-11-26T09:00:00Z").range(), "to");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-1", "abc", "10; DROP TABLE batch_view", "1e3", "9999999999", "", "5 "})
    void shouldRejectBadLimits(String value) {
        assertBad(() -> parameters("limit", value).limit(), "limit");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 1000})
    void shouldAcceptLimitsInRange(int limit) {
        assertThat(parameters("limit", Integer.toString(limit)).limit()).isEqualTo(limit);
    }

    @Test
    void shouldAcceptStoredLocationsIncludingQuotes() {
        assertThat(parameters("location", "Côte d'Ivoire").location()).isEqualTo("Côte d'Ivoire");
        assertThat(parameters("location", "x' OR '1'='1").location()).isEqualTo("x' OR '1'='1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " Berlin", "Berlin ", "Ber  lin", "Ber\nlin", "Ber\u0000lin"})
    void shouldRejectLocationsThatCannotBeStored(String value) {
        assertBad(() -> parameters("location", value).location(), "location");
    }

    @Test
    void shouldRejectAMissingLocationAndOneLongerThanStored() {
        assertBad(() -> parameters().location(), "location").hasMessage("location is required");
        assertBad(() -> parameters("location", "a".repeat(257)).location(), "location");
    }

    @Test
    void shouldRejectUnknownGranularities() {
        assertThat(parameters("granularity", "day").granularity()).isEqualTo(Granularity.DAY);
        assertBad(() -> parameters("granularity", "minute").granularity(), "granularity")
                .hasMessageContaining("hour, day");
        assertBad(() -> parameters("granularity", "HOUR").granularity(), "granularity");
    }

    @Test
    void shouldRejectUnknownAndRepeatedParameters() {
        assertBad(() -> ApiParameters.of(Map.of("lmit", List.of("5")), Set.of("limit")), "lmit")
                .hasMessageContaining("unknown parameter 'lmit'");
        assertBad(() -> parameters("limit", "5", "limit", "6"), "limit").hasMessageContaining("more than once");
    }

    @Test
    void shouldRejectOverlongValuesBeforeParsingThem() {
        assertBad(() -> parameters("location", "x".repeat(ApiParameters.MAX_VALUE_LENGTH + 1)), "location")
                .hasMessageContaining("longer than");
    }

    @Test
    void shouldRequireABoundedRangeForTimeSeries() {
        assertBad(() -> parameters("to", "2026-11-26T00:00:00Z").boundedRange(Granularity.HOUR), "from");
        assertBad(() -> parameters("from", "2026-11-26T00:00:00Z").boundedRange(Granularity.HOUR), "to");
        // 10,000 hours is the most; one more is refused, while the same span in days is fine
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        String atMost = from.plusSeconds(3600L * ApiParameters.MAX_POINTS).toString();
        String tooMany = from.plusSeconds(3600L * ApiParameters.MAX_POINTS + 1).toString();
        assertThat(parameters("from", from.toString(), "to", atMost).boundedRange(Granularity.HOUR).to()).isPresent();
        assertBad(() -> parameters("from", from.toString(), "to", tooMany).boundedRange(Granularity.HOUR), "to")
                .hasMessageContaining("at most 10000");
        assertThat(parameters("from", from.toString(), "to", tooMany).boundedRange(Granularity.DAY).to()).isPresent();
    }

    @Test
    void shouldEchoBadValuesWithoutControlCharacters() {
        assertBad(() -> parameters("limit", "1\r\nX-Injected: yes").limit(), "limit")
                .hasMessageContaining("\\u000d\\u000a")
                .hasMessageNotContaining("\n");
    }
}
