package io.lambdaarch.speed.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.ledger.SpeedLateRowsReader;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.warehouse.Warehouse;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.common.warehouse.WarehouseKind;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.speed.lease.LeaseLostException;
import io.lambdaarch.speed.lease.SpeedViewLease;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The warehouse side of a micro-batch against PostgreSQL 17. Both statement sets run here: PostgreSQL's
 * {@code ON CONFLICT} and Redshift's staging table + {@code MERGE} (PostgreSQL 15+ accepts the same MERGE syntax;
 * the Redshift path is not run against Redshift itself here).
 */
@ExtendWith(LocalStackExtension.class)
class SpeedViewWriterIT {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:07Z");
    private static final Instant BUCKET_1100 = Instant.parse("2026-11-26T11:00:00Z");
    private static final Instant HOUR_08 = Instant.parse("2026-11-26T08:00:00Z");
    private static final PipelineSettings PIPELINE = new PipelineSettings(Duration.ofHours(1), Duration.ofHours(48));
    private static final Duration WATERMARK_DELAY = Duration.ofMinutes(10);

    private static StackSandbox sandbox;
    private static WarehouseConnector connector;
    private final SpeedViewTable table = new SpeedViewTable(ViewCatalog.shipped().defaultView());
    private SpeedViewLease lease;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("speed_writer");
        connector = new WarehouseConnector(sandbox.warehouseSettings());
    }

    @BeforeEach
    void emptyTables() throws SQLException, InterruptedException {
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM speed_view");
            statement.execute("DELETE FROM speed_commits");
            statement.execute("DELETE FROM speed_lease");
            statement.execute("DELETE FROM speed_late_rows");
            statement.execute("DELETE FROM speed_view_incoming");
        }
        lease = lease("/checkpoints/writer-it", "writer-it", NOW);
        lease.acquire(false);
    }

    @ParameterizedTest
    @EnumSource(WarehouseKind.class)
    void shouldOverwriteTheTotalsOfChangedGroupsAndRecordTheBatch(WarehouseKind kind) throws SQLException {
        SpeedViewWriter writer = writer(kind, PIPELINE, NOW);
        apply(writer, batch("q1", 0, List.of(row(BUCKET_1100, "Oslo", 2, 20), row(BUCKET_1100, "Rome", 1, 5)),
                Optional.of(NOW.minusSeconds(30))));
        SpeedBatchResult commit = apply(writer, batch("q1", 1, List.of(row(BUCKET_1100, "Oslo", 3, 21), row(BUCKET_1100, "Lima", 1, 0)),
                Optional.of(NOW.minusSeconds(60))));

        // Spark sends the running total of each changed group: 3, not 2 + 3.
        assertThat(speedView()).containsExactly(
                Map.entry("2026-11-26T11:00:00Z|Lima", List.of(1L, 0L, 0L, 0L)),
                Map.entry("2026-11-26T11:00:00Z|Oslo", List.of(3L, 21L, 0L, 0L)),
                Map.entry("2026-11-26T11:00:00Z|Rome", List.of(1L, 5L, 0L, 0L)));
        assertThat(commit.applied()).isTrue();
        assertThat(commit.rowsUpserted()).isEqualTo(2);
        // The newest ingest time so far, although this batch's own was older.
        assertThat(commit.maxIngestTime()).contains(NOW.minusSeconds(30));
        assertThat(commit.ingestWatermark()).contains(NOW.minusSeconds(30).minus(WATERMARK_DELAY));
        assertThat(commitRows()).containsExactly(
                "q1|0|2|2026-11-26T12:00:07Z|2026-11-26T11:59:37Z|2026-11-26T11:49:37Z|2026-11-24T13:00:00Z|3600|10|2",
                "q1|1|2|2026-11-26T12:00:07Z|2026-11-26T11:59:37Z|2026-11-26T11:49:37Z|2026-11-24T13:00:00Z|3600|10|2");
    }

    @ParameterizedTest
    @EnumSource(WarehouseKind.class)
    void shouldStoreSumsPastTwoToTheSixtyThreeExactly(WarehouseKind kind) throws SQLException {
        BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
        BigInteger twoMax = max.multiply(BigInteger.TWO);
        BigInteger threeMax = max.multiply(BigInteger.valueOf(3));
        BigInteger safeTimes1100 = BigInteger.valueOf((1L << 53) - 1).multiply(BigInteger.valueOf(1_100));
        SpeedViewWriter writer = writer(kind, PIPELINE, NOW);
        apply(writer, batch("q1", 0, List.of(new SpeedViewRow(BUCKET_1100, List.of(HOUR_08, "Oslo"),
                List.of(BigInteger.TWO, twoMax, twoMax, twoMax))), Optional.of(NOW)));
        apply(writer, batch("q1", 1, List.of(
                new SpeedViewRow(BUCKET_1100, List.of(HOUR_08, "Oslo"), List.of(BigInteger.valueOf(3), threeMax, threeMax, threeMax)),
                new SpeedViewRow(BUCKET_1100, List.of(HOUR_08, "Rome"),
                        List.of(BigInteger.valueOf(1_100), safeTimes1100, BigInteger.ZERO, BigInteger.valueOf(1_100)))),
                Optional.of(NOW)));

        List<String> rows = new ArrayList<>();
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT location, tweet_count, followers_sum, favorites_sum, retweets_sum"
                        + " FROM speed_view ORDER BY location")) {
            while (rs.next()) {
                rows.add(String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        assertThat(rows).containsExactly("Oslo|3|" + threeMax + "|" + threeMax + "|" + threeMax,
                "Rome|1100|" + safeTimes1100 + "|0|1100");
    }

    @ParameterizedTest
    @EnumSource(WarehouseKind.class)
    void shouldSkipABatchThatWasCommittedBefore(WarehouseKind kind) throws SQLException {
        SpeedViewWriter writer = writer(kind, PIPELINE, NOW);
        apply(writer, batch("q1", 0, List.of(row(BUCKET_1100, "Oslo", 2, 20)), Optional.of(NOW)));
        apply(writer, batch("q1", 1, List.of(row(BUCKET_1100, "Oslo", 4, 40)), Optional.of(NOW)));

        // A replay of batch 1 after a crash, and a stale batch 0: neither may touch the table again.
        SpeedBatchResult replay = apply(writer(kind, PIPELINE, NOW.plusSeconds(60)), batch("q1", 1, List.of(row(BUCKET_1100, "Oslo", 9, 90)), Optional.of(NOW)));
        SpeedBatchResult stale = apply(writer, batch("q1", 0, List.of(row(BUCKET_1100, "Oslo", 2, 20)), Optional.of(NOW)));

        assertThat(replay.applied()).isFalse();
        assertThat(replay.committedAt()).isEqualTo(NOW);
        assertThat(stale.applied()).isFalse();
        assertThat(speedView()).containsExactly(Map.entry("2026-11-26T11:00:00Z|Oslo", List.of(4L, 40L, 0L, 0L)));
        assertThat(commitRows()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(WarehouseKind.class)
    void shouldDeleteBucketsOlderThanRetentionAndNeverMoveRetainedFromBack(WarehouseKind kind) throws SQLException {
        Instant oldBucket = Instant.parse("2026-11-24T12:00:00Z");
        Instant firstKept = Instant.parse("2026-11-24T13:00:00Z");
        SpeedBatchResult first = apply(writer(kind, PIPELINE, NOW), batch("q1", 0,
                List.of(row(oldBucket, "Oslo", 1, 1), row(firstKept, "Oslo", 1, 1), row(BUCKET_1100, "Oslo", 1, 1)),
                Optional.of(NOW)));

        // now - 48h = 2026-11-24T12:00:07: bucket 12:00 is only partly inside retention, so 13:00 is the first kept.
        assertThat(first.retainedFrom()).isEqualTo(firstKept);
        assertThat(first.rowsExpired()).isEqualTo(1);
        assertThat(speedView()).containsOnlyKeys("2026-11-24T13:00:00Z|Oslo", "2026-11-26T11:00:00Z|Oslo");

        // A restart with a longer retention does not claim buckets that are already gone.
        PipelineSettings longer = new PipelineSettings(Duration.ofHours(1), Duration.ofHours(72));
        SpeedBatchResult second = apply(writer(kind, longer, NOW.plusSeconds(3600)), batch("q1", 1, List.of(), Optional.empty()));
        assertThat(second.retainedFrom()).isEqualTo(firstKept);
        assertThat(second.maxIngestTime()).contains(NOW);

        SpeedBatchResult third = apply(writer(kind, PIPELINE, NOW.plus(Duration.ofHours(2))), batch("q1", 2, List.of(), Optional.empty()));
        assertThat(third.retainedFrom()).isEqualTo(Instant.parse("2026-11-24T15:00:00Z"));
        assertThat(speedView()).containsOnlyKeys("2026-11-26T11:00:00Z|Oslo");
    }

    @ParameterizedTest
    @EnumSource(WarehouseKind.class)
    void shouldRefuseANewCheckpointUnlessItIsReplacedOnPurpose(WarehouseKind kind) throws SQLException {
        SpeedViewWriter writer = writer(kind, PIPELINE, NOW);
        apply(writer, batch("q1", 0, List.of(row(BUCKET_1100, "Oslo", 5, 5)), Optional.of(NOW)));
        apply(writer, batch("q1", 1, List.of(row(BUCKET_1100, "Rome", 5, 5)), Optional.of(NOW)));

        // A new checkpoint numbers its batches from 0 again and re-reads the topic from now - retention.
        Staged fresh = new Staged(new SpeedBatch("speed_view", "query-2", 0, 1, 0, Optional.of(NOW), Optional.of(NOW)),
                List.of(row(BUCKET_1100, "Oslo", 1, 1)));
        assertThatThrownBy(() -> apply(writer, fresh))
                .isInstanceOf(TerseException.class)
                .hasMessageContaining("query id query-2 is not the one speed_view was written from (q1)")
                .hasMessageContaining("--replace-checkpoint");
        assertThat(speedView()).hasSize(2);
        assertThat(commitRows()).hasSize(2);

        SpeedBatchResult replaced = apply(writer(kind, PIPELINE, NOW, true), fresh);

        assertThat(replaced.applied()).isTrue();
        assertThat(speedView()).containsExactly(Map.entry("2026-11-26T11:00:00Z|Oslo", List.of(1L, 1L, 0L, 0L)));
        assertThat(commitRows()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(WarehouseKind.class)
    void shouldFailTheCommitOfAWriterWhoseLeaseWasTakenOver(WarehouseKind kind) throws SQLException, InterruptedException {
        SpeedViewWriter fenced = writer(kind, PIPELINE, NOW);
        apply(fenced, batch("q1", 0, List.of(row(BUCKET_1100, "Oslo", 5, 5)), Optional.of(NOW)));
        // The executors of the old driver already wrote their rows when the new one takes over (its clock says the
        // old holder has been silent for longer than the timeout).
        fenced.prepare(1);
        stage(fenced.epoch(), 1, List.of(row(BUCKET_1100, "Oslo", 9, 9)));
        SpeedViewLease successor = lease("/checkpoints/writer-it", "successor", NOW.plus(Duration.ofMinutes(5)));
        successor.acquire(false);

        assertThatThrownBy(() -> fenced.apply(batch("q1", 1, List.of(), Optional.of(NOW)).batch()))
                .isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("lost its lease on speed_view to successor (epoch 2, checkpoint /checkpoints/writer-it)");
        assertThatThrownBy(() -> fenced.prepare(2)).isInstanceOf(LeaseLostException.class);
        assertThat(speedView()).containsExactly(Map.entry("2026-11-26T11:00:00Z|Oslo", List.of(5L, 5L, 0L, 0L)));

        // The successor resumes the same checkpoint: its batch 1 is applied, the fenced driver's rows are not.
        SpeedViewWriter writer = new SpeedViewWriter(connector, List.of(table), successor,
                PIPELINE, WATERMARK_DELAY, false, Clock.fixed(NOW, ZoneOffset.UTC));
        apply(writer, batch("q1", 1, List.of(row(BUCKET_1100, "Oslo", 7, 7)), Optional.of(NOW)));
        assertThat(speedView()).containsExactly(Map.entry("2026-11-26T11:00:00Z|Oslo", List.of(7L, 7L, 0L, 0L)));
    }

    @ParameterizedTest
    @EnumSource(WarehouseKind.class)
    void shouldRecordTheBucketsOfRecordsBehindTheWatermark(WarehouseKind kind) throws SQLException {
        SpeedViewWriter writer = writer(kind, PIPELINE, NOW);
        Instant newest = Instant.parse("2026-11-26T11:50:00Z");
        apply(writer, batch("q1", 0, List.of(row(BUCKET_1100, "Oslo", 1, 1)), Optional.of(newest)));
        // Watermark now 11:40. A batch whose records are all newer is not late.
        SpeedBatchResult onTime = apply(writer, new Staged(new SpeedBatch("speed_view", "q1", 1, 1, 0,
                Optional.of(newest), Optional.of(Instant.parse("2026-11-26T11:40:00.001Z"))), List.of()));
        // A partition far behind: its oldest record was ingested at 09:59:59, before the watermark.
        SpeedBatchResult behind = apply(writer, new Staged(new SpeedBatch("speed_view", "q1", 2, 5, 0,
                Optional.of(newest), Optional.of(Instant.parse("2026-11-26T09:59:59Z"))), List.of()));

        assertThat(onTime.late()).isEmpty();
        assertThat(behind.late()).hasValueSatisfying(late -> {
            assertThat(late.firstBucket()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
            assertThat(late.lastBucket()).isEqualTo(BUCKET_1100);
        });
        assertThat(new SpeedLateRowsReader(LedgerTables.unqualified(), Duration.ZERO).newestLateBucket(sandbox.connect()))
                .contains(BUCKET_1100);
    }

    @ParameterizedTest
    @EnumSource(WarehouseKind.class)
    void shouldLeaveTheWarehouseUntouchedWhenTheBatchFails(WarehouseKind kind) throws SQLException {
        SpeedViewWriter writer = writer(kind, PIPELINE, NOW);
        apply(writer, batch("q1", 0, List.of(row(BUCKET_1100, "Oslo", 5, 5)), Optional.of(NOW)));

        // The second row cannot be stored (location longer than the column): the first must not stay behind either.
        List<SpeedViewRow> rows = List.of(row(BUCKET_1100, "Oslo", 6, 6), row(BUCKET_1100, "x".repeat(2000), 1, 1));
        assertThatThrownBy(() -> apply(writer, batch("q1", 1, rows, Optional.of(NOW)))).isInstanceOf(SQLException.class);

        assertThat(speedView()).containsExactly(Map.entry("2026-11-26T11:00:00Z|Oslo", List.of(5L, 5L, 0L, 0L)));
        assertThat(commitRows()).hasSize(1);
    }

    private SpeedViewWriter writer(WarehouseKind kind, PipelineSettings pipeline, Instant now) {
        return writer(kind, pipeline, now, false);
    }

    private SpeedViewWriter writer(WarehouseKind kind, PipelineSettings pipeline, Instant now, boolean replaceCheckpoint) {
        return new SpeedViewWriter(connector, List.of(table), lease, pipeline,
                WATERMARK_DELAY, replaceCheckpoint, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static SpeedViewLease lease(String checkpoint, String holder, Instant now) {
        return new SpeedViewLease(connector, "speed_view", checkpoint, holder, Duration.ofSeconds(30), Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A batch and the changed groups its executors wrote. */
    private record Staged(SpeedBatch batch, List<SpeedViewRow> rows) {
    }

    private static Staged batch(String queryId, long batchId, List<SpeedViewRow> rows, Optional<Instant> maxIngest) {
        return new Staged(new SpeedBatch("speed_view", queryId, batchId, 10, 2, maxIngest, maxIngest), rows);
    }

    private static SpeedBatchResult apply(SpeedViewWriter writer, Staged staged) throws SQLException {
        return StagedBatches.apply(connector, writer, staged.batch(), staged.rows());
    }

    private static void stage(long epoch, long batchId, List<SpeedViewRow> rows) throws SQLException {
        try (Connection connection = connector.open()) {
            new SpeedViewIncoming(new SpeedViewTable(ViewCatalog.shipped().defaultView()), connector.warehouse())
                    .write(connection, epoch, batchId, 0, rows.iterator());
        }
    }

    private static SpeedViewRow row(Instant bucket, String location, long count, long followers) {
        return new SpeedViewRow(bucket, List.of(HOUR_08, location),
                List.of(BigInteger.valueOf(count), BigInteger.valueOf(followers), BigInteger.ZERO, BigInteger.ZERO));
    }

    /** "bucket|location" -> measures, sorted; every row here has event_hour 08:00. */
    private static Map<String, List<Long>> speedView() throws SQLException {
        Map<String, List<Long>> rows = new TreeMap<>();
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT ingest_bucket, event_hour, location, tweet_count, followers_sum,"
                        + " favorites_sum, retweets_sum FROM speed_view")) {
            while (rs.next()) {
                assertThat(utc(rs, 2)).isEqualTo(HOUR_08.toString());
                rows.put(utc(rs, 1) + "|" + rs.getString(3), List.of(rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
            }
        }
        return rows;
    }

    private static List<String> commitRows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT query_id, batch_id, invalid_rows, committed_at, max_ingest_time,"
                        + " ingest_watermark, retained_from, ingest_bucket_seconds, input_rows, rows_upserted FROM speed_commits"
                        + " ORDER BY batch_id")) {
            while (rs.next()) {
                rows.add(String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), utc(rs, 4), utc(rs, 5), utc(rs, 6),
                        utc(rs, 7), rs.getString(8), rs.getString(9), rs.getString(10)));
            }
        }
        return rows;
    }

    private static String utc(ResultSet rs, int column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? "null" : value.toInstant(ZoneOffset.UTC).toString();
    }
}
