package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.TestKafka;
import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.batch.testing.Workload;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Valid counts of 2^63-1 (docs/design.md#validation-and-normalization) in groups whose sums pass 2^63: three such events in one group, 1,100
 * events of 2^53-1 followers in another. batch_view and serving_view equal a truth summed here with BigInteger after a
 * run, a full recompute and the next run; no run fails.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WideSumsIT {
    private static final long MAX = Long.MAX_VALUE;
    private static final long JSON_SAFE = (1L << 53) - 1;
    private static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);

    private static StackSandbox sandbox;
    private static ConfigSource settings;
    private static final Map<Workload.ViewKey, List<BigInteger>> TRUTH = new HashMap<>();
    private static long nextId = 6_100_000_000L;

    @BeforeAll
    static void setUp(LocalStack stack) throws IOException {
        sandbox = stack.sandbox("wide_sums_it");
        settings = sandbox.configSource(Map.of("LAMBDA_INGEST_BUCKET", "1s", "LAMBDA_BATCH_CLOCK_MARGIN", "0s"));
        // serving_view as shipped (the serving layer creates it from the same file's generator).
        try (InputStream in = WideSumsIT.class.getClassLoader().getResourceAsStream("sql/postgres/serving_view.sql")) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            TestWarehouse.execute(sandbox, script.lines().filter(line -> !line.startsWith("--"))
                    .collect(Collectors.joining("\n")).strip().replaceAll(";$", ""));
        }
    }

    @Test
    @Order(1)
    void shouldSumPastTwoToTheSixtyThreeInARun() throws InterruptedException {
        List<Workload.Message> messages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            messages.add(event("Overflow Falls", MAX, MAX, MAX));
        }
        // The same id again, on another partition: still counted once.
        messages.add(new Workload.Message(messages.get(0).key(), messages.get(0).value(), 1, true));
        for (int i = 0; i < 1_100; i++) {
            messages.add(event("Safe Harbour", JSON_SAFE, 0, 1));
        }
        send(messages);

        BatchCli.Result run = BatchCli.run(settings, "run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertExact();
    }

    @Test
    @Order(2)
    void shouldRecomputeTheSameExactView() {
        BatchCli.Result recompute = BatchCli.run(settings, "recompute");

        assertThat(recompute.exitCode()).as(recompute.toString()).isZero();
        assertExact();
    }

    @Test
    @Order(3)
    void shouldAddTheNextRunsEventsExactly() throws InterruptedException {
        send(List.of(event("Overflow Falls", MAX, 0, MAX), event("Lima", MAX, MAX, 0)));

        BatchCli.Result run = BatchCli.run(settings, "run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertExact();
        assertThat(TRUTH.get(new Workload.ViewKey(HOUR, "Overflow Falls")).get(1))
                .isEqualTo(BigInteger.valueOf(MAX).multiply(BigInteger.valueOf(4)));
    }

    private static void assertExact() {
        assertThat(view("batch_view")).isEqualTo(TRUTH);
        assertThat(view("serving_view")).isEqualTo(TRUTH);
    }

    /** A valid event in the group (HOUR, location), added to the truth. */
    private static Workload.Message event(String location, long followers, long favorites, long retweets) {
        String id = Long.toString(nextId++);
        String json = String.format("{\"v\":1,\"id\":\"%s\",\"created_at\":\"%s\",\"user\":{\"followers_count\":%d,"
                + "\"location\":\"%s\"},\"favorite_count\":%d,\"retweet_count\":%d}", id, HOUR.plusSeconds(nextId % 3_600),
                followers, location, favorites, retweets);
        List<BigInteger> sums = TRUTH.computeIfAbsent(new Workload.ViewKey(HOUR, location),
                key -> List.of(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO));
        TRUTH.put(new Workload.ViewKey(HOUR, location), List.of(sums.get(0).add(BigInteger.ONE),
                sums.get(1).add(BigInteger.valueOf(followers)), sums.get(2).add(BigInteger.valueOf(favorites)),
                sums.get(3).add(BigInteger.valueOf(retweets))));
        return new Workload.Message(id, json.getBytes(StandardCharsets.UTF_8), null, true);
    }

    /** Sends and waits past the 1 s ingest bucket, so the run's cutoff covers every record. */
    private static void send(List<Workload.Message> messages) throws InterruptedException {
        TestKafka.send(sandbox, messages);
        Thread.sleep(1_200);
    }

    private static Map<Workload.ViewKey, List<BigInteger>> view(String table) {
        Map<Workload.ViewKey, List<BigInteger>> view = new HashMap<>();
        TestWarehouse.query(sandbox, "SELECT event_hour, location, tweet_count, followers_sum, favorites_sum, retweets_sum FROM "
                + table, rows -> {
                    while (rows.next()) {
                        List<BigInteger> measures = new ArrayList<>();
                        for (int column = 3; column <= 6; column++) {
                            measures.add(rows.getBigDecimal(column).toBigIntegerExact());
                        }
                        view.put(new Workload.ViewKey(rows.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                                rows.getString(2)), measures);
                    }
                });
        return view;
    }
}
