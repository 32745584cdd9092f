package io.lambdaarch.bench.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.ledger.SpeedCommit;
import io.lambdaarch.common.ledger.SpeedCommitsWriter;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.IngestBuckets;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plays the speed layer at its trigger interval: every {@code trigger}, one micro-batch adds a tweet to a speed_view
 * row after the cutoff and records itself in speed_commits, in one transaction, as the speed layer does. Every
 * commit is a new data version, so no answer the serving layer cached before it may be reused after it. PostgreSQL
 * only (ON CONFLICT): the bench runs on the embedded stack.
 */
public final class SpeedCommitter implements AutoCloseable {
    private static final String QUERY_NAME = "bench-speed-committer";
    private static final Duration BUCKET = Duration.ofHours(1);

    private final WarehouseConnector connector;
    private final Instant bucket;
    private final int locations;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "speed-committer");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong commits = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private SpeedCommitter(WarehouseConnector connector, Instant cutoff, int locations) {
        this.connector = requireNonNull(connector, "connector is null");
        this.bucket = requireNonNull(cutoff, "cutoff is null");
        this.locations = locations;
    }

    /** Starts committing every {@code trigger} into the bucket at {@code cutoff} (kept by serving_view). */
    public static SpeedCommitter start(WarehouseConnector connector, Instant cutoff, Duration trigger, int locations) {
        SpeedCommitter committer = new SpeedCommitter(connector, cutoff, locations);
        committer.scheduler.scheduleWithFixedDelay(committer::commitOnce, 0, trigger.toMillis(), TimeUnit.MILLISECONDS);
        return committer;
    }

    /** Micro-batches committed so far. */
    public long commits() {
        return commits.get();
    }

    private void commitOnce() {
        long batchId = commits.get() + 1;
        try (Connection connection = connector.open()) {
            connection.setAutoCommit(false);
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + Tables.SPEED_VIEW
                    + " (ingest_bucket, event_hour, location, tweet_count, followers_sum, favorites_sum, retweets_sum)"
                    + " VALUES (?, ?, ?, 1, 240, 0, 0) ON CONFLICT (ingest_bucket, event_hour, location) DO UPDATE SET"
                    + " tweet_count = " + Tables.SPEED_VIEW + ".tweet_count + 1")) {
                upsert.setObject(1, utc(bucket));
                upsert.setObject(2, utc(bucket));
                upsert.setString(3, String.format("place %04d", 1 + batchId % locations));
                upsert.executeUpdate();
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            // retained_from as the speed job records it (speed_view holds every bucket from the cutoff on): without
            // it, every request of the figure would also ask speed_view for its oldest bucket, which no real job costs.
            new SpeedCommitsWriter(LedgerTables.unqualified()).insert(connection, new SpeedCommit(QUERY_NAME,
                    "00000000-0000-0000-0000-000000000000", batchId, now, Optional.empty(), Optional.of(now),
                    Optional.of(bucket), IngestBuckets.sizeSeconds(BUCKET), 1, 0, 1, Optional.empty()));
            connection.commit();
            commits.incrementAndGet();
        } catch (SQLException | RuntimeException e) {
            // Kept for close(): a figure measured without fresh data must not pass as one with it.
            failure.compareAndSet(null, e);
        }
    }

    /** Stops committing; throws if any commit failed. */
    @Override
    public void close() throws InterruptedException {
        scheduler.shutdown();
        scheduler.awaitTermination(30, TimeUnit.SECONDS);
        Exception first = failure.get();
        if (first != null) {
            throw new IllegalStateException("A speed commit of the bench failed: " + first.getMessage(), first);
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
