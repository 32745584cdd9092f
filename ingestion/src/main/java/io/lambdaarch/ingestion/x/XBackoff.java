package io.lambdaarch.ingestion.x;

import java.time.Duration;

/**
 * How long to wait before reconnecting to the filtered stream, as X documents it
 * (https://docs.x.com/x-api/fundamentals/handling-disconnections): once an established connection drops, reconnect
 * at once; back off linearly on network errors (250 ms more each attempt, at most 16 s), exponentially on HTTP
 * errors (5 s, doubling, at most 320 s), and exponentially from one minute on HTTP 429. X gives no ceiling for
 * 429; this one stops doubling at 16 minutes so a long outage still ends in a timely retry.
 *
 * <p>A connection counts as established once it delivered a post or stayed open for the stall timeout; one that
 * drops before that is treated as a network error, so a server that accepts and hangs up at once is not hammered.
 *
 * <p>Not thread-safe: the stream's reader thread is its only user.
 */
public final class XBackoff {
    static final Duration NETWORK_STEP = Duration.ofMillis(250);
    static final Duration NETWORK_MAX = Duration.ofSeconds(16);
    static final Duration HTTP_START = Duration.ofSeconds(5);
    static final Duration HTTP_MAX = Duration.ofSeconds(320);
    static final Duration RATE_LIMIT_START = Duration.ofMinutes(1);
    static final Duration RATE_LIMIT_MAX = Duration.ofMinutes(16);

    private int networkErrors;
    private int httpErrors;
    private int rateLimits;

    /** The server accepted the connection (HTTP 200): HTTP error back-off starts over. */
    public void connected() {
        httpErrors = 0;
        rateLimits = 0;
    }

    /** An open connection ended (closed, broken or stalled); {@code established} as the class comment defines. */
    public Duration afterDisconnect(boolean established) {
        if (established) {
            networkErrors = 0;
            return Duration.ZERO;
        }
        return afterNetworkError();
    }

    /** Connecting failed below HTTP: refused, reset, timed out. */
    public Duration afterNetworkError() {
        networkErrors++;
        return min(NETWORK_STEP.multipliedBy(networkErrors), NETWORK_MAX);
    }

    /** The server answered with a retriable HTTP error other than a rate limit. */
    public Duration afterHttpError() {
        httpErrors++;
        return doubling(HTTP_START, httpErrors, HTTP_MAX);
    }

    /** The server answered 429. */
    public Duration afterRateLimit() {
        rateLimits++;
        return doubling(RATE_LIMIT_START, rateLimits, RATE_LIMIT_MAX);
    }

    private static Duration doubling(Duration start, int attempt, Duration max) {
        // Past 2^10 the cap has long been reached; the shift must not overflow.
        return min(start.multipliedBy(1L << Math.min(attempt - 1, 10)), max);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
