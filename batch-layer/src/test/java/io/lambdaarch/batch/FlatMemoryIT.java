package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.BatchProcess;
import io.lambdaarch.batch.testing.TestArchive;
import io.lambdaarch.batch.testing.TestKafka;
import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Landing keeps memory flat: a backlog several times larger than the child JVM's heap lands in one partition, so the
 * single archive file (compressed) is itself larger than the heap. Anything that held a file, a partition's records or
 * the COPY input in memory would fail with OutOfMemoryError. (The 5-million-event check with -Xmx256m is too slow for
 * CI; its figures are in docs/batch-layer.md.)
 */
@ExtendWith(LocalStackExtension.class)
class FlatMemoryIT {
    private static final int EVENTS = 120_000;
    private static final String HEAP = "-Xmx64m";
    private static StackSandbox sandbox;
    private static long producedBytes;

    @BeforeAll
    static void setUp(LocalStack stack) throws ExecutionException, InterruptedException {
        sandbox = stack.sandbox("flat_memory_it");
        Random random = new Random(1);
        byte[] noise = new byte[800];
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer(sandbox)) {
            for (int i = 0; i < EVENTS; i++) {
                random.nextBytes(noise);
                // Random text barely compresses, so the gzipped file stays larger than the heap.
                byte[] value = ("{\"id\":\"" + (i + 1) + "\",\"created_at\":\"2026-01-0" + (1 + i % 9) + "T10:00:00Z\","
                        + "\"user\":{\"followers_count\":" + (i % 1000) + ",\"location\":\"L" + (i % 50) + "\"},"
                        + "\"text\":\"" + Base64.getEncoder().encodeToString(noise) + "\"}").getBytes(StandardCharsets.UTF_8);
                producedBytes += value.length;
                producer.send(new ProducerRecord<>(sandbox.topic(), 0, null, value));
            }
            producer.flush();
        }
    }

    @Test
    void shouldLandABacklogLargerThanTheHeapWithFlatMemory() {
        assertThat(producedBytes).isGreaterThan(100L * 1024 * 1024);

        BatchCli.Result result = BatchProcess.run(sandbox.settings(), List.of(HEAP, "-XX:+ExitOnOutOfMemoryError"),
                Duration.ofMinutes(8), "land");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("landed " + String.format("%,d", EVENTS) + " records");
        assertThat(TestWarehouse.count(sandbox, "raw_batch")).isEqualTo(EVENTS);
        assertThat(TestArchive.keys(sandbox, "raw/")).hasSize(1);
        assertThat(sizeOfOnlyRawFile()).isGreaterThan(64L * 1024 * 1024);
    }

    private static long sizeOfOnlyRawFile() {
        try (var s3 = sandbox.stack().s3().client()) {
            return s3.listObjectsV2(b -> b.bucket(sandbox.bucket()).prefix("raw/")).contents().get(0).size();
        }
    }

}
