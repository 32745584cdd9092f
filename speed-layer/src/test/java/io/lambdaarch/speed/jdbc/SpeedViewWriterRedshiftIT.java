package io.lambdaarch.speed.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.warehouse.SchemaInstaller;
import io.lambdaarch.common.warehouse.Warehouse;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.common.warehouse.WarehouseKind;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The speed layer's Redshift statements (temporary staging table, MERGE, retention DELETE, speed_commits) against a
 * real Amazon Redshift, provisioned or Serverless; SpeedViewWriterIT runs the same statements on PostgreSQL. Opt-in:
 * runs only when {@code LAMBDA_REDSHIFT_URL} is set (with {@code LAMBDA_REDSHIFT_USER} and
 * {@code LAMBDA_REDSHIFT_PASSWORD}), and it EMPTIES speed_view and speed_commits of that database: point it at a
 * throwaway database.
 */
@EnabledIfEnvironmentVariable(named = "LAMBDA_REDSHIFT_URL", matches = ".+")
class SpeedViewWriterRedshiftIT {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:07Z");
    private static final Instant BUCKET_1100 = Instant.parse("2026-11-26T11:00:00Z");
    private static final Instant OLD_BUCKET = Instant.parse("2026-11-24T12:00:00Z");
    private static final Instant HOUR_08 = Instant.parse("2026-11-26T08:00:00Z");
    private static final PipelineSettings PIPELINE = new PipelineSettings(Duration.ofHours(1), Duration.ofHours(48));

    private static WarehouseConnector connector;
    private final SpeedViewTable table = new SpeedViewTable(ViewCatalog.shipped().defaultView());
    private SpeedViewLease lease;

    @BeforeAll
    static void installSchema() throws SQLException {
        Map<String, String> settings = new HashMap<>();
        settings.put(WarehouseSettings.URL.name(), System.getenv("LAMBDA_REDSHIFT_URL"));
        settings.put(WarehouseSettings.USER.name(), System.getenv("LAMBDA_REDSHIFT_USER"));
        settings.put(WarehouseSettings.PASSWORD.name(), System.getenv("LAMBDA_REDSHIFT_PASSWORD"));
        WarehouseSettings warehouse = WarehouseSettings.from(new ConfigReader(ConfigSource.of(settings)));
        assertThat(warehouse.kind()).isEqualTo(WarehouseKind.REDSHIFT);
        connector = new WarehouseConnector(warehouse);
        try (Connection connection = connector.open()) {
            new SchemaInstaller(connector.warehouse()).install(connection);
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException, InterruptedException {
        try (Connection connection = connector.open(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM speed_view");
            statement.execute("DELETE FROM speed_commits");
            statement.execute("DELETE FROM speed_lease");
            statement.execute("DELETE FROM speed_view_incoming");
        }
        lease = new SpeedViewLease(connector, "speed_view", "/checkpoints/redshift-it", "redshift-it", Duration.ofSeconds(30),
                Clock.fixed(NOW, ZoneOffset.UTC));
        lease.acquire(false);
    }

    @Test
    void shouldMergeRunningTotalsExpireOldBucketsAndSkipAReplay() throws SQLException {
        SpeedViewWriter writer = writer(NOW);
        apply(writer, batch(0), List.of(row(OLD_BUCKET, "Oslo", 1, 1), row(BUCKET_1100, "Oslo", 2, 20),
                row(BUCKET_1100, "Rome", 1, 5)));
        SpeedBatchResult second = apply(writer, batch(1), List.of(row(BUCKET_1100, "Oslo", 3, 21), row(BUCKET_1100, "Lima", 1, 0)));
        SpeedBatchResult replay = apply(writer(NOW.plusSeconds(60)), batch(1), List.of(row(BUCKET_1100, "Oslo", 9, 90)));

        assertThat(second.applied()).isTrue();
        assertThat(second.rowsUpserted()).isEqualTo(2);
        assertThat(replay.applied()).isFalse();
        // MERGE overwrote Oslo with Spark's running total (3, not 2 + 3); the bucket older than 48 h is gone.
        assertThat(speedView()).containsExactly(
                Map.entry("2026-11-26T11:00:00Z|Lima", List.of(1L, 0L, 0L, 0L)),
                Map.entry("2026-11-26T11:00:00Z|Oslo", List.of(3L, 21L, 0L, 0L)),
                Map.entry("2026-11-26T11:00:00Z|Rome", List.of(1L, 5L, 0L, 0L)));
    }

    @Test
    void shouldLeaveTheWarehouseUntouchedWhenTheBatchFails() throws SQLException {
        SpeedViewWriter writer = writer(NOW);
        apply(writer, batch(0), List.of(row(BUCKET_1100, "Oslo", 5, 5)));

        List<SpeedViewRow> rows = List.of(row(BUCKET_1100, "Oslo", 6, 6), row(BUCKET_1100, "x".repeat(2000), 1, 1));
        assertThatThrownBy(() -> apply(writer, batch(1), rows)).isInstanceOf(SQLException.class);

        assertThat(speedView()).containsExactly(Map.entry("2026-11-26T11:00:00Z|Oslo", List.of(5L, 5L, 0L, 0L)));
    }

    private SpeedViewWriter writer(Instant now) {
        return new SpeedViewWriter(connector, List.of(table), lease,
                PIPELINE, Duration.ofMinutes(10), false, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static SpeedBatchResult apply(SpeedViewWriter writer, SpeedBatch batch, List<SpeedViewRow> rows) throws SQLException {
        return StagedBatches.apply(connector, writer, batch, rows);
    }

    private static SpeedBatch batch(long batchId) {
        return new SpeedBatch("speed_view", "redshift-it", batchId, 10, 0, Optional.of(NOW), Optional.of(NOW));
    }

    private static SpeedViewRow row(Instant bucket, String location, long count, long followers) {
        return new SpeedViewRow(bucket, List.of(HOUR_08, location),
                List.of(BigInteger.valueOf(count), BigInteger.valueOf(followers), BigInteger.ZERO, BigInteger.ZERO));
    }

    private static Map<String, List<Long>> speedView() throws SQLException {
        Map<String, List<Long>> rows = new TreeMap<>();
        try (Connection connection = connector.open(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT ingest_bucket, location, tweet_count, followers_sum,"
                        + " favorites_sum, retweets_sum FROM speed_view")) {
            while (rs.next()) {
                Instant bucket = rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                rows.put(bucket + "|" + rs.getString(2), List.of(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
            }
        }
        return rows;
    }
}
