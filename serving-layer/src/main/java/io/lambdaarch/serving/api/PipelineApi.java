package io.lambdaarch.serving.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.BatchRunsReader;
import io.lambdaarch.serving.kafka.TopicTotals;
import io.lambdaarch.serving.sql.ReadTransactions;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The dashboard's view of the pipeline's operation: the batch-run history and the DLQ rate. */
public final class PipelineApi {
    /** The window of the DLQ's current rate. */
    public static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private final ReadTransactions reads;
    private final BatchRunsReader batchRuns;
    private final String dlqTopic;
    private final Optional<TopicTotals> dlq;

    public PipelineApi(ReadTransactions reads, BatchRunsReader batchRuns, String dlqTopic, Optional<TopicTotals> dlq) {
        this.reads = requireNonNull(reads, "reads is null");
        this.batchRuns = requireNonNull(batchRuns, "batchRuns is null");
        this.dlqTopic = requireNonNull(dlqTopic, "dlqTopic is null");
        this.dlq = requireNonNull(dlq, "dlq is null");
    }

    /** One recompute as the run history shows it. */
    record BatchRunRow(String runId, Instant startedAt, Instant finishedAt, Instant cutoff, long rowsIn, long rowsOut,
            long durationMs, String status) {
        static BatchRunRow of(BatchRun run) {
            return new BatchRunRow(run.runId(), run.startedAt(), run.finishedAt(), run.cutoff(), run.rowsIn(), run.rowsOut(),
                    run.durationMs(), run.status().sqlValue());
        }
    }

    record BatchRuns(int limit, List<BatchRunRow> runs) {
    }

    record DlqPoint(Instant time, long total, Double perSecond) {
    }

    record Dlq(String topic, Long total, Double perSecond, Instant fetchedAt, List<DlqPoint> points, String note) {
    }

    /** {@code GET /api/batch-runs?limit=}: the latest recomputes (batch_runs through the ledger), newest first. */
    public void batchRuns(Context ctx) throws SQLException {
        int limit = ApiParameters.of(QueryString.parse(ctx.queryString()), Set.of(ApiParameters.LIMIT)).limit();
        List<BatchRun> runs = reads.read(c -> batchRuns.latestSucceeded(c, limit));
        ctx.json(new BatchRuns(limit, runs.stream().map(BatchRunRow::of).toList()));
    }

    /** {@code GET /api/dlq}: records on the DLQ topic, its rate over the last minute and the samples behind it. */
    public void dlq(Context ctx) {
        ApiParameters.of(QueryString.parse(ctx.queryString()), Set.of());
        if (dlq.isEmpty()) {
            ctx.json(new Dlq(dlqTopic, null, null, null, List.of(),
                    "Kafka is not configured (LAMBDA_KAFKA_BOOTSTRAP is not set)"));
            return;
        }
        TopicTotals totals = dlq.get();
        List<TopicTotals.Sample> samples = totals.samples();
        if (samples.isEmpty()) {
            ctx.json(new Dlq(dlqTopic, null, null, null, List.of(), "the DLQ's end offsets have not been fetched yet"));
            return;
        }
        TopicTotals.Sample last = samples.get(samples.size() - 1);
        Double rate = totals.ratePerSecond(RATE_WINDOW).orElse(null);
        ctx.json(new Dlq(dlqTopic, last.records(), rate, last.fetchedAt(), points(samples),
                rate == null ? "one sample so far: the rate needs two" : "per_second over the last "
                        + RATE_WINDOW.toSeconds() + " s of samples"));
    }

    private static List<DlqPoint> points(List<TopicTotals.Sample> samples) {
        List<DlqPoint> points = new ArrayList<>();
        TopicTotals.Sample previous = null;
        for (TopicTotals.Sample sample : samples) {
            Double rate = null;
            if (previous != null && sample.fetchedAt().isAfter(previous.fetchedAt()) && sample.records() >= previous.records()) {
                rate = (sample.records() - previous.records())
                        / (Duration.between(previous.fetchedAt(), sample.fetchedAt()).toMillis() / 1000.0);
            }
            points.add(new DlqPoint(sample.fetchedAt(), sample.records(), rate));
            previous = sample;
        }
        return points;
    }
}
