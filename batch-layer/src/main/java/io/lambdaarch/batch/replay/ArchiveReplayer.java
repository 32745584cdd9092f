package io.lambdaarch.batch.replay;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.archive.ArchiveKeys;
import io.lambdaarch.batch.archive.ArchiveKind;
import io.lambdaarch.batch.archive.Manifests;
import io.lambdaarch.batch.jdbc.BatchWarehouse;
import io.lambdaarch.batch.jdbc.Transactions;
import io.lambdaarch.batch.runtime.Progress;
import io.lambdaarch.batch.s3.ArchiveStore;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.LandingOffsets;
import io.lambdaarch.common.ledger.Ledger;
import io.lambdaarch.common.ledger.LedgerTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code replay-archive} step: rebuilds raw_batch from the S3 archive alone (Kafka is not needed, e.g. after
 * retention dropped the data or the topic is gone), in one transaction. The warehouse's bookkeeping says how far
 * landing got: every raw file below the landed offsets is loaded, rows are kept once per Kafka coordinate, and the
 * result must have exactly as many rows as the landing runs loaded, or nothing is committed.
 */
public final class ArchiveReplayer {
    private final ArchiveStore store;
    private final BatchWarehouse warehouse;
    private final Ledger ledger;
    private final String topic;
    private final Progress progress;
    private final Clock clock;

    public ArchiveReplayer(ArchiveStore store, BatchWarehouse warehouse, Ledger ledger, String topic, Progress progress) {
        this.store = requireNonNull(store, "store is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
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
            warehouse.prepareArchive();
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
            long rows = warehouse.rebuildRawBatch(connection, keys, manifestKey, topic, (key, fileRows) -> {
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
}
