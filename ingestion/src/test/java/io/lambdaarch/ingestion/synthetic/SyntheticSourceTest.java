package io.lambdaarch.ingestion.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.ingestion.source.SourceRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyntheticSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final SyntheticGenerator generator = new SyntheticGenerator(
            new SyntheticWorkload(7, Instant.parse("2026-11-26T09:00:00Z"), 0, 0.05, Duration.ofDays(2), 0.05, 0.02));

    @Test
    void shouldHandOverEveryRecordInOrderAcrossChunks() throws InterruptedException {
        int records = SyntheticSource.CHUNK * 3 + 17;
        try (SyntheticSource source = new SyntheticSource(generator)) {
            for (long index = 0; index < records; index++) {
                SourceRecord record = source.poll(WAIT);
                assertThat(record).as("record %d", index).isNotNull();
                assertThat(record.origin()).isEqualTo("synthetic#" + index);
                assertThat(record.raw()).as("record %d", index).isEqualTo(generator.record(index).json());
                assertThat(record.truncated()).isFalse();
            }
            assertThat(source.exhausted()).isFalse();
        }
    }

    @Test
    void shouldStopComputingAheadWhenClosed() throws InterruptedException {
        SyntheticSource source = new SyntheticSource(generator);
        assertThat(source.poll(WAIT)).isNotNull();

        source.close();

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (computing() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(computing()).as("the synthetic-source thread is still running").isFalse();
    }

    private static boolean computing() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("synthetic-source") && t.isAlive());
    }
}
