package io.lambdaarch.serving.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.kafka.KafkaClientSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the topic's earliest and end offsets in the background every {@code refresh}, so that answering a request
 * never waits for Kafka; an unreachable broker only makes the records lag unknown. When {@code speedProgress} names
 * the ingest time of the newest record the speed layer has applied, the same fetch also asks the brokers which offsets
 * were ingested after it (Kafka's time index, exact with {@code LogAppendTime}), for speed layers that do not record
 * their Kafka offsets.
 */
public final class TopicOffsetsMonitor implements OffsetsSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicOffsetsMonitor.class);

    private final Admin admin;
    private final String topic;
    private final Duration refresh;
    private final Duration fetchTimeout;
    private final Clock clock;
    private final SpeedProgress speedProgress;
    private final ScheduledExecutorService scheduler;
    private volatile OffsetsState state = OffsetsState.unknown("the Kafka end offsets have not been fetched yet");
    private volatile boolean lastFetchFailed;

    /** The ingest time of the newest record the speed layer has applied, if known. */
    @FunctionalInterface
    public interface SpeedProgress {
        Optional<Instant> maxIngestTime() throws Exception;
    }

    public TopicOffsetsMonitor(Admin admin, String topic, Duration refresh, Clock clock, SpeedProgress speedProgress) {
        this.admin = requireNonNull(admin, "admin is null");
        this.topic = requireNonNull(topic, "topic is null");
        this.refresh = requireNonNull(refresh, "refresh is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.speedProgress = requireNonNull(speedProgress, "speedProgress is null");
        this.fetchTimeout = Duration.ofSeconds(10);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-offsets-monitor");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * An admin client from the common factory whose calls give up in seconds rather than minutes: required settings,
     * so that the client properties file cannot make a refresh outlast the next one.
     */
    public static Admin createAdmin(KafkaClientFactory clients) {
        return clients.admin(KafkaClientSpec.named("lambda-serving-offsets").withRequired(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)));
    }

    /** Starts fetching now and then every {@code refresh}. */
    public void start() {
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public OffsetsState current() {
        return state;
    }

    private void refreshQuietly() {
        try {
            state = OffsetsState.known(fetch());
            if (lastFetchFailed) {
                LOG.info("Kafka end offsets of topic {} are available again", topic);
            }
            lastFetchFailed = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            String reason = "Kafka end offsets of topic " + topic + " are unavailable: " + Failures.rootMessage(e);
            state = OffsetsState.unknown(reason);
            if (!lastFetchFailed) {
                // Once per outage: the API keeps serving, only the records lag is unknown meanwhile.
                LOG.warn(reason);
            }
            lastFetchFailed = true;
        }
    }

    private TopicOffsets fetch() throws InterruptedException, ExecutionException, TimeoutException {
        // Read before the end offsets, so that the end offsets are never older than the progress they are set against.
        Optional<Instant> applied = appliedIngestTime();
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        List<TopicPartition> partitions = description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        Map<Integer, Long> earliest = listOffsets(partitions, OffsetSpec.earliest());
        Map<Integer, Long> end = listOffsets(partitions, OffsetSpec.latest());
        Optional<TopicOffsets.IngestedAfter> after = Optional.empty();
        if (applied.isPresent()) {
            // Kafka timestamps are milliseconds: the first record ingested after the applied one is at +1 ms or later.
            Map<Integer, Long> offsets = listOffsets(partitions, OffsetSpec.forTimestamp(applied.get().toEpochMilli() + 1));
            // -1: no record that recent, so everything up to the end offset is older
            offsets.replaceAll((partition, offset) -> offset < 0 ? end.get(partition) : offset);
            after = Optional.of(new TopicOffsets.IngestedAfter(applied.get(), offsets));
        }
        return new TopicOffsets(clock.instant(), earliest, end, after);
    }

    private Optional<Instant> appliedIngestTime() {
        try {
            return speedProgress.maxIngestTime();
        } catch (Exception e) {
            LOG.debug("Speed layer progress unavailable: {}", Failures.rootMessage(e));
            return Optional.empty();
        }
    }

    private Map<Integer, Long> listOffsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        return byPartition(admin.listOffsets(request).all().get(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, ListOffsetsResultInfo> offsets) {
        Map<Integer, Long> result = new HashMap<>();
        offsets.forEach((partition, info) -> result.put(partition.partition(), info.offset()));
        return result;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
