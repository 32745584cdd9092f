package io.lambdaarch.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.view.ViewCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipelineSettingsTest {

    @Test
    void testDefaults() {
        assertThat(Settings.read(Map.of(), PipelineSettings::from))
                .isEqualTo(new PipelineSettings(Duration.ofHours(1), Duration.ofHours(48)));
    }

    @Test
    void testExplicitPropertyMappings() {
        assertThat(Settings.read(Map.of("LAMBDA_INGEST_BUCKET", "1m", "LAMBDA_SPEED_RETENTION", "2h"),
                PipelineSettings::from)).isEqualTo(new PipelineSettings(Duration.ofMinutes(1), Duration.ofHours(2)));
    }

    @Test
    void shouldAcceptRetentionOfExactlyTwoBuckets() {
        assertThat(Settings.read(Map.of("LAMBDA_INGEST_BUCKET", "7s", "LAMBDA_SPEED_RETENTION", "14s"),
                PipelineSettings::from)).isEqualTo(new PipelineSettings(Duration.ofSeconds(7), Duration.ofSeconds(14)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1500ms       | 1500ms",
        "PT1.0000005S | PT1.0000005S"})
    void shouldRejectBucketThatIsNotWholeSeconds(String bucket, String shown) {
        assertThat(Settings.problems(Map.of("LAMBDA_INGEST_BUCKET", bucket), PipelineSettings::from)).containsExactly(
                "Invalid value " + shown + " for LAMBDA_INGEST_BUCKET (from given): "
                        + "expected a whole number of seconds");
    }

    @Test
    void shouldRejectRetentionShorterThanTwoBuckets() {
        assertThat(Settings.problems(Map.of("LAMBDA_INGEST_BUCKET", "1h", "LAMBDA_SPEED_RETENTION", "119m"),
                PipelineSettings::from)).containsExactly(
                "LAMBDA_SPEED_RETENTION (119m) must be at least twice LAMBDA_INGEST_BUCKET (1h)");
    }

    @Test
    void shouldNotCompareRetentionWithARejectedBucket() {
        assertThat(Settings.problems(Map.of("LAMBDA_INGEST_BUCKET", "8d", "LAMBDA_SPEED_RETENTION", "1h"),
                PipelineSettings::from)).containsExactly(
                "Invalid value 8d for LAMBDA_INGEST_BUCKET (from given): expected a duration from 1s to 7d");
    }

    @Test
    void shouldReportEveryBadValueInOneException() {
        assertThat(Settings.problems(Map.of("LAMBDA_INGEST_BUCKET", "0s", "LAMBDA_SPEED_RETENTION", "soon"),
                PipelineSettings::from)).containsExactly(
                "Invalid value 0s for LAMBDA_INGEST_BUCKET (from given): expected a duration from 1s to 7d",
                "Invalid value soon for LAMBDA_SPEED_RETENTION (from given): "
                        + "expected a duration such as 500ms, 30s, 5m, 2h, 7d or PT30S");
    }

    @Test
    void viewsAreTheShippedOnesWhenNoFileIsGiven() {
        assertThat(Settings.read(Map.of(), PipelineSettings::views)).isEqualTo(ViewCatalog.shipped());
        assertThat(Settings.read(Map.of("LAMBDA_VIEWS_FILE", " "), PipelineSettings::views))
                .isEqualTo(ViewCatalog.shipped());
    }

    @Test
    void viewsAreReadFromTheGivenFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("views.json"), "{\"views\": [{\"name\": \"by_lang\", \"dimensions\":"
                + " [{\"name\": \"lang\", \"source\": \"lang\"}], \"measures\": [{\"name\": \"n\", \"aggregation\":"
                + " \"count\"}]}]}");

        assertThat(Settings.read(Map.of("LAMBDA_VIEWS_FILE", file.toString()), PipelineSettings::views).names())
                .containsExactly("by_lang");
    }

    @Test
    void anInvalidViewsFileIsAConfigurationProblem(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("views.json"), "{\"views\": []}");

        assertThat(Settings.problems(Map.of("LAMBDA_VIEWS_FILE", file.toString()), PipelineSettings::views))
                .containsExactly("views file " + file + ": \"views\" is empty: declare at least one view");
    }
}
