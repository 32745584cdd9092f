package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.TestKafka;
import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.batch.testing.Workload;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The archive alone rebuilds raw_batch and batch_view: Kafka's copy of the data is gone. */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayArchiveIT {
    private static final String RAW_ROWS = "SELECT event_id, created_at, location, followers_count, favorite_count,"
            + " retweet_count, kafka_partition, kafka_offset, ingest_time FROM raw_batch ORDER BY kafka_partition, kafka_offset";
    private static StackSandbox sandbox;
    private static ConfigSource settings;
    private static Workload workload;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("replay_archive_it");
        settings = sandbox.configSource(Map.of("LAMBDA_INGEST_BUCKET", "1s", "LAMBDA_BATCH_CLOCK_MARGIN", "0s",
                "LAMBDA_BATCH_FILE_MAX_RECORDS", "400"));
        workload = Workload.generate(5, 1_000_000_000L, 2000, 40, 9, Instant.now(), 3);
        TestKafka.sendWorkload(sandbox, workload);
    }

    @Test
    @Order(1)
    void shouldRebuildAnIdenticalBatchViewAfterRawBatchAndTheTopicAreGone() {
        BatchCli.Result run = BatchCli.run(settings, "run");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Map<Workload.ViewKey, List<Long>> view = TestWarehouse.batchView(sandbox);
        List<List<Object>> rawRows = rawRows();
        assertThat(view).isEqualTo(workload.truth());
        TestWarehouse.execute(sandbox, "TRUNCATE raw_batch");
        // Lost with the rest, so only the replay's recompute can bring the day grain back.
        TestWarehouse.execute(sandbox, "TRUNCATE batch_view_day");
        sandbox.stack().kafka().deleteTopics(List.of(sandbox.topic()));

        BatchCli.Result replay = BatchCli.run(settings, "replay-archive");

        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(replay.out()).contains("replay-archive ", "rebuilt raw_batch with " + String.format("%,d",
                workload.validRecords()) + " rows", "recompute ");
        assertThat(rawRows()).isEqualTo(rawRows);
        assertThat(TestWarehouse.batchView(sandbox)).isEqualTo(view);
        assertThat(TestWarehouse.dayGrain(sandbox)).isEqualTo(TestWarehouse.byDay(view));
        assertThat(TestWarehouse.count(sandbox, "batch_runs")).isEqualTo(2);
    }

    @Test
    @Order(2)
    void shouldRefuseToLandATopicThatWasCreatedAgain() {
        Map<Integer, Long> landed = TestWarehouse.landingOffsets(sandbox);
        sandbox.stack().kafka().createTopic(sandbox.topic(), 3, Map.of("message.timestamp.type", "LogAppendTime"));
        TestKafka.send(sandbox, Workload.generate(6, 5_000_000_000L, 50, 0, 1, Instant.now(), 3).first());

        BatchCli.Result result = BatchCli.run(settings, "run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("was deleted and created again");
        assertThat(TestWarehouse.landingOffsets(sandbox)).isEqualTo(landed);
    }

    private static List<List<Object>> rawRows() {
        List<List<Object>> rows = new ArrayList<>();
        TestWarehouse.query(sandbox, RAW_ROWS, result -> {
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= 9; i++) {
                    row.add(result.getObject(i));
                }
                rows.add(row);
            }
        });
        return rows;
    }
}
