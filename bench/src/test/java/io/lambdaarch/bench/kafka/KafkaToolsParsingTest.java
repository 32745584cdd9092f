package io.lambdaarch.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.bench.kafka.KafkaTools.ConsumerPerformanceResult;
import io.lambdaarch.bench.kafka.KafkaTools.ProducerPerformanceResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaToolsParsingTest {
    @Test
    void shouldReadProducerPerformancesLastSummaryLine() {
        List<String> output = List.of(
                "SLF4J(W): No SLF4J providers were found.",
                "124519 records sent, 24893.8 records/sec (8.12 MB/sec), 1032.5 ms avg latency, 1622.0 ms max latency.",
                "200000 records sent, 26008.4 records/sec (8.48 MB/sec), 987.21 ms avg latency, 1622.00 ms max latency, 990 ms"
                        + " 50th, 1500 ms 95th, 1600 ms 99th, 1620 ms 99.9th.");

        assertThat(ProducerPerformanceResult.parse(output)).contains(new ProducerPerformanceResult(200000, 26008.4));
        assertThat(ProducerPerformanceResult.parse(List.of("org.apache.kafka.common.errors.TimeoutException: ..."))).isEmpty();
    }

    @Test
    void shouldReadConsumerPerformancesResultByItsHeader() {
        List<String> output = List.of(
                "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,"
                        + " fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec",
                "2026-11-26 04:14:22:185, 2026-11-26 04:14:28:350, 33.7644, 5.4768, 118668, 19248.6618, 1992, 4173, 8.0912,"
                        + " 28437.0956");

        assertThat(ConsumerPerformanceResult.parse(output)).contains(new ConsumerPerformanceResult(118668, 19248.6618, 28437.0956));
    }

    @Test
    void shouldFindNoConsumerResultInAFailedRun() {
        List<String> output = List.of(
                "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,"
                        + " fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec",
                "org.apache.kafka.common.KafkaException: Received exception when fetching the next record");

        assertThat(ConsumerPerformanceResult.parse(output)).isEmpty();
        assertThat(ConsumerPerformanceResult.parse(List.of())).isEmpty();
    }
}
