package io.lambdaarch.speed.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.sql.WarehouseFailures;
import io.lambdaarch.common.sql.WarehouseConnector;
import io.lambdaarch.common.view.IngestBuckets;
import io.lambdaarch.common.view.TweetView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one micro-batch to the warehouse in one transaction: skip it if speed_commits already has it, upsert the
 * changed groups, delete buckets older than retention, and record the batch in speed_commits. A crash at any point
 * leaves either all of it or none of it, so Spark may replay the batch freely.
 */
public final class SpeedViewWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SpeedViewWriter.class);
    private static final int MAX_RETRIES = 3;
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

    private final WarehouseConnector connector;
    private final SpeedViewTable table;
    private final SpeedViewUpsert upsert;
    private final PipelineSettings pipeline;
    private final Duration watermarkDelay;
    private final Clock clock;

    public SpeedViewWriter(WarehouseConnector connector, SpeedViewTable table, SpeedViewUpsert upsert,
            PipelineSettings pipeline, Duration watermarkDelay, Clock clock) {
        this.connector = requireNonNull(connector, "connector is null");
        this.table = requireNonNull(table, "table is null");
        this.upsert = requireNonNull(upsert, "upsert is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.watermarkDelay = requireNonNull(watermarkDelay, "watermarkDelay is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Applies {@code batch} (or recognizes it as already applied) and returns what speed_commits now says about it.
     * Transient failures (lost connection, serialization conflict) are retried a few times; anything else, or the
     * last failure, is thrown and fails the query, which then resumes from its checkpoint when restarted.
     */
    public SpeedCommit apply(SpeedBatch batch) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return applyOnce(batch);
            } catch (SQLException e) {
                if (attempt > MAX_RETRIES || !WarehouseFailures.isTransient(e)) {
                    throw e;
                }
                Duration pause = FIRST_PAUSE.multipliedBy(1L << (attempt - 1));
                LOG.warn("Batch {}: warehouse failed ({}), retry {} of {} in {} ms", batch.batchId(),
                        Failures.rootMessage(e), attempt, MAX_RETRIES, pause.toMillis());
                sleep(pause);
            }
        }
    }

    private SpeedCommit applyOnce(SpeedBatch batch) throws SQLException {
        try (Connection connection = connector.open()) {
            connection.setAutoCommit(false);
            try {
                SpeedCommit commit = applyInTransaction(connection, batch);
                connection.commit();
                return commit;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private SpeedCommit applyInTransaction(Connection connection, SpeedBatch batch) throws SQLException {
        Optional<LatestCommit> latest = latestCommit(connection, batch.queryName());
        if (latest.isPresent() && !latest.get().queryId().equals(batch.queryId())) {
            // A new checkpoint starts from now - retention again; rows and batch ids of the old one would mislead it.
            LOG.warn("Checkpoint of query {} was replaced (query id {} -> {}): rebuilding {} from scratch",
                    batch.queryName(), latest.get().queryId(), batch.queryId(), table.name());
            execute(connection, "DELETE FROM " + table.name());
            execute(connection, "DELETE FROM " + Tables.SPEED_COMMITS + " WHERE query_name = ?", batch.queryName());
            latest = Optional.empty();
        }
        if (latest.isPresent() && latest.get().batchId() >= batch.batchId()) {
            return committedBefore(connection, batch);
        }

        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long upserted = upsert.upsert(connection, batch.rows());

        Instant retainedFrom = ceil(now.minus(pipeline.speedRetention()));
        if (latest.isPresent() && latest.get().retainedFrom().isAfter(retainedFrom)) {
            retainedFrom = latest.get().retainedFrom();
        }
        long expired = execute(connection, "DELETE FROM " + table.name() + " WHERE " + TweetView.INGEST_BUCKET + " < ?",
                SpeedViewTable.utc(retainedFrom));

        Optional<Instant> maxIngest = Stream.of(latest.flatMap(LatestCommit::maxIngestTime), batch.maxIngestTime())
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
        Optional<Instant> watermark = maxIngest.map(t -> t.minus(watermarkDelay));

        execute(connection, "INSERT INTO " + Tables.SPEED_COMMITS + " (query_name, query_id, batch_id, committed_at,"
                        + " ingest_watermark, max_ingest_time, retained_from, ingest_bucket_seconds, input_rows,"
                        + " invalid_rows, rows_upserted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                batch.queryName(), batch.queryId(), batch.batchId(), SpeedViewTable.utc(now),
                watermark.map(SpeedViewTable::utc).orElse(null), maxIngest.map(SpeedViewTable::utc).orElse(null),
                SpeedViewTable.utc(retainedFrom), IngestBuckets.sizeSeconds(pipeline.ingestBucket()), batch.inputRows(),
                batch.invalidRows(), upserted);
        // Only the latest row is needed to skip a replay; keep one retention's worth for operators.
        execute(connection, "DELETE FROM " + Tables.SPEED_COMMITS + " WHERE query_name = ? AND batch_id < ? AND committed_at < ?",
                batch.queryName(), batch.batchId(), SpeedViewTable.utc(now.minus(pipeline.speedRetention())));
        return new SpeedCommit(batch.batchId(), true, now, maxIngest, watermark, retainedFrom, upserted, expired);
    }

    private static void sleep(Duration pause) throws SQLException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting to retry", e);
        }
    }

    /** The first bucket that lies entirely inside retention: everything from it on has been read in full. */
    private Instant ceil(Instant horizon) {
        Instant floor = IngestBuckets.floor(horizon, pipeline.ingestBucket());
        return floor.equals(horizon) ? floor : floor.plus(pipeline.ingestBucket());
    }

    private SpeedCommit committedBefore(Connection connection, SpeedBatch batch) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT committed_at, max_ingest_time,"
                + " ingest_watermark, retained_from, rows_upserted FROM " + Tables.SPEED_COMMITS
                + " WHERE query_name = ? AND batch_id = ?")) {
            statement.setString(1, batch.queryName());
            statement.setLong(2, batch.batchId());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    // Older than the commits kept: it was applied long ago.
                    throw new SQLException("Batch " + batch.batchId() + " of query " + batch.queryName()
                            + " is older than the latest committed batch but no longer in " + Tables.SPEED_COMMITS);
                }
                return new SpeedCommit(batch.batchId(), false, instant(rs, 1).orElseThrow(), instant(rs, 2),
                        instant(rs, 3), instant(rs, 4).orElseThrow(), rs.getLong(5), 0);
            }
        }
    }

    private static Optional<LatestCommit> latestCommit(Connection connection, String queryName) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT query_id, batch_id, retained_from,"
                + " max_ingest_time FROM " + Tables.SPEED_COMMITS + " WHERE query_name = ? ORDER BY batch_id DESC LIMIT 1")) {
            statement.setString(1, queryName);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new LatestCommit(rs.getString(1), rs.getLong(2), instant(rs, 3).orElse(Instant.EPOCH),
                        instant(rs, 4)));
            }
        }
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return Optional.ofNullable(value).map(v -> v.toInstant(ZoneOffset.UTC));
    }

    private static long execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] == null) {
                    // Only timestamps are nullable in these statements; a typed null keeps both drivers happy.
                    statement.setNull(i + 1, Types.TIMESTAMP);
                } else {
                    statement.setObject(i + 1, parameters[i]);
                }
            }
            return statement.executeUpdate();
        }
    }

    private record LatestCommit(String queryId, long batchId, Instant retainedFrom, Optional<Instant> maxIngestTime) {
    }
}
