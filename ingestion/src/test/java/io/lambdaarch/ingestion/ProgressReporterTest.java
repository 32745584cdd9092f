package io.lambdaarch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    @Test
    void shouldPrintTheCountersAndTheBacklogEveryInterval() {
        IngestStats stats = new IngestStats();
        for (int i = 0; i < 5; i++) {
            stats.recordRead();
        }
        stats.recordAccepted();
        stats.recordAccepted();
        stats.recordAccepted();
        stats.recordSent();
        stats.recordInvalid("malformed_json");
        stats.recordDuplicate();
        StringWriter out = new StringWriter();

        try (ProgressReporter reporter = new ProgressReporter(stats, new PrintWriter(out), Duration.ofMillis(100))) {
            reporter.start();
            await().atMost(Duration.ofMinutes(1)).until(() -> out.toString().contains("progress:"));
        }

        assertThat(out.toString().lines().findFirst().orElseThrow())
                .startsWith("progress: read 5, sent 1, invalid 1, duplicates 1, ")
                .endsWith("events/s, 3 awaiting Kafka's acknowledgement");
    }
}
