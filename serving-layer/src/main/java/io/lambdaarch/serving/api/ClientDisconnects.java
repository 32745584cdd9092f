package io.lambdaarch.serving.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a client that closes its connection while its request is being answered, so the request's query can be
 * cancelled instead of running on for nobody.
 *
 * <p>Jetty reports such failures to {@link Request#addFailureListener} where the protocol tells it (HTTP/2 resets a
 * stream), but an HTTP/1.1 connection is not read while a handler runs, so a client's close goes unseen until the
 * answer is written. For a request without a body, this reads the connection every {@link #POLL_INTERVAL} while the
 * handler runs, as Go's net/http does with its background read: end of stream or a reset means the client has gone.
 * Bytes read instead are a pipelined next request; they cannot be handed back to Jetty, so the answer then closes the
 * connection, and the client sends that request again (RFC 9112, section 9.3.2). Requests with a body, and
 * connections of another kind, rely on Jetty's listener alone.
 */
public final class ClientDisconnects implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientDisconnects.class);
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final ScheduledThreadPoolExecutor poller = poller();

    // Almost every request ends before its first poll, and a cancelled task stays queued until its delay would have
    // run out by default: the poller thread then woke for each of them (thousands a second under load) only to drop
    // it. Removed on cancel, it wakes only for requests that run longer than a poll interval.
    private static ScheduledThreadPoolExecutor poller() {
        ScheduledThreadPoolExecutor poller = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "client-disconnects");
            thread.setDaemon(true);
            return thread;
        });
        poller.setRemoveOnCancelPolicy(true);
        return poller;
    }

    /** One request being watched; closing it stops the watch before the answer is written. */
    public final class Watch implements AutoCloseable {
        private final Context ctx;
        private final Runnable onGone;
        private final EndPoint endPoint;
        private ScheduledFuture<?> polling;
        private boolean closed;
        private boolean consumedNextRequest;

        private Watch(Context ctx, Runnable onGone, EndPoint endPoint) {
            this.ctx = ctx;
            this.onGone = onGone;
            this.endPoint = endPoint;
        }

        private synchronized void gone() {
            if (!closed) {
                closed = true;
                onGone.run();
            }
        }

        // Runs on the poller thread; the handler's thread is busy in the query, and Jetty reads nothing meanwhile.
        private synchronized void poll() {
            if (closed) {
                return;
            }
            int read;
            try {
                read = endPoint.fill(BufferUtil.allocate(1));
            } catch (IOException e) {
                read = -1;
            }
            if (read < 0) {
                polling.cancel(false);
                gone();
            } else if (read > 0) {
                consumedNextRequest = true;
                polling.cancel(false);
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (polling != null) {
                polling.cancel(false);
            }
            if (consumedNextRequest) {
                ctx.header("Connection", "close");
            }
        }
    }

    /** Watches {@code ctx}'s connection until the watch is closed; {@code onGone} runs once if the client goes. */
    public Watch watch(Context ctx, Runnable onGone) {
        Request request;
        try {
            request = ServletContextRequest.getServletContextRequest(ctx.req());
        } catch (IllegalStateException e) {
            return new Watch(ctx, onGone, null);
        }
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        Watch watch = new Watch(ctx, onGone, endPoint);
        request.addFailureListener(failure -> {
            LOG.debug("Request failed: {}", failure.toString());
            watch.gone();
        });
        boolean http1 = request.getConnectionMetaData().getHttpVersion().getVersion() <= HttpVersion.HTTP_1_1.getVersion();
        boolean noBody = ctx.req().getContentLengthLong() <= 0 && ctx.header("Transfer-Encoding") == null;
        if (http1 && noBody && endPoint instanceof SocketChannelEndPoint) {
            synchronized (watch) {
                watch.polling = poller.scheduleWithFixedDelay(watch::poll, POLL_INTERVAL.toMillis(),
                        POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return watch;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
