package io.lambdaarch.speed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.streaming.SinkProgress;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.Test;

class SpeedProgressListenerTest {
    @Test
    void shouldReportRatesDurationOffsetLagIngestLagAndWatermark() {
        SourceProgress source = new SourceProgress("KafkaV2[Subscribe[tweets]]", "{}", "{}", "{}", 1200, 40.0, 600.0,
                Map.of("maxOffsetsBehindLatest", "350", "avgOffsetsBehindLatest", "116.7"));
        StreamingQueryProgress progress = new StreamingQueryProgress(UUID.randomUUID(), UUID.randomUUID(), "speed_view",
                "2026-11-26T12:00:00.000Z", 7, 2000,
                Map.of("triggerExecution", 2000L, "addBatch", 1500L, "walCommit", 300L, "queryPlanning", 120L, "latestOffset", 30L,
                        "commitOffsets", 0L),
                Map.of("max", "2026-11-26T11:59:55.000Z", "watermark", "2026-11-26T11:49:50.000Z"),
                new StateOperatorProgress[0], new SourceProgress[] {source}, new SinkProgress("ForeachBatchSink"), Map.of());

        String line = SpeedProgressListener.describe(progress, Instant.parse("2026-11-26T12:00:02Z"));

        assertThat(line).isEqualTo("Batch 7: 1200 records, input 40.0 rec/s, processed 600.0 rec/s, took 2000 ms"
                + " (addBatch 1500 ms, walCommit 300 ms, queryPlanning 120 ms), 350 offsets behind latest, ingest lag 7.0 s, watermark 2026-11-26T11:49:50Z");
    }

    @Test
    void shouldCopeWithAnEmptyBatch() {
        StreamingQueryProgress progress = new StreamingQueryProgress(UUID.randomUUID(), UUID.randomUUID(), "speed_view",
                "2026-11-26T12:00:00.000Z", 8, 12, Map.of(), Map.of(), new StateOperatorProgress[0], new SourceProgress[0],
                new SinkProgress("ForeachBatchSink"), Map.of());

        assertThat(SpeedProgressListener.describe(progress, Instant.parse("2026-11-26T12:00:02Z")))
                .isEqualTo("Batch 8: 0 records, input 0.0 rec/s, processed 0.0 rec/s, took 12 ms, 0 offsets behind latest,"
                        + " ingest lag n/a, watermark n/a");
    }
}
