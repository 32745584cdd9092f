package io.lambdaarch.batch.job;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.kafka.KafkaClients;
import io.lambdaarch.batch.kafka.TopicInspector;
import io.lambdaarch.batch.kafka.TopicSnapshot;
import io.lambdaarch.batch.lock.LockHolder;
import io.lambdaarch.batch.runtime.Progress;
import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.LandingOffsets;
import io.lambdaarch.common.ledger.LandingRun;
import io.lambdaarch.common.ledger.Ledger;
import io.lambdaarch.common.sql.WarehouseConnector;
import io.lambdaarch.common.view.IngestBuckets;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code status} report: per partition the landed offset, the end offset and the lag; landed_through; the last
 * cutoff and the last landing and recompute runs; who holds the batch lock and for how long. Reads only, takes no
 * lock. The warehouse part is required; when
 * Kafka cannot be reached the lag is shown as unknown and the report counts as incomplete.
 */
final class StatusReport {
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

    /** Prints the report; false when part of it (Kafka's end offsets) could not be read. */
    boolean print() {
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

        out.println("topic " + topic + snapshot.map(s -> " (id " + s.topicId() + ")").orElse("") + ", ingest bucket "
                + Durations.format(config.pipeline().ingestBucket()));
        TreeSet<Integer> partitions = new TreeSet<>(state.nextOffsets().keySet());
        snapshot.ifPresent(s -> partitions.addAll(s.latest().keySet()));
        out.println(String.format(Locale.ROOT, "  %9s  %15s  %15s  %12s", "partition", "landed up to", "end offset", "lag"));
        for (int partition : partitions) {
            Long landed = state.nextOffsets().get(partition);
            Optional<Long> end = snapshot.map(s -> s.latest().get(partition));
            String lag = end.isPresent()
                    ? Progress.count(snapshot.get().lag(partition, Optional.ofNullable(landed)))
                    : "unknown";
            out.println(String.format(Locale.ROOT, "  %9d  %15s  %15s  %12s", partition,
                    landed == null ? "(none)" : Progress.count(landed), end.map(Progress::count).orElse("unknown"), lag));
        }
        if (snapshot.isPresent()) {
            out.println("total lag " + Progress.count(snapshot.get().lag(state.nextOffsets())) + " records");
        } else {
            out.println("lag unknown: " + kafkaProblem);
        }
        out.println(landing.map(run -> "landed_through " + run.landedThrough() + " (landing run " + run.runId()
                        + " finished " + run.finishedAt() + ": " + Progress.count(run.validRecords()) + " valid, "
                        + Progress.count(run.invalidRecords()) + " invalid, " + run.files() + " files, "
                        + Progress.megabytes(run.bytes()) + ")")
                .orElse("landed_through none: no landing run yet"));
        out.println(batch.map(run -> "last cutoff " + run.cutoff() + " (recompute " + run.runId() + " finished " + run.finishedAt()
                        + ", " + run.status().sqlValue() + ": " + Progress.count(run.rowsIn()) + " rows in, " + Progress.count(run.rowsOut())
                        + " rows out, " + Progress.duration(Duration.ofMillis(run.durationMs())) + ", bucket "
                        + Durations.format(Duration.ofSeconds(run.ingestBucketSeconds())) + ")")
                .orElse("last cutoff none: no recompute yet"));
        landing.ifPresent(run -> {
            Instant nextCutoff = IngestBuckets.floor(run.landedThrough(), config.pipeline().ingestBucket());
            if (!nextCutoff.equals(batch.map(BatchRun::cutoff).orElse(null))) {
                out.println("note: the next recompute moves the cutoff to " + nextCutoff);
            }
        });
        out.println(lockLine(lockHolder, clock.instant()));
        out.flush();
        return snapshot.isPresent();
    }
}
