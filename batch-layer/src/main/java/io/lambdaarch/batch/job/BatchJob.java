package io.lambdaarch.batch.job;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.archive.ArchiveCopy;
import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.kafka.KafkaClients;
import io.lambdaarch.batch.landing.Lander;
import io.lambdaarch.batch.landing.LandingResult;
import io.lambdaarch.batch.lock.LockHeldException;
import io.lambdaarch.batch.lock.LockStaleException;
import io.lambdaarch.batch.metrics.BatchMetricsPublisher;
import io.lambdaarch.batch.metrics.BatchRunRecorder;
import io.lambdaarch.batch.metrics.RunOutcome;
import io.lambdaarch.batch.recompute.RecomputeResult;
import io.lambdaarch.batch.recompute.Recomputer;
import io.lambdaarch.batch.replay.ArchiveReplayer;
import io.lambdaarch.batch.replay.ReplayResult;
import io.lambdaarch.batch.runtime.CrashPoints;
import io.lambdaarch.batch.runtime.Progress;
import io.lambdaarch.batch.runtime.RunIds;
import io.lambdaarch.batch.s3.ArchiveStore;
import io.lambdaarch.common.cli.OutputFormat;
import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.ledger.BatchRunMode;
import io.lambdaarch.common.ledger.LandingRun;
import io.lambdaarch.common.ledger.Ledger;
import io.lambdaarch.common.warehouse.Warehouse;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The batch layer's operations, each one bounded unit of work under the warehouse lock. Commands call one method;
 * a method returns normally only if all of its work is committed, and otherwise throws with nothing half-applied.
 */
public final class BatchJob {
    private final BatchConfig config;
    private final PrintWriter out;
    private final Clock clock;
    private final CrashPoints crashPoints;
    private final BatchMetricsPublisher metrics;
    private final Ledger ledger = Ledger.unqualified();

    public BatchJob(BatchConfig config, PrintWriter out, Clock clock, CrashPoints crashPoints, BatchMetricsPublisher metrics) {
        this.config = requireNonNull(config, "config is null");
        this.out = requireNonNull(out, "out is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.crashPoints = requireNonNull(crashPoints, "crashPoints is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /** Lands the topic's backlog into the archive and raw_batch. */
    public LandingResult land(boolean acceptLostOffsets) {
        return locked("land", (runId, parts) -> landStep(runId, parts, acceptLostOffsets));
    }

    /** Brings batch_view to the latest landed_through: incrementally, or rebuilt from every first copy ({@code full}). */
    public RecomputeResult recompute(boolean full) {
        return locked("recompute", (runId, parts) -> recomputeStep(runId, parts, full));
    }

    /** Land, then recompute, under one lock: what cron calls. */
    public RecomputeResult run(boolean acceptLostOffsets, boolean full) {
        return locked("run", (runId, parts) -> {
            Instant started = clock.instant();
            LandingResult landed = landStep(runId, parts, acceptLostOffsets);
            RecomputeResult recomputed;
            try {
                recomputed = recomputeStep(runId, parts, full);
            } catch (RuntimeException e) {
                parts.progress().line("run " + runId + ": FAILED in recompute after landing "
                        + Progress.count(landed.run().validRecords()) + " records (the landing is committed; the next run recomputes)");
                throw e;
            }
            parts.progress().line("run " + runId + ": done in " + Progress.duration(Duration.between(started, clock.instant())));
            return recomputed;
        });
    }

    /** Rebuilds raw_batch and its first-copy index from the archive alone, then recomputes batch_view in full. */
    public RecomputeResult replayArchive() {
        return locked("replay-archive", (runId, parts) -> {
            ArchiveReplayer replayer = new ArchiveReplayer(parts.store(), parts.warehouse(), parts.copy(), ledger,
                    config.kafka().topic(), parts.progress());
            ReplayResult replayed = sql("replay-archive", () -> parts.conflicts().run("replay-archive",
                    () -> replayer.replay(parts.session().connection(), runId)));
            parts.progress().line("replay-archive " + runId + ": rebuilt raw_batch with " + Progress.count(replayed.rows())
                    + " rows from " + replayed.files() + " archive files in " + Progress.duration(replayed.duration()));
            return recomputeStep(runId, parts, true);
        });
    }

    /** Prints landed offsets, lag, landed_through and the last runs as text; see {@link StatusReport}. */
    public boolean status() {
        return status(OutputFormat.TABLE);
    }

    /** Prints landed offsets, lag, landed_through and the last runs in {@code format}; see {@link StatusReport}. */
    public boolean status(OutputFormat format) {
        return new StatusReport(config, ledger, out, clock).print(format);
    }

    private LandingResult landStep(String runId, Parts parts, boolean acceptLostOffsets) {
        KafkaClients kafka = new KafkaClients(new KafkaClientFactory(config.kafka()), config.kafkaTimeout(),
                "lambda-batch-" + runId, config.consumerGroup());
        Lander lander = new Lander(config, parts.store(), parts.warehouse(), parts.copy(), ledger, kafka, parts.progress(),
                crashPoints);
        LandingResult result = sql("land", () -> lander.land(parts.session().connection(), runId, acceptLostOffsets));
        LandingRun run = result.run();
        parts.recorder().landed(run);
        parts.progress().line("land " + runId + ": landed " + Progress.count(run.validRecords()) + " records ("
                + Progress.count(run.invalidRecords()) + " invalid, to quarantine) in " + run.files() + " files ("
                + Progress.megabytes(run.bytes()) + " in S3, " + Progress.megabytes(result.kafkaBytes()) + " read) in "
                + Progress.duration(result.duration()) + "; landed_through " + run.landedThrough());
        return result;
    }

    private RecomputeResult recomputeStep(String runId, Parts parts, boolean full) {
        Recomputer recomputer = new Recomputer(parts.warehouse(), ledger, config.views(), config.kafka().topic(),
                config.pipeline().ingestBucket(), config.fullRecomputeEvery(), crashPoints, clock);
        // One transaction that rolls back on failure: a serialization conflict (Redshift 1023) is replayed whole.
        RecomputeResult result = sql("recompute", () -> parts.conflicts().run("recompute",
                () -> recomputer.recompute(parts.session().connection(), runId, full)));
        parts.recorder().recomputed(result.run());
        String rowsOut = result.run().mode() == BatchRunMode.FULL ? " view rows" : " delta rows";
        parts.progress().line("recompute " + runId + ": " + result.run().mode().sqlValue() + " (" + result.reason() + "), cutoff "
                + result.run().cutoff() + " (landed_through " + result.landedThrough() + " floored to "
                + Durations.format(config.pipeline().ingestBucket()) + "): " + Progress.count(result.run().rowsIn())
                + " first copies -> " + Progress.count(result.run().rowsOut()) + rowsOut + ", " + result.change().describe()
                + ", in " + Progress.duration(Duration.ofMillis(result.run().durationMs())));
        return result;
    }

    // The metrics are published on every way out, so a failed or locked-out run is as visible as a good one.
    private <T> T locked(String command, Step<T> step) {
        BatchRunRecorder recorder = new BatchRunRecorder(command, clock);
        RunOutcome outcome = RunOutcome.FAILED;
        try {
            T result = lockedStep(recorder, step);
            outcome = RunOutcome.SUCCEEDED;
            return result;
        } catch (LockStaleException e) {
            recorder.lockWaitEnded();
            e.holder().ifPresent(recorder::lockHeldBy);
            outcome = RunOutcome.LOCK_STALE;
            throw e;
        } catch (LockHeldException e) {
            recorder.lockWaitEnded();
            e.holder().ifPresent(recorder::lockHeldBy);
            outcome = RunOutcome.LOCK_HELD;
            throw e;
        } finally {
            metrics.publish(recorder.finish(outcome));
        }
    }

    private <T> T lockedStep(BatchRunRecorder recorder, Step<T> step) {
        String runId = RunIds.next(clock);
        Progress progress = new Progress(out, clock, config.progressInterval());
        WarehouseConnector connector = new WarehouseConnector(config.warehouse());
        try (ArchiveStore store = ArchiveStore.connect(config.s3());
                WarehouseSession session = WarehouseSession.open(connector, runId, config.lockTimeout(), config.lockStaleAfter(),
                        out, clock)) {
            recorder.lockWaitEnded();
            ArchiveCopy copy = new ArchiveCopy(store, config.redshiftIamRole(), config.s3().region());
            ConflictRetry conflicts = new ConflictRetry(ConflictRetry.DEFAULT_RETRIES, ConflictRetry.DEFAULT_FIRST_PAUSE,
                    duration -> Thread.sleep(duration.toMillis()), progress::line);
            return step.run(runId, new Parts(session, store, connector.warehouse(), copy, progress, conflicts, recorder));
        }
    }

    private <T> T sql(String step, SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new TerseException(step + " failed in the warehouse at " + config.warehouse().redactedUrl() + ": "
                    + Failures.rootMessage(e) + " (nothing of this step was committed)", e);
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run(String runId, Parts parts);
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private record Parts(WarehouseSession session, ArchiveStore store, Warehouse warehouse, ArchiveCopy copy, Progress progress,
            ConflictRetry conflicts, BatchRunRecorder recorder) {
    }
}
