package io.lambdaarch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.ingestion.cli.IngestCommand;
import io.lambdaarch.ingestion.config.ProducerSettings;
import io.lambdaarch.ingestion.synthetic.SyntheticGenerator;
import io.lambdaarch.ingestion.synthetic.SyntheticWorkload;
import io.lambdaarch.ingestion.x.XApiClient;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance: the broker stops and starts again in the middle of a synthetic run of 200,000 records; afterwards the
 * topic holds every expected event exactly once (the idempotent producer retried through the outage).
 */
@ExtendWith(LocalStackExtension.class)
class BrokerRestartIT {
    private static final long RECORDS = 200_000;
    private static final Instant ANCHOR = Instant.parse("2026-11-26T09:00:00Z");
    private static StackSandbox sandbox;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("ingest_restart");
    }

    @Test
    void shouldStopWithAnErrorWhenTheBrokerStaysAwayPastTheDeliveryTimeout() throws Exception {
        StackSandbox failing = sandbox.stack().sandbox("ingest_broker_gone");
        String bootstrap = failing.stack().kafka().bootstrapServers();
        IngestCommand.Context context = new IngestCommand.Context(
                () -> failing.configSource(Map.of(ProducerSettings.DELIVERY_TIMEOUT.name(), "6s")), Clock.systemUTC(), Sleeper.SYSTEM,
                XApiClient::defaultHttpClient);
        CommandRun run = CommandRun.start(context, "--source", "synthetic", "--seed", "12", "--rate", "2000",
                "--duplicate-fraction", "0", "--malformed-fraction", "0");
        int exitCode;
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> TopicContents.count(bootstrap, failing.topic()) >= 2_000 || run.finished());
            assertThat(run.finished()).as(run.err()).isFalse();
            failing.stack().kafka().stop();
            exitCode = run.awaitExit(Duration.ofMinutes(2));
        } finally {
            failing.stack().kafka().startAgain();
        }

        assertThat(exitCode).isEqualTo(CommandLines.FAILED);
        assertThat(run.err()).contains("ERROR: Kafka did not store event").contains("stopped; records after it may be missing");
        Matcher summary = Pattern.compile("summary: read (\\d+), sent (\\d+), invalid 0, duplicates 0, failed (\\d+)").matcher(run.out());
        assertThat(summary.find()).as(run.out()).isTrue();
        long sent = Long.parseLong(summary.group(2));
        assertThat(Long.parseLong(summary.group(3))).isPositive();
        // Everything Kafka acknowledged is there, once; a record whose acknowledgement was lost may be there too.
        List<ConsumerRecord<byte[], byte[]>> records = TopicContents.readAll(bootstrap, failing.topic());
        assertThat(records.size()).isGreaterThanOrEqualTo((int) sent);
        assertThat(records.stream().map(r -> TopicContents.text(r.key())).distinct().count()).isEqualTo(records.size());
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenTheBrokerRestartsMidRun() throws Exception {
        String bootstrap = sandbox.stack().kafka().bootstrapServers();
        IngestCommand.Context context = new IngestCommand.Context(
                () -> sandbox.configSource(Map.of(ProducerSettings.DELIVERY_TIMEOUT.name(), "4m")), Clock.systemUTC(), Sleeper.SYSTEM,
                XApiClient::defaultHttpClient);
        CommandRun run = CommandRun.start(context, "--source", "synthetic", "--seed", "11", "--anchor", ANCHOR.toString(),
                "--rate", "20000", "--count", Long.toString(RECORDS), "--duplicate-fraction", "0.01", "--malformed-fraction", "0.001",
                "--progress-interval", "2s");
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> TopicContents.count(bootstrap, sandbox.topic()) >= 30_000 || run.finished());
            assertThat(run.finished()).as("the run ended before the broker could be stopped: %s", run.out()).isFalse();
            sandbox.stack().kafka().stop();
            TimeUnit.SECONDS.sleep(3);
        } finally {
            sandbox.stack().kafka().startAgain();
        }

        assertThat(run.awaitExit(Duration.ofMinutes(6))).as(run.err()).isEqualTo(CommandLines.OK);
        SyntheticGenerator generator = new SyntheticGenerator(new SyntheticWorkload(11, ANCHOR, 20_000, SyntheticWorkload.DEFAULT_LATE_FRACTION,
                SyntheticWorkload.DEFAULT_MAX_LATENESS, 0.01, 0.001));
        ExpectedEvents expected = ExpectedEvents.of(generator, RECORDS);
        assertThat(expected.problems(TopicContents.readAll(bootstrap, sandbox.topic()))).isEmpty();
        assertThat(TopicContents.count(bootstrap, sandbox.topic())).isEqualTo(expected.events().size());
        assertThat(TopicContents.count(bootstrap, sandbox.dlqTopic())).isEqualTo(expected.malformed());
        assertThat(run.out()).contains(String.format("summary: read %d, sent %d, invalid %d, duplicates %d",
                RECORDS, expected.events().size(), expected.malformed(), expected.duplicates()));
    }
}
