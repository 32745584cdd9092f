package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.TestKafka;
import io.lambdaarch.batch.testing.Workload;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.S3Settings;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The batch layer against a real Amazon Redshift and S3 (Kafka stays embedded). Opt-in: runs only when
 * {@code LAMBDA_REDSHIFT_URL} is set, and it EMPTIES the batch tables of that database and the archive prefixes of
 * the bucket, so point it at a throwaway database and bucket. Also needed: {@code LAMBDA_REDSHIFT_USER},
 * {@code LAMBDA_REDSHIFT_PASSWORD}, {@code LAMBDA_REDSHIFT_S3_BUCKET}, {@code LAMBDA_BATCH_REDSHIFT_IAM_ROLE} (a role
 * the cluster may assume that reads the bucket), {@code AWS_REGION} of the bucket, and AWS credentials for the bucket
 * in the SDK's default chain.
 */
@ExtendWith(LocalStackExtension.class)
@EnabledIfEnvironmentVariable(named = "LAMBDA_REDSHIFT_URL", matches = ".+")
class RedshiftIT {
    private static StackSandbox sandbox;
    private static ConfigSource settings;
    private static Workload workload;

    @BeforeAll
    static void setUp(LocalStack stack) throws Exception {
        sandbox = stack.sandbox("redshift_it");
        Map<String, String> values = new HashMap<>();
        values.put("LAMBDA_KAFKA_BOOTSTRAP", stack.kafka().bootstrapServers());
        values.put("LAMBDA_KAFKA_TOPIC", sandbox.topic());
        values.put("LAMBDA_KAFKA_DLQ_TOPIC", sandbox.dlqTopic());
        values.put(WarehouseSettings.URL.name(), System.getenv("LAMBDA_REDSHIFT_URL"));
        values.put(WarehouseSettings.USER.name(), System.getenv("LAMBDA_REDSHIFT_USER"));
        values.put(WarehouseSettings.PASSWORD.name(), System.getenv("LAMBDA_REDSHIFT_PASSWORD"));
        values.put(S3Settings.BUCKET.name(), System.getenv("LAMBDA_REDSHIFT_S3_BUCKET"));
        values.put(S3Settings.REGION.name(), System.getenv("AWS_REGION"));
        values.put(BatchConfig.REDSHIFT_IAM_ROLE.name(), System.getenv(BatchConfig.REDSHIFT_IAM_ROLE.name()));
        values.put("LAMBDA_INGEST_BUCKET", "1s");
        values.put(BatchConfig.CLOCK_MARGIN.name(), "0s");
        values.put(BatchConfig.FILE_MAX_RECORDS.name(), "500");
        settings = ConfigSource.of(values);

        try (Connection connection = connector().open(); Statement statement = connection.createStatement()) {
            for (String table : List.of("raw_batch", "first_copies", "batch_view", "landing_offsets", "landing_runs", "batch_runs")) {
                statement.execute("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            // a fresh database has no tables yet; the job creates them
        }
        try (var s3 = software.amazon.awssdk.services.s3.S3Client.create()) {
            for (String prefix : List.of("raw/", "quarantine/", "manifests/")) {
                s3.listObjectsV2Paginator(b -> b.bucket(System.getenv("LAMBDA_REDSHIFT_S3_BUCKET")).prefix(prefix)).contents()
                        .forEach(o -> s3.deleteObject(b -> b.bucket(System.getenv("LAMBDA_REDSHIFT_S3_BUCKET")).key(o.key())));
            }
        }
        workload = Workload.generate(3, 1_000_000_000L, 2000, 30, 5, Instant.now(), 3);
        TestKafka.sendWorkload(sandbox, workload);
    }

    @Test
    void shouldLandRecomputeIncrementallyAndReplayOnRedshift() throws SQLException, InterruptedException {
        BatchCli.Result run = BatchCli.run(settings, "run");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(batchView()).isEqualTo(workload.truth());

        // A second workload with repeats of the first one's ids (later copies, other content, other partitions):
        // the incremental run MERGEs the first-copy index and its delta, and must equal a full recompute.
        Workload second = Workload.generate(4, 2_000_000_000L, 1000, 10, 5, Instant.now(), 3);
        TestKafka.sendWorkload(sandbox, second);
        TestKafka.send(sandbox, workload.later());
        Thread.sleep(1200);
        BatchCli.Result incremental = BatchCli.run(settings, "run");
        assertThat(incremental.exitCode()).as(incremental.toString()).isZero();
        assertThat(incremental.out()).contains(": incremental (");
        Map<Workload.ViewKey, List<Long>> both = Workload.truth(List.of(workload, second));
        assertThat(batchView()).isEqualTo(both);

        BatchCli.Result full = BatchCli.run(settings, "recompute", "--full");
        assertThat(full.exitCode()).as(full.toString()).isZero();
        assertThat(batchView()).isEqualTo(both);

        BatchCli.Result replay = BatchCli.run(settings, "replay-archive");
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(batchView()).isEqualTo(both);
    }

    private static WarehouseConnector connector() {
        return new WarehouseConnector(BatchConfig.from(settings).warehouse());
    }

    private static Map<Workload.ViewKey, List<Long>> batchView() throws SQLException {
        Map<Workload.ViewKey, List<Long>> view = new HashMap<>();
        try (Connection connection = connector().open(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT event_hour, location, tweet_count, followers_sum, favorites_sum, retweets_sum FROM batch_view")) {
            while (rows.next()) {
                view.put(new Workload.ViewKey(rows.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), rows.getString(2)),
                        List.of(rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getLong(6)));
            }
        }
        return view;
    }
}
