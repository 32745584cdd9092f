package io.lambdaarch.demo.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.metrics.BatchMetricsSettings;
import io.lambdaarch.common.config.AwsCredentialSettings;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.config.S3Settings;
import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.config.SettingsTable;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.metrics.MetricsEndpointSettings;
import io.lambdaarch.ingestion.config.IngestConfig;
import io.lambdaarch.ingestion.config.ProducerSettings;
import io.lambdaarch.ingestion.config.SourceSettings;
import io.lambdaarch.localstack.LocalStackConfig;
import io.lambdaarch.serving.config.ServingConfig;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's settings table is rendered from the declarations (demo sees every module), so a setting added,
 * renamed or given a new default cannot leave the README behind; and every declaration carries a doc.
 */
class SettingsTableTest {
    private static final Path README = Path.of("..", "README.md");

    /** Every class that declares settings, in the order the README lists them. */
    private static final List<Setting<?>> ALL = Setting.declaredIn(
            ConfigSource.class,
            KafkaSettings.class,
            S3Settings.class,
            AwsCredentialSettings.class,
            WarehouseSettings.class,
            PipelineSettings.class,
            IngestConfig.class,
            ProducerSettings.class,
            SourceSettings.XStream.class,
            SpeedLayerConfig.class,
            MetricsEndpointSettings.class,
            BatchConfig.class,
            BatchMetricsSettings.class,
            ServingConfig.class,
            LocalStackConfig.class);

    @Test
    void readmeTableShouldMatchTheDeclarations() throws IOException {
        String readme = Files.readString(README);
        int begin = readme.indexOf(SettingsTable.BEGIN + "\n");
        int end = readme.indexOf(SettingsTable.END);
        assertThat(begin).as("README.md has the line " + SettingsTable.BEGIN).isNotNegative();
        assertThat(end).as("README.md has " + SettingsTable.END + " after " + SettingsTable.BEGIN).isGreaterThan(begin);

        String actual = readme.substring(begin + SettingsTable.BEGIN.length() + 1, end);
        String expected = SettingsTable.render(ALL);
        if (!actual.equals(expected)) {
            fail("The settings table in README.md differs from the declarations. Paste this between "
                    + SettingsTable.BEGIN + " and " + SettingsTable.END + ":\n" + expected);
        }
    }

    @Test
    void everyDeclarationShouldHaveADoc() {
        List<String> undocumented = ALL.stream().filter(s -> s.doc().isBlank()).map(Setting::name).toList();

        assertThat(undocumented).as("settings without a doc").isEmpty();
    }

    @Test
    void everySettingAServiceReadsShouldBeInTheTable() {
        Set<Setting<?>> listed = Set.copyOf(ALL);
        List<Setting<?>> read = Stream.of(IngestConfig.settings(), BatchConfig.settings(), SpeedLayerConfig.settings(),
                ServingConfig.settings()).flatMap(List::stream).toList();

        assertThat(read).allSatisfy(setting -> assertThat(listed).as("settings in the README table").contains(setting));
    }

    @Test
    void everyNameShouldBeDeclaredOnce() {
        assertThat(ALL.stream().collect(Collectors.groupingBy(Setting::name, Collectors.counting())))
                .allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(1L));
    }
}
