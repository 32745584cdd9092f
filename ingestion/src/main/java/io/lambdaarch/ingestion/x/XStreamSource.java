package io.lambdaarch.ingestion.x;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.ingestion.Sleeper;
import io.lambdaarch.ingestion.source.EventSource;
import io.lambdaarch.ingestion.source.LineSplitter.Line;
import io.lambdaarch.ingestion.source.RecordFormat;
import io.lambdaarch.ingestion.source.SourceRecord;
import io.lambdaarch.ingestion.x.StreamConnection.Broken;
import io.lambdaarch.ingestion.x.StreamConnection.ChunkDone;
import io.lambdaarch.ingestion.x.StreamConnection.Ended;
import io.lambdaarch.ingestion.x.StreamConnection.LineSignal;
import io.lambdaarch.ingestion.x.StreamConnection.Signal;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The X API v2 filtered stream as a source. A reader thread keeps one connection open, reconnecting with
 * {@link XBackoff}; it treats {@code stallTimeout} without any byte (X sends a keep-alive line break every 20 s) as a
 * dropped connection, and queues each line for {@link #poll} (the ingestor skips and counts the stream's system
 * messages; only posts make a connection count as established for the back-off). X does not replay
 * what it sent while no connection was open, so a reconnect may miss posts; repeats it does send are dropped by the
 * ingestor's dedupe window. HTTP errors that will not go away (a wrong token, no access) end the source with one
 * line.
 *
 * <p>The clock and the sleeper are injected so tests can check stall detection and back-off on fake time.
 */
public final class XStreamSource implements EventSource {
    /** The source's name, also the {@code source} field of its events. */
    public static final String NAME = "x-stream";

    private static final Logger LOG = LoggerFactory.getLogger(XStreamSource.class);
    private static final int QUEUE_CAPACITY = 10_000;
    private static final Duration MAX_TICK = Duration.ofSeconds(1);

    private final XApiClient api;
    private final XBackoff backoff = new XBackoff();
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration stallTimeout;
    private final Duration tick;
    private final int maxRecordBytes;
    private final BlockingQueue<SourceRecord> records = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final ObjectMapper mapper = new ObjectMapper();
    private final Thread reader;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closing;
    private volatile RuntimeException fatal;
    private volatile StreamConnection current;
    private long connections;

    public XStreamSource(XApiClient api, Clock clock, Sleeper sleeper, Duration stallTimeout, int maxRecordBytes) {
        this.api = requireNonNull(api, "api is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.stallTimeout = requireNonNull(stallTimeout, "stallTimeout is null");
        Duration quarter = stallTimeout.dividedBy(4);
        this.tick = quarter.compareTo(MAX_TICK) < 0 ? quarter : MAX_TICK;
        this.maxRecordBytes = maxRecordBytes;
        this.reader = new Thread(this::readLoop, "x-stream-reader");
        this.reader.setDaemon(true);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RecordFormat format() {
        return RecordFormat.X_V2;
    }

    @Override
    public SourceRecord poll(Duration timeout) throws InterruptedException {
        if (!closing && started.compareAndSet(false, true)) {
            reader.start();
        }
        SourceRecord record = records.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (record == null && fatal != null) {
            throw fatal;
        }
        return record;
    }

    @Override
    public boolean exhausted() {
        return false;
    }

    @Override
    public void close() {
        closing = true;
        reader.interrupt();
        StreamConnection connection = current;
        if (connection != null) {
            connection.cancel();
        }
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readLoop() {
        while (!closing) {
            Duration wait;
            StreamConnection connection = null;
            try {
                connection = api.openStream(maxRecordBytes);
                current = connection;
                connections++;
                backoff.connected();
                LOG.info("Connected to the X filtered stream at {} (connection {})", api.baseUrl(), connections);
                wait = backoff.afterDisconnect(consume(connection));
            } catch (XApiException e) {
                if (!e.retriable()) {
                    fatal = new TerseException(e.getMessage() + " (not retried: check LAMBDA_X_BEARER_TOKEN and the app's access)");
                    return;
                }
                wait = e.rateLimited() ? backoff.afterRateLimit() : backoff.afterHttpError();
                LOG.warn("{}; reconnecting in {} ms", e.getMessage(), wait.toMillis());
            } catch (IOException e) {
                wait = backoff.afterNetworkError();
                LOG.warn("Cannot connect to the X filtered stream at {}: {}; reconnecting in {} ms",
                        api.baseUrl(), Failures.rootMessage(e), wait.toMillis());
            } catch (InterruptedException e) {
                return;
            } finally {
                current = null;
                if (connection != null) {
                    connection.cancel();
                }
            }
            if (closing) {
                return;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads one connection until it ends, breaks or stalls; returns true if it counts as established. */
    private boolean consume(StreamConnection connection) throws InterruptedException {
        Instant opened = clock.instant();
        Instant lastActivity = opened;
        boolean deliveredPost = false;
        long lineNumber = 0;
        while (!closing) {
            Signal signal = connection.next(tick);
            Instant now = clock.instant();
            if (signal == null) {
                if (Duration.between(lastActivity, now).compareTo(stallTimeout) >= 0) {
                    LOG.warn("X filtered stream stalled: nothing for {} s, not even a keep-alive; reconnecting",
                            Duration.between(lastActivity, now).toSeconds());
                    break;
                }
                continue;
            }
            lastActivity = now;
            if (signal instanceof LineSignal lineSignal) {
                lineNumber++;
                Line line = lineSignal.line();
                if (line.blank()) {
                    continue;
                }
                // System messages go on too: the ingestor skips and counts them, as it does in a replay of the stream.
                records.put(new SourceRecord(line.bytes(), NAME + "#" + connections + ":" + lineNumber, line.length()));
                deliveredPost |= !isSystemMessage(line);
                // Waiting for room in the queue is not silence from X.
                lastActivity = clock.instant();
            } else if (signal instanceof ChunkDone) {
                connection.requestMore();
            } else if (signal instanceof Ended) {
                LOG.warn("X filtered stream closed by the server; reconnecting");
                break;
            } else if (signal instanceof Broken broken) {
                LOG.warn("X filtered stream connection dropped: {}; reconnecting", Failures.rootMessage(broken.cause()));
                break;
            }
        }
        return deliveredPost || Duration.between(opened, clock.instant()).compareTo(stallTimeout) >= 0;
    }

    private boolean isSystemMessage(Line line) {
        if (line.truncated()) {
            return false;
        }
        try {
            JsonNode root = mapper.readTree(line.bytes());
            return root != null && XPayloadConverter.isSystemMessage(root);
        } catch (IOException e) {
            // not JSON: the ingestor sends it to the DLQ with the reason
        }
        return false;
    }
}
