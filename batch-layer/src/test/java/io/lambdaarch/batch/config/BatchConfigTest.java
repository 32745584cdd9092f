package io.lambdaarch.batch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.batch.metrics.BatchMetricsSettings;
import io.lambdaarch.common.config.ConfigException;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.warehouse.WarehouseKind;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchConfigTest {
    private static final Map<String, String> REQUIRED = Map.of(
            "LAMBDA_KAFKA_BOOTSTRAP", "localhost:9092",
            "LAMBDA_S3_BUCKET", "lambda-archive",
            "LAMBDA_WAREHOUSE_URL", "jdbc:postgresql://localhost:5432/lambda");

    @TempDir
    Path tempDir;

    @Test
    void shouldUseTheDefaults() {
        BatchConfig config = BatchConfig.from(ConfigSource.of(REQUIRED));

        assertThat(config.clockMargin()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.clockProbeTopic()).isEmpty();
        assertThat(config.fileMaxRecords()).isEqualTo(1_000_000);
        assertThat(config.fileMaxBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(config.tempDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(config.lockTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.progressInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.kafkaTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.consumerGroup()).isEqualTo("lambda-batch");
        assertThat(config.redshiftIamRole()).isEmpty();
        assertThat(config.metrics()).isEqualTo(BatchMetricsSettings.none());
        assertThat(config.kafka().topic()).isEqualTo("tweets");
        assertThat(config.pipeline().ingestBucket()).isEqualTo(Duration.ofHours(1));
        assertThat(config.warehouse().kind()).isEqualTo(WarehouseKind.POSTGRES);
    }

    @Test
    void shouldMapEverySetting() {
        Map<String, String> settings = new HashMap<>(REQUIRED);
        settings.put("LAMBDA_WAREHOUSE_URL", "jdbc:redshift://cluster:5439/dev");
        settings.put(BatchConfig.CLOCK_MARGIN.name(), "5s");
        settings.put(BatchConfig.CLOCK_PROBE_TOPIC.name(), "clock-probe");
        settings.put(BatchConfig.FILE_MAX_RECORDS.name(), "5000");
        settings.put(BatchConfig.FILE_MAX_BYTES.name(), "1048576");
        settings.put(BatchConfig.TEMP_DIR.name(), tempDir.toString());
        settings.put(BatchConfig.LOCK_TIMEOUT.name(), "2m");
        settings.put(BatchConfig.PROGRESS_INTERVAL.name(), "1s");
        settings.put(BatchConfig.KAFKA_TIMEOUT.name(), "45s");
        settings.put(BatchConfig.CONSUMER_GROUP.name(), "batch-monitor");
        settings.put(BatchConfig.REDSHIFT_IAM_ROLE.name(), "arn:aws:iam::123456789012:role/RedshiftCopy");
        settings.put("LAMBDA_INGEST_BUCKET", "1m");
        settings.put(BatchMetricsSettings.TEXTFILE_DIR.name(), tempDir.toString());
        settings.put(BatchMetricsSettings.PUSHGATEWAY.name(), "http://pushgateway:9091");

        BatchConfig config = BatchConfig.from(ConfigSource.of(settings));

        assertThat(config.clockMargin()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.clockProbeTopic()).contains("clock-probe");
        assertThat(config.fileMaxRecords()).isEqualTo(5000);
        assertThat(config.fileMaxBytes()).isEqualTo(1_048_576);
        assertThat(config.tempDir()).isEqualTo(tempDir);
        assertThat(config.lockTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.progressInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.kafkaTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.consumerGroup()).isEqualTo("batch-monitor");
        assertThat(config.redshiftIamRole()).contains("arn:aws:iam::123456789012:role/RedshiftCopy");
        assertThat(config.warehouse().kind()).isEqualTo(WarehouseKind.REDSHIFT);
        assertThat(config.pipeline().ingestBucket()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.metrics().textfileDirectory()).contains(tempDir);
        assertThat(config.metrics().pushgateway()).contains(URI.create("http://pushgateway:9091"));
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        Map<String, String> settings = new HashMap<>();
        settings.put("LAMBDA_WAREHOUSE_URL", "jdbc:redshift://cluster:5439/dev");
        settings.put(BatchConfig.CLOCK_MARGIN.name(), "soon");
        settings.put(BatchConfig.FILE_MAX_RECORDS.name(), "0");
        settings.put(BatchConfig.TEMP_DIR.name(), tempDir.resolve("missing").toString());
        settings.put(BatchConfig.CLOCK_PROBE_TOPIC.name(), "tweets");

        assertThatThrownBy(() -> BatchConfig.from(ConfigSource.of(settings)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).satisfiesExactlyInAnyOrder(
                        p -> assertThat(p).contains("LAMBDA_KAFKA_BOOTSTRAP"),
                        p -> assertThat(p).contains("LAMBDA_S3_BUCKET"),
                        p -> assertThat(p).contains(BatchConfig.CLOCK_MARGIN.name(), "soon"),
                        p -> assertThat(p).contains(BatchConfig.FILE_MAX_RECORDS.name(), "0"),
                        p -> assertThat(p).contains(BatchConfig.TEMP_DIR.name(), "missing"),
                        p -> assertThat(p).contains(BatchConfig.CLOCK_PROBE_TOPIC.name(), "must differ"),
                        p -> assertThat(p).contains(BatchConfig.REDSHIFT_IAM_ROLE.name(), "Redshift")));
    }

    @Test
    void shouldRejectSomethingThatIsNotARoleArn() {
        Map<String, String> settings = new HashMap<>(REQUIRED);
        settings.put(BatchConfig.REDSHIFT_IAM_ROLE.name(), "RedshiftCopy");

        assertThatThrownBy(() -> BatchConfig.from(ConfigSource.of(settings))).hasMessageContaining("an IAM role ARN");
    }
}
