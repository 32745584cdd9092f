package io.lambdaarch.common.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.warehouse.SchemaInstaller;
import io.lambdaarch.common.warehouse.Warehouse;
import io.lambdaarch.common.warehouse.WarehouseKind;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger against a real PostgreSQL 17 with the project's schema: what each writer stores is checked with plain
 * SQL, what each reader chooses against rows inserted by hand, and every writer joins the caller's transaction.
 */
class LedgerIT {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123456Z");

    private static EmbeddedPostgres postgres;

    private final Ledger ledger = Ledger.unqualified();
    private Connection connection;

    @BeforeAll
    static void startPostgres() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().setServerConfig("timezone", "UTC").setServerConfig("fsync", "off").start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            new SchemaInstaller(Warehouse.of(WarehouseKind.POSTGRES)).install(connection);
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void emptyTheLedger() throws SQLException {
        connection = postgres.getPostgresDatabase().getConnection();
        execute("TRUNCATE landing_offsets, landing_runs, batch_runs, speed_commits, speed_lease, speed_late_rows");
    }

    @AfterEach
    void closeConnection() throws SQLException {
        connection.close();
    }

    @Test
    void shouldReplaceTheLandedOffsetsOfOneTopicOnly() throws SQLException {
        ledger.landingOffsetsWriter().replace(connection, "tweets", "id-1", Map.of(0, 10L, 1, 20L, 2, 30L), T0);
        ledger.landingOffsetsWriter().replace(connection, "other", "id-9", Map.of(0, 5L), T0);
        ledger.landingOffsetsWriter().replace(connection, "tweets", "id-1", Map.of(0, 11L, 1, 21L), T0.plusSeconds(60));

        assertThat(rows("SELECT topic, kafka_partition, next_offset, updated_at, topic_id FROM landing_offsets"
                + " ORDER BY topic, kafka_partition")).containsExactly(
                        "other|0|5|2026-11-26T10:00:00.123456|id-9",
                        "tweets|0|11|2026-11-26T10:01:00.123456|id-1",
                        "tweets|1|21|2026-11-26T10:01:00.123456|id-1");
        assertThat(ledger.landingOffsetsReader().read(connection, "tweets"))
                .isEqualTo(new LandingOffsets(new TreeMap<>(Map.of(0, 11L, 1, 21L)), Optional.of("id-1")));
        assertThat(ledger.landingOffsetsReader().read(connection, "absent")).isEqualTo(LandingOffsets.empty());
    }

    @Test
    void shouldKeepTheRowsBelowTheLandedOffsetsWithTheJoin() throws SQLException {
        ledger.landingOffsetsWriter().replace(connection, "tweets", "id-1", Map.of(0, 2L, 1, 1L), T0);
        ledger.landingOffsetsWriter().replace(connection, "other", "id-9", Map.of(0, 100L, 1, 100L), T0);
        execute("CREATE TEMPORARY TABLE staged (kafka_partition INTEGER, kafka_offset BIGINT)");
        execute("INSERT INTO staged VALUES (0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (2, 0)");

        List<String> kept = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT s.kafka_partition, s.kafka_offset FROM staged s "
                + ledger.landingOffsetsReader().landedRowsJoin("s") + " ORDER BY 1, 2")) {
            query.setString(1, "tweets");
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    kept.add(rs.getInt(1) + "@" + rs.getLong(2));
                }
            }
        }

        assertThat(kept).containsExactly("0@0", "0@1", "1@0");
    }

    @Test
    void shouldChooseTheLandingRunWithTheLatestLandedThroughAndSumPerTopic() throws SQLException {
        LandingRun early = landingRun("run-1", "tweets", T0, T0.plusSeconds(10), T0.minusSeconds(60), 100);
        // Finished last, yet behind: a run whose landed_through did not advance past the latest one's.
        LandingRun behind = landingRun("run-2", "tweets", T0.plusSeconds(20), T0.plusSeconds(30), T0.minusSeconds(120), 7);
        LandingRun other = landingRun("run-3", "other", T0, T0.plusSeconds(40), T0, 1000);
        for (LandingRun run : List.of(early, behind, other)) {
            ledger.landingRunsWriter().insert(connection, run);
        }

        assertThat(rows("SELECT run_id, topic, started_at, finished_at, landed_through, valid_records, invalid_records,"
                + " files, bytes FROM landing_runs WHERE run_id = 'run-1'")).containsExactly(
                        "run-1|tweets|2026-11-26T10:00:00.123456|2026-11-26T10:00:10.123456|2026-11-26T09:59:00.123456|100|3|4|5000");
        assertThat(ledger.landingRunsReader().latest(connection, "tweets")).contains(early);
        assertThat(ledger.landingRunsReader().latest(connection, "absent")).isEmpty();
        assertThat(ledger.landingRunsReader().lastFinished(connection)).contains(other);
        assertThat(ledger.landingRunsReader().landedValidRecords(connection, "tweets")).isEqualTo(107);
        assertThat(ledger.landingRunsReader().landedValidRecords(connection, "absent")).isZero();
    }

    @Test
    void shouldChooseTheLatestSucceededRecomputeAsTheServingViewDoes() throws SQLException {
        BatchRunsReader reader = ledger.batchRunsReader();
        assertThat(reader.latestSucceeded(connection)).isEmpty();
        assertThat(rows(reader.anySucceededQuery())).isEmpty();
        assertThat(rows("SELECT (" + reader.latestCutoffQuery() + ")")).containsExactly("null");

        BatchRun first = batchRun("run-1", T0.plusSeconds(10), T0.minusSeconds(3600));
        BatchRun tieLowerCutoff = batchRun("run-2", T0.plusSeconds(20), T0.minusSeconds(600));
        BatchRun tieHigherCutoff = batchRun("run-3", T0.plusSeconds(20), T0.minusSeconds(300));
        for (BatchRun run : List.of(first, tieHigherCutoff, tieLowerCutoff)) {
            ledger.batchRunsWriter().insert(connection, run);
        }

        assertThat(rows("SELECT run_id, started_at, finished_at, cutoff, ingest_bucket_seconds, rows_in, rows_out,"
                + " duration_ms, status FROM batch_runs WHERE run_id = 'run-1'")).containsExactly(
                        "run-1|2026-11-26T10:00:00.123456|2026-11-26T10:00:10.123456|2026-11-26T09:00:00.123456|60|1000|40|10000|succeeded");
        assertThat(reader.latestSucceeded(connection)).contains(tieHigherCutoff);
        assertThat(rows("SELECT (" + reader.latestCutoffQuery() + ")")).containsExactly("2026-11-26T09:55:00.123456");
        assertThat(rows(reader.anySucceededQuery())).isNotEmpty();
    }

    @Test
    void shouldRoundTripSpeedCommitsAndChooseTheLatest() throws SQLException {
        SpeedCommit withNulls = new SpeedCommit("speed", "query-1", 0, T0, Optional.empty(), Optional.empty(), Optional.empty(),
                60, 0, 0, 0, Optional.empty());
        SpeedCommit full = new SpeedCommit("speed", "query-1", 1, T0.plusSeconds(5), Optional.of(T0.minusSeconds(30)),
                Optional.of(T0.minusSeconds(10)), Optional.of(T0.minusSeconds(7200)), 60, 500, 3, 42, Optional.of("{\"0\": 17}"));
        // Another job committed last with a smaller batch id: the serving layer reports it, by commit time.
        SpeedCommit otherJob = new SpeedCommit("speed-2", "query-9", 0, T0.plusSeconds(9), Optional.empty(), Optional.empty(),
                Optional.of(T0), 60, 1, 0, 1, Optional.empty());
        for (SpeedCommit commit : List.of(withNulls, full, otherJob)) {
            ledger.speedCommitsWriter().insert(connection, commit);
        }

        assertThat(rows("SELECT query_name, query_id, batch_id, committed_at, ingest_watermark, max_ingest_time, retained_from,"
                + " ingest_bucket_seconds, input_rows, invalid_rows, rows_upserted, next_offsets FROM speed_commits"
                + " ORDER BY query_name, batch_id")).containsExactly(
                        "speed|query-1|0|2026-11-26T10:00:00.123456|null|null|null|60|0|0|0|null",
                        "speed|query-1|1|2026-11-26T10:00:05.123456|2026-11-26T09:59:30.123456|2026-11-26T09:59:50.123456"
                                + "|2026-11-26T08:00:00.123456|60|500|3|42|{\"0\": 17}",
                        "speed-2|query-9|0|2026-11-26T10:00:09.123456|null|null|2026-11-26T10:00:00.123456|60|1|0|1|null");
        SpeedCommitsReader reader = ledger.speedCommitsReader();
        assertThat(reader.latestOf(connection, "speed")).contains(full);
        assertThat(reader.find(connection, "speed", 0)).contains(withNulls);
        assertThat(reader.find(connection, "speed", 7)).isEmpty();
        assertThat(reader.latest(connection)).contains(otherJob);
    }

    @Test
    void shouldDeleteOnlyTheCommitsAskedFor() throws SQLException {
        for (long batch = 0; batch < 4; batch++) {
            ledger.speedCommitsWriter().insert(connection, new SpeedCommit("speed", "query-1", batch, T0.plusSeconds(batch * 60),
                    Optional.empty(), Optional.empty(), Optional.empty(), 60, 0, 0, 0, Optional.empty()));
        }
        ledger.speedCommitsWriter().insert(connection, new SpeedCommit("speed-2", "query-9", 0, T0, Optional.empty(),
                Optional.empty(), Optional.empty(), 60, 0, 0, 0, Optional.empty()));

        // Older than batch 3 and committed before T0 + 90 s: batches 0 and 1.
        ledger.speedCommitsWriter().deleteOlder(connection, "speed", 3, T0.plusSeconds(90));
        assertThat(rows("SELECT query_name, batch_id FROM speed_commits ORDER BY 1, 2"))
                .containsExactly("speed|2", "speed|3", "speed-2|0");

        ledger.speedCommitsWriter().deleteAll(connection, "speed");
        assertThat(rows("SELECT query_name, batch_id FROM speed_commits ORDER BY 1, 2")).containsExactly("speed-2|0");
    }

    @Test
    void shouldTakeTheSpeedLeaseOverOnlyFromTheEpochSeenAndFenceTheOldHolder() throws SQLException {
        SpeedLease first = new SpeedLease("speed_view", "/checkpoints/a", 1, Optional.of("driver-a"), T0, T0);
        ledger.speedLeaseWriter().insert(connection, first);
        SpeedLease second = new SpeedLease("speed_view", "/checkpoints/b", 2, Optional.of("driver-b"), T0.plusSeconds(60),
                T0.plusSeconds(60));

        assertThat(ledger.speedLeaseWriter().takeOver(connection, 0, second)).as("a stale epoch loses the race").isFalse();
        assertThat(ledger.speedLeaseWriter().takeOver(connection, 1, second)).isTrue();
        assertThat(ledger.speedLeaseWriter().heartbeat(connection, "speed_view", 1, T0.plusSeconds(90)))
                .as("the fenced holder's renewal").isFalse();
        assertThat(ledger.speedLeaseWriter().heartbeat(connection, "speed_view", 2, T0.plusSeconds(90))).isTrue();
        assertThat(ledger.speedLeaseReader().find(connection, "speed_view")).contains(new SpeedLease("speed_view",
                "/checkpoints/b", 2, Optional.of("driver-b"), T0.plusSeconds(60), T0.plusSeconds(90)));

        assertThat(ledger.speedLeaseWriter().release(connection, "speed_view", 1)).isFalse();
        assertThat(ledger.speedLeaseWriter().release(connection, "speed_view", 2)).isTrue();
        assertThat(ledger.speedLeaseReader().find(connection, "speed_view")).hasValueSatisfying(lease -> {
            assertThat(lease.holder()).isEmpty();
            assertThat(lease.epoch()).isEqualTo(2);
        });
        assertThat(ledger.speedLeaseWriter().heartbeat(connection, "speed_view", 2, T0.plusSeconds(120)))
                .as("a released lease is not renewed").isFalse();
        assertThat(ledger.speedLeaseReader().find(connection, "other")).isEmpty();
    }

    @Test
    void shouldReportTheNewestLateBucketAndForgetBucketsBeforeRetention() throws SQLException {
        assertThat(ledger.speedLateRowsReader().newestLateBucket(connection)).isEmpty();
        Instant bucket = Instant.parse("2026-11-26T09:00:00Z");
        ledger.speedLateRowsWriter().insert(connection, new SpeedLateRows("speed_view", 4, bucket, bucket.plusSeconds(3600), T0));
        ledger.speedLateRowsWriter().insert(connection, new SpeedLateRows("speed_view", 9, bucket, bucket, T0));

        assertThat(ledger.speedLateRowsReader().newestLateBucket(connection)).contains(bucket.plusSeconds(3600));
        ledger.speedLateRowsWriter().deleteBefore(connection, "speed_view", bucket.plusSeconds(1));
        assertThat(rows("SELECT batch_id FROM speed_late_rows")).containsExactly("4");
        ledger.speedLateRowsWriter().deleteAll(connection, "speed_view");
        assertThat(ledger.speedLateRowsReader().newestLateBucket(connection)).isEmpty();
    }

    @Test
    void shouldWriteInsideTheCallersTransaction() throws SQLException {
        connection.setAutoCommit(false);
        ledger.landingOffsetsWriter().replace(connection, "tweets", "id-1", Map.of(0, 10L), T0);
        ledger.landingRunsWriter().insert(connection, landingRun("run-1", "tweets", T0, T0, T0, 1));
        ledger.batchRunsWriter().insert(connection, batchRun("run-1", T0, T0));
        ledger.speedCommitsWriter().insert(connection, new SpeedCommit("speed", "query-1", 0, T0, Optional.empty(),
                Optional.empty(), Optional.empty(), 60, 0, 0, 0, Optional.empty()));
        try (Connection other = postgres.getPostgresDatabase().getConnection()) {
            assertThat(count(other)).as("uncommitted rows seen by another connection").isZero();
        }
        connection.rollback();
        connection.setAutoCommit(true);

        assertThat(count(connection)).isZero();
    }

    @Test
    void shouldReadThroughQualifiedNames() throws SQLException {
        ledger.batchRunsWriter().insert(connection, batchRun("run-1", T0, T0.minusSeconds(60)));
        LedgerTables qualified = LedgerTables.namedBy(table -> "public." + table);

        assertThat(qualified.batchRuns()).isEqualTo("public.batch_runs");
        assertThat(new BatchRunsReader(qualified, Duration.ofSeconds(5)).latestSucceeded(connection))
                .map(BatchRun::runId).contains("run-1");
        assertThat(new BatchRunsReader(qualified).latestCutoffQuery()).contains("FROM public.batch_runs");
    }

    private static LandingRun landingRun(String runId, String topic, Instant started, Instant finished, Instant landedThrough,
            long valid) {
        return new LandingRun(runId, topic, started, finished, landedThrough, valid, 3, 4, 5000);
    }

    private static BatchRun batchRun(String runId, Instant finished, Instant cutoff) {
        return new BatchRun(runId, T0, finished, cutoff, 60, 1000, 40, 10000, BatchRunStatus.SUCCEEDED, BatchRunMode.FULL);
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT (SELECT COUNT(*) FROM landing_offsets) + (SELECT COUNT(*) FROM landing_runs)"
                        + " + (SELECT COUNT(*) FROM batch_runs) + (SELECT COUNT(*) FROM speed_commits)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Each row as its columns joined by '|', timestamps as their UTC LocalDateTime. */
    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getMetaData().getColumnType(i) == Types.TIMESTAMP
                            ? rs.getObject(i, LocalDateTime.class) : rs.getObject(i);
                    values.add(String.valueOf(value));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }
}
