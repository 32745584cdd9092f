package io.lambdaarch.ingestion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.ingestion.CommandRun;
import io.lambdaarch.ingestion.IngestService;
import io.lambdaarch.ingestion.Sleeper;
import io.lambdaarch.ingestion.SourceFactory;
import io.lambdaarch.ingestion.TopicContents;
import io.lambdaarch.ingestion.config.IngestConfig;
import io.lambdaarch.ingestion.kafka.KafkaClients;
import io.lambdaarch.ingestion.x.XApiClient;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.localstack.metrics.MetricsCatalogue;
import io.lambdaarch.localstack.metrics.PrometheusText;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingestion's Prometheus series against the embedded Kafka: exact counts for a replay file whose make-up the test
 * knows line by line, and the live {@code /metrics} endpoint (with the producer's own metrics) during a run.
 */
@ExtendWith(LocalStackExtension.class)
class IngestMetricsIT {
    private static final Pattern ENDPOINT = Pattern.compile("Metrics on (http://\\S+/metrics)");
    private static LocalStack stack;

    @BeforeAll
    static void setUp(LocalStack localStack) {
        stack = localStack;
    }

    @Test
    void shouldCountSentInvalidByReasonAndDuplicatesExactly(@TempDir Path dir) throws Exception {
        StackSandbox sandbox = stack.sandbox("ingest_metrics_exact");
        List<String> lines = new ArrayList<>();
        int valid = 40;
        for (int i = 1; i <= valid; i++) {
            lines.add("{\"id\":\"" + (5000 + i) + "\",\"created_at\":\"2026-11-26T09:15:30Z\",\"user\":{\"location\":\"Oslo\"}}");
        }
        int duplicates = 7;
        for (int i = 1; i <= duplicates; i++) {
            lines.add("{\"id\":\"" + (5000 + i) + "\",\"created_at\":\"2026-11-26T10:00:00Z\"}");
        }
        int malformed = 5;
        for (int i = 0; i < malformed; i++) {
            lines.add("{\"id\":\"9" + i + "\",\"created_at\":");
        }
        int badLocation = 3;
        for (int i = 0; i < badLocation; i++) {
            lines.add("{\"id\":\"8" + i + "\",\"created_at\":\"2026-11-26T09:15:30Z\",\"user\":{\"location\":42}}");
        }
        Path file = dir.resolve("known.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        IngestCommand.Context context = context(sandbox, Map.of());
        IngestCommand command = (IngestCommand) IngestCommand.createCommandLine(context)
                .parseArgs("--source", "replay", "--file", file.toString()).commandSpec().userObject();
        IngestConfig config = command.options().toConfig(sandbox.configSource(), Clock.systemUTC().instant());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        new IngestService(config, new KafkaClients(new KafkaClientFactory(config.kafka()), config.producer()),
                new SourceFactory(Clock.systemUTC(), Sleeper.SYSTEM, XApiClient::defaultHttpClient), Clock.systemUTC(),
                Sleeper.SYSTEM, new PrintWriter(new StringWriter()), registry).run();

        PrometheusText metrics = PrometheusText.parse(registry.scrape());
        String bootstrap = stack.kafka().bootstrapServers();
        assertThat(metrics.value("lambda_ingest_records_read_total")).contains((double) lines.size());
        assertThat(metrics.value("lambda_ingest_records_sent_total")).contains((double) valid)
                .contains((double) TopicContents.count(bootstrap, sandbox.topic()));
        assertThat(metrics.value("lambda_ingest_duplicates_total")).contains((double) duplicates);
        assertThat(metrics.value("lambda_ingest_records_invalid_total", Map.of("reason", "malformed_json")))
                .contains((double) malformed);
        assertThat(metrics.value("lambda_ingest_records_invalid_total", Map.of("reason", "invalid_location")))
                .contains((double) badLocation);
        assertThat(metrics.value("lambda_ingest_records_invalid_total", Map.of("reason", "invalid_id"))).contains(0.0);
        assertThat(metrics.value("lambda_ingest_dlq_records_sent_total")).contains((double) (malformed + badLocation))
                .contains((double) TopicContents.count(bootstrap, sandbox.dlqTopic()));
        assertThat(metrics.value("lambda_ingest_send_failures_total")).contains(0.0);
        assertThat(metrics.value("lambda_ingest_records_pending")).contains(0.0);
    }

    @Test
    void shouldServeIngestionAndProducerMetricsWhileRunning() throws Exception {
        StackSandbox sandbox = stack.sandbox("ingest_metrics_endpoint");
        CommandRun run = CommandRun.start(context(sandbox, Map.of(IngestConfig.METRICS_PORT.name(), "0")),
                "--source", "synthetic", "--rate", "200", "--duration", "15s", "--seed", "11",
                "--malformed-fraction", "0.1", "--duplicate-fraction", "0.1");
        URI endpoint = await().atMost(Duration.ofSeconds(60)).until(() -> endpoint(run), uri -> uri != null);
        AtomicReference<PrometheusText> last = new AtomicReference<>();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            PrometheusText metrics = PrometheusText.scrape(endpoint);
            last.set(metrics);
            assertThat(metrics.value("lambda_ingest_records_sent_total")).hasValueSatisfying(v -> assertThat(v).isGreaterThan(0));
            assertThat(metrics.value("lambda_ingest_duplicates_total")).hasValueSatisfying(v -> assertThat(v).isGreaterThan(0));
            assertThat(metrics.sum("lambda_ingest_records_invalid_total")).isGreaterThan(0);
            assertThat(metrics.sum("lambda_ingest_dlq_records_sent_total")).isGreaterThan(0);
            // Micrometer's KafkaClientMetrics: the producer's own view of what it sent
            assertThat(metrics.sum("kafka_producer_record_send_total")).isGreaterThan(0);
        });
        PrometheusText seen = last.get();
        assertThat(MetricsCatalogue.read().missingFrom("ingestion", seen)).as("docs/operations.md series not exported").isEmpty();
        String bootstrap = stack.kafka().bootstrapServers();
        // Counters count acknowledged records only: the topics already hold at least as many.
        assertThat(TopicContents.count(bootstrap, sandbox.topic()))
                .isGreaterThanOrEqualTo((long) seen.value("lambda_ingest_records_sent_total").orElseThrow().doubleValue());
        assertThat(TopicContents.count(bootstrap, sandbox.dlqTopic()))
                .isGreaterThanOrEqualTo((long) seen.value("lambda_ingest_dlq_records_sent_total").orElseThrow().doubleValue());
        assertThat(seen.sum("lambda_ingest_records_invalid_total"))
                .isGreaterThanOrEqualTo(seen.value("lambda_ingest_dlq_records_sent_total").orElseThrow());
        assertThat(run.awaitExit(Duration.ofMinutes(2))).as(run.err()).isEqualTo(CommandLines.OK);
    }

    private static URI endpoint(CommandRun run) {
        Matcher matcher = ENDPOINT.matcher(run.out());
        return matcher.find() ? URI.create(matcher.group(1)) : null;
    }

    private static IngestCommand.Context context(StackSandbox sandbox, Map<String, String> extra) {
        return new IngestCommand.Context(() -> sandbox.configSource(extra), Clock.systemUTC(), Sleeper.SYSTEM,
                XApiClient::defaultHttpClient);
    }
}
