package io.lambdaarch.batch.replay;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.archive.ArchiveCopy;
import io.lambdaarch.batch.archive.ArchiveKeys;
import io.lambdaarch.batch.archive.ArchiveKind;
import io.lambdaarch.batch.archive.ArchiveLines;
import io.lambdaarch.batch.archive.Manifests;
import io.lambdaarch.batch.runtime.Progress;
import io.lambdaarch.batch.runtime.Transactions;
import io.lambdaarch.batch.s3.ArchiveStore;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.LandingOffsets;
import io.lambdaarch.common.ledger.Ledger;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.warehouse.CopyListener;
import io.lambdaarch.common.warehouse.FirstCopyIndex;
import io.lambdaarch.common.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code replay-archive} step: rebuilds raw_batch and its first-copy index from the S3 archive alone (Kafka is not needed, e.g. after
 * retention dropped the data or the topic is gone), in one transaction. The warehouse's bookkeeping says how far
 * landing got: every raw file below the landed offsets is loaded, rows are kept once per Kafka coordinate, and the
 * result must have exactly as many rows as the landing runs loaded, or nothing is committed.
 */
public final class ArchiveReplayer {
    private final ArchiveStore store;
    private final Warehouse warehouse;
    private final ArchiveCopy copy;
    private final Ledger ledger;
    private final String topic;
    private final Progress progress;
    private final Clock clock;

    public ArchiveReplayer(ArchiveStore store, Warehouse warehouse, ArchiveCopy copy, Ledger ledger, String topic,
            Progress progress) {
        this.store = requireNonNull(store, "store is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.copy = requireNonNull(copy, "copy is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.topic = requireNonNull(topic, "topic is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.clock = progress.clock();
    }

    /** Replaces raw_batch with the archive's rows; {@code connection} must not auto-commit. */
    public ReplayResult replay(Connection connection, String runId) throws SQLException {
        Instant started = clock.instant();
        try {
            store.checkReachable();
            copy.prepare(warehouse);
            LandingOffsets state = ledger.landingOffsetsReader().read(connection, topic);
            if (state.isEmpty()) {
                throw new TerseException("Nothing to replay: " + LedgerTables.unqualified().landingOffsets() + " has no rows for topic " + topic
                        + ", so the archive's landed part is unknown");
            }
            long expected = ledger.landingRunsReader().landedValidRecords(connection, topic);
            connection.commit();

            List<Manifests.Entry> entries = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            long[] bytes = new long[1];
            store.forEachObject(ArchiveKeys.prefix(ArchiveKind.RAW), object -> {
                Optional<ArchiveKeys.DataKey> key = ArchiveKeys.parse(object.key());
                Long next = key.map(k -> state.nextOffsets().get(k.partition())).orElse(null);
                // Files starting at or past the landed offset belong to a killed run that no commit ever accepted.
                if (key.isPresent() && next != null && key.get().firstOffset() < next) {
                    keys.add(object.key());
                    entries.add(new Manifests.Entry(store.url(object.key()), object.size()));
                    bytes[0] += object.size();
                }
            });
            progress.line("replay-archive " + runId + ": " + keys.size() + " raw files (" + Progress.megabytes(bytes[0])
                    + ") below the landed offsets " + state.nextOffsets() + " of topic " + topic);
            String manifestKey = ArchiveKeys.manifestKey(runId);
            store.putBytes(manifestKey, Manifests.manifest(entries), "application/json");

            long[] loaded = new long[2];
            long rows = rebuildRawBatch(connection, keys, manifestKey, (url, fileRows) -> {
                loaded[0]++;
                loaded[1] += fileRows;
                if (progress.due()) {
                    progress.line("replay: " + loaded[0] + " of " + keys.size() + " files, " + Progress.count(loaded[1])
                            + " rows, " + Progress.rate(loaded[1], Duration.between(started, clock.instant())));
                }
            });
            if (rows != expected) {
                throw new TerseException("The archive holds " + Progress.count(rows) + " rows below the landed offsets, but the"
                        + " landing runs of topic " + topic + " loaded " + Progress.count(expected)
                        + ": archive files are missing or were changed. raw_batch was left as it was.");
            }
            connection.commit();
            return new ReplayResult(runId, keys.size(), rows, Duration.between(started, clock.instant()));
        } catch (SQLException | RuntimeException e) {
            Transactions.rollbackAfter(connection, e);
            throw e;
        }
    }

    /**
     * Replaces raw_batch with the rows of the given raw files (listed in {@code manifestKey} too), once per Kafka
     * coordinate and only below the landed offsets of the topic; returns the rows now in raw_batch. The files are
     * staged in a temporary table first (see {@link ReplaySql}).
     */
    private long rebuildRawBatch(Connection connection, List<String> keys, String manifestKey, CopyListener listener)
            throws SQLException {
        execute(connection, List.of(warehouse.createTemporaryTable(ReplaySql.STAGING_TABLE, Tables.RAW_BATCH)));
        warehouse.copy(connection, ReplaySql.STAGING_TABLE, ArchiveLines.RAW_BATCH_COLUMNS, copy.keys(keys, manifestKey),
                listener);
        // Undone by a rollback: a failure before commit leaves the old raw_batch in place.
        execute(connection, List.of(warehouse.deleteAllRows(Tables.RAW_BATCH)));
        long rows;
        try (PreparedStatement insert = connection.prepareStatement(ReplaySql.insertFromStaging())) {
            insert.setString(1, topic);
            rows = insert.executeUpdate();
        }
        execute(connection, warehouse.dropTemporaryTable(ReplaySql.STAGING_TABLE));
        // The index follows raw_batch in the same transaction; the recompute after the replay is full.
        new FirstCopyIndex(warehouse).rebuild(connection);
        return rows;
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
