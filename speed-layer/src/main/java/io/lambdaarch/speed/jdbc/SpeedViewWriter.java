package io.lambdaarch.speed.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.ledger.SpeedCommit;
import io.lambdaarch.common.ledger.SpeedCommitsReader;
import io.lambdaarch.common.ledger.SpeedCommitsWriter;
import io.lambdaarch.common.sql.WarehouseConnector;
import io.lambdaarch.common.sql.WarehouseFailures;
import io.lambdaarch.common.view.IngestBuckets;
import io.lambdaarch.common.view.TweetView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private final SpeedCommitsReader commits = new SpeedCommitsReader(LedgerTables.unqualified());
    private final SpeedCommitsWriter commitsWriter = new SpeedCommitsWriter(LedgerTables.unqualified());

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
    public SpeedBatchResult apply(SpeedBatch batch) throws SQLException {
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

    private SpeedBatchResult applyOnce(SpeedBatch batch) throws SQLException {
        try (Connection connection = connector.open()) {
            connection.setAutoCommit(false);
            try {
                SpeedBatchResult commit = applyInTransaction(connection, batch);
                connection.commit();
                return commit;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private SpeedBatchResult applyInTransaction(Connection connection, SpeedBatch batch) throws SQLException {
        Optional<SpeedCommit> latest = commits.latestOf(connection, batch.queryName());
        if (latest.isPresent() && !latest.get().queryId().equals(batch.queryId())) {
            // A new checkpoint starts from now - retention again; rows and batch ids of the old one would mislead it.
            LOG.warn("Checkpoint of query {} was replaced (query id {} -> {}): rebuilding {} from scratch",
                    batch.queryName(), latest.get().queryId(), batch.queryId(), table.name());
            execute(connection, "DELETE FROM " + table.name());
            commitsWriter.deleteAll(connection, batch.queryName());
            latest = Optional.empty();
        }
        if (latest.isPresent() && latest.get().batchId() >= batch.batchId()) {
            return committedBefore(connection, batch);
        }

        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long upserted = upsert.upsert(connection, batch.rows());

        Instant retainedFrom = ceil(now.minus(pipeline.speedRetention()));
        Instant previousRetainedFrom = latest.flatMap(SpeedCommit::retainedFrom).orElse(Instant.EPOCH);
        if (previousRetainedFrom.isAfter(retainedFrom)) {
            retainedFrom = previousRetainedFrom;
        }
        long expired = execute(connection, "DELETE FROM " + table.name() + " WHERE " + TweetView.INGEST_BUCKET + " < ?",
                SpeedViewTable.utc(retainedFrom));

        Optional<Instant> maxIngest = Stream.of(latest.flatMap(SpeedCommit::maxIngestTime), batch.maxIngestTime())
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
        Optional<Instant> watermark = maxIngest.map(t -> t.minus(watermarkDelay));

        commitsWriter.insert(connection, new SpeedCommit(batch.queryName(), batch.queryId(), batch.batchId(), now, watermark,
                maxIngest, Optional.of(retainedFrom), IngestBuckets.sizeSeconds(pipeline.ingestBucket()), batch.inputRows(),
                batch.invalidRows(), upserted, Optional.empty()));
        // Only the latest row is needed to skip a replay; keep one retention's worth for operators.
        commitsWriter.deleteOlder(connection, batch.queryName(), batch.batchId(), now.minus(pipeline.speedRetention()));
        return new SpeedBatchResult(batch.batchId(), true, now, maxIngest, watermark, retainedFrom, upserted, expired);
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

    private SpeedBatchResult committedBefore(Connection connection, SpeedBatch batch) throws SQLException {
        SpeedCommit commit = commits.find(connection, batch.queryName(), batch.batchId())
                // Older than the commits kept: it was applied long ago.
                .orElseThrow(() -> new SQLException("Batch " + batch.batchId() + " of query " + batch.queryName()
                        + " is older than the latest committed batch but no longer in "
                        + LedgerTables.unqualified().speedCommits()));
        return new SpeedBatchResult(batch.batchId(), false, commit.committedAt(), commit.maxIngestTime(),
                commit.ingestWatermark(), commit.retainedFrom().orElseThrow(), commit.rowsUpserted(), 0);
    }

    private static long execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
