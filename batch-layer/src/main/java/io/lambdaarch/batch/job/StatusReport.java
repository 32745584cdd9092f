package io.lambdaarch.batch.job;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.kafka.KafkaClients;
import io.lambdaarch.batch.kafka.TopicInspector;
import io.lambdaarch.batch.kafka.TopicSnapshot;
import io.lambdaarch.batch.lock.LockHolder;
import io.lambdaarch.batch.runtime.Progress;
import io.lambdaarch.common.cli.CsvLine;
import io.lambdaarch.common.cli.OutputFormat;
import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.LandingOffsets;
import io.lambdaarch.common.ledger.LandingRun;
import io.lambdaarch.common.ledger.Ledger;
import io.lambdaarch.common.view.IngestBuckets;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code status} report: per partition the landed offset, the end offset and the lag; landed_through; the last
 * cutoff and the last landing and recompute runs; who holds the batch lock and for how long; as text, CSV or JSON.
 * Reads only, takes no lock. The warehouse part is required; when
 * Kafka cannot be reached the lag is shown as unknown and the report counts as incomplete.
 */
final class StatusReport {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReport.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BatchConfig config;
    private final Ledger ledger;
    private final PrintWriter out;
    private final Clock clock;

    StatusReport(BatchConfig config, Ledger ledger, PrintWriter out, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.out = requireNonNull(out, "out is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * The lock line: free, or its holder and for how long, with the seconds as a plain number a monitoring agent can
     * scrape, and a warning past {@code LAMBDA_BATCH_LOCK_STALE_AFTER}.
     */
    // Visible for testing
    String lockLine(Optional<LockHolder> holder, Instant now) {
        if (holder.isEmpty()) {
            return "batch lock: free";
        }
        Optional<Duration> held = holder.get().heldFor(now);
        return "batch lock: held by " + holder.get().describe(now) + held.map(d -> "; held_seconds " + d.toSeconds()).orElse("")
                + held.filter(d -> d.compareTo(config.lockStaleAfter()) > 0)
                        .map(d -> "; STALE: past " + BatchConfig.LOCK_STALE_AFTER + " (" + Durations.format(config.lockStaleAfter())
                                + "), that run is likely stuck")
                        .orElse("");
    }

    /** Prints the report in {@code format}; false when part of it (Kafka's end offsets) could not be read. */
    boolean print(OutputFormat format) {
        String topic = config.kafka().topic();
        LandingOffsets state;
        Optional<LandingRun> landing;
        Optional<BatchRun> batch;
        Optional<LockHolder> lockHolder;
        WarehouseConnector connector = new WarehouseConnector(config.warehouse());
        try (Connection connection = connector.openOrExplain()) {
            state = ledger.landingOffsetsReader().read(connection, topic);
            landing = ledger.landingRunsReader().latest(connection, topic);
            batch = ledger.batchRunsReader().latestSucceeded(connection);
            lockHolder = WarehouseSession.lockHolder(config.warehouse(), connection);
        } catch (SQLException e) {
            throw new TerseException("Cannot read the batch bookkeeping in the warehouse at " + config.warehouse().redactedUrl()
                    + ": " + Failures.rootMessage(e), e);
        }
        Optional<TopicSnapshot> snapshot = Optional.empty();
        String kafkaProblem = null;
        try {
            KafkaClients kafka = new KafkaClients(new KafkaClientFactory(config.kafka()), config.kafkaTimeout(),
                    "lambda-batch-status", config.consumerGroup());
            snapshot = Optional.of(new TopicInspector(kafka, clock).snapshot(topic));
        } catch (TerseException e) {
            kafkaProblem = e.getMessage();
        }
        Status status = new Status(topic, snapshot, state, landing, batch, kafkaProblem, lockHolder, clock.instant());
        switch (format) {
            case TABLE -> printText(status);
            case CSV -> printCsv(status);
            case JSON -> printJson(status);
        }
        out.flush();
        return snapshot.isPresent();
    }

    /** What the report shows, read once and printed in any format. */
    private record Status(String topic, Optional<TopicSnapshot> snapshot, LandingOffsets state, Optional<LandingRun> landing,
            Optional<BatchRun> batch, String kafkaProblem, Optional<LockHolder> lockHolder, Instant now) {
        TreeSet<Integer> partitions() {
            TreeSet<Integer> partitions = new TreeSet<>(state.nextOffsets().keySet());
            snapshot.ifPresent(s -> partitions.addAll(s.latest().keySet()));
            return partitions;
        }

        Optional<Long> landed(int partition) {
            return Optional.ofNullable(state.nextOffsets().get(partition));
        }

        Optional<Long> end(int partition) {
            return snapshot.map(s -> s.latest().get(partition));
        }

        Optional<Long> lag(int partition) {
            return snapshot.filter(s -> s.latest().containsKey(partition)).map(s -> s.lag(partition, landed(partition)));
        }

        Optional<Long> totalLag() {
            return snapshot.map(s -> s.lag(state.nextOffsets()));
        }

        Optional<Instant> nextCutoff(Duration ingestBucket) {
            return landing.map(run -> IngestBuckets.floor(run.landedThrough(), ingestBucket))
                    .filter(next -> !next.equals(batch.map(BatchRun::cutoff).orElse(null)));
        }
    }

    private void printText(Status status) {
        out.println("topic " + status.topic() + status.snapshot().map(s -> " (id " + s.topicId() + ")").orElse("")
                + ", ingest bucket " + Durations.format(config.pipeline().ingestBucket()));
        out.println(String.format(Locale.ROOT, "  %9s  %15s  %15s  %12s", "partition", "landed up to", "end offset", "lag"));
        for (int partition : status.partitions()) {
            out.println(String.format(Locale.ROOT, "  %9d  %15s  %15s  %12s", partition,
                    status.landed(partition).map(Progress::count).orElse("(none)"),
                    status.end(partition).map(Progress::count).orElse("unknown"),
                    status.lag(partition).map(Progress::count).orElse("unknown")));
        }
        out.println(status.totalLag().map(lag -> "total lag " + Progress.count(lag) + " records")
                .orElse("lag unknown: " + status.kafkaProblem()));
        out.println(status.landing().map(run -> "landed_through " + run.landedThrough() + " (landing run " + run.runId()
                        + " finished " + run.finishedAt() + ": " + Progress.count(run.validRecords()) + " valid, "
                        + Progress.count(run.invalidRecords()) + " invalid, " + run.files() + " files, "
                        + Progress.megabytes(run.bytes()) + ")")
                .orElse("landed_through none: no landing run yet"));
        out.println(status.batch().map(run -> "last cutoff " + run.cutoff() + " (" + run.mode().sqlValue() + " recompute " + run.runId()
                        + " finished " + run.finishedAt() + ", " + run.status().sqlValue() + ": " + Progress.count(run.rowsIn())
                        + " first copies in, "
                        + Progress.count(run.rowsOut()) + " rows out, " + Progress.duration(Duration.ofMillis(run.durationMs()))
                        + ", bucket " + Durations.format(Duration.ofSeconds(run.ingestBucketSeconds())) + ")")
                .orElse("last cutoff none: no recompute yet"));
        status.nextCutoff(config.pipeline().ingestBucket())
                .ifPresent(next -> out.println("note: the next recompute moves the cutoff to " + next));
        out.println(lockLine(status.lockHolder(), status.now()));
    }

    /** One record per partition; the run-level values repeat on each, so every record stands alone in a pipeline. */
    private void printCsv(Status status) {
        out.println(CsvLine.of(List.of("topic", "partition", "landed_up_to", "end_offset", "lag", "landed_through",
                "last_cutoff")));
        String landedThrough = status.landing().map(run -> run.landedThrough().toString()).orElse(null);
        String cutoff = status.batch().map(run -> run.cutoff().toString()).orElse(null);
        for (int partition : status.partitions()) {
            out.println(CsvLine.of(Arrays.asList(status.topic(), Integer.toString(partition),
                    status.landed(partition).map(String::valueOf).orElse(null),
                    status.end(partition).map(String::valueOf).orElse(null),
                    status.lag(partition).map(String::valueOf).orElse(null), landedThrough, cutoff)));
        }
        if (status.kafkaProblem() != null) {
            // stdout stays pure CSV; the reason the lag columns are empty goes to the log (stderr)
            LOG.warn("lag unknown: {}", status.kafkaProblem());
        }
    }

    private void printJson(Status status) {
        ObjectNode root = JSON.createObjectNode();
        root.put("topic", status.topic());
        root.put("topic_id", status.snapshot().map(s -> s.topicId()).orElse(null));
        root.put("ingest_bucket", Durations.format(config.pipeline().ingestBucket()));
        ArrayNode partitions = root.putArray("partitions");
        for (int partition : status.partitions()) {
            ObjectNode entry = partitions.addObject();
            entry.put("partition", partition);
            entry.put("landed_up_to", status.landed(partition).orElse(null));
            entry.put("end_offset", status.end(partition).orElse(null));
            entry.put("lag", status.lag(partition).orElse(null));
        }
        root.put("total_lag", status.totalLag().orElse(null));
        root.put("kafka_problem", status.kafkaProblem());
        root.put("landed_through", status.landing().map(run -> run.landedThrough().toString()).orElse(null));
        status.landing().ifPresentOrElse(run -> {
            ObjectNode node = root.putObject("landing_run");
            node.put("run_id", run.runId());
            node.put("finished_at", String.valueOf(run.finishedAt()));
            node.put("valid_records", run.validRecords());
            node.put("invalid_records", run.invalidRecords());
            node.put("files", run.files());
            node.put("bytes", run.bytes());
        }, () -> root.putNull("landing_run"));
        root.put("last_cutoff", status.batch().map(run -> run.cutoff().toString()).orElse(null));
        status.batch().ifPresentOrElse(run -> {
            ObjectNode node = root.putObject("recompute_run");
            node.put("run_id", run.runId());
            node.put("finished_at", String.valueOf(run.finishedAt()));
            node.put("status", run.status().sqlValue());
            node.put("mode", run.mode().sqlValue());
            node.put("rows_in", run.rowsIn());
            node.put("rows_out", run.rowsOut());
            node.put("duration_ms", run.durationMs());
            node.put("ingest_bucket_seconds", run.ingestBucketSeconds());
        }, () -> root.putNull("recompute_run"));
        root.put("next_cutoff", status.nextCutoff(config.pipeline().ingestBucket()).map(Instant::toString).orElse(null));
        ObjectNode lock = root.putObject("lock");
        lock.put("held", status.lockHolder().isPresent());
        status.lockHolder().ifPresent(holder -> {
            Optional<Duration> held = holder.heldFor(status.now());
            lock.put("holder", holder.describe(status.now()));
            lock.put("held_seconds", held.map(Duration::toSeconds).orElse(null));
            lock.put("stale", held.filter(d -> d.compareTo(config.lockStaleAfter()) > 0).isPresent());
        });
        try {
            out.println(JSON.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status report is not serializable", e);
        }
    }
}
