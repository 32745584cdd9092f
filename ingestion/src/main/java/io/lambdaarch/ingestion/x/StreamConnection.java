package io.lambdaarch.ingestion.x;

import io.lambdaarch.ingestion.source.LineSplitter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One open filtered-stream response, turned into signals the reader thread polls with a timeout (which is how it
 * notices a stall: java.net.http has no read timeout for a streamed body). Demand is one chunk at a time and the
 * reader asks for the next one only after taking the lines of the last, so a slow Kafka slows the read instead of
 * filling memory.
 */
final class StreamConnection implements Flow.Subscriber<List<ByteBuffer>> {
    /** What the connection delivers. */
    sealed interface Signal {
    }

    /** One line of the body (a post, a system message, or a blank keep-alive). */
    record LineSignal(LineSplitter.Line line) implements Signal {
    }

    /** Every line of the last chunk was delivered; call {@link #requestMore()}. */
    record ChunkDone() implements Signal {
    }

    /** The server closed the body. */
    record Ended() implements Signal {
    }

    /** The connection broke. */
    record Broken(Throwable cause) implements Signal {
    }

    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final LineSplitter splitter;
    private Flow.Subscription subscription;
    private boolean cancelled;

    StreamConnection(int maxLineBytes) {
        this.splitter = new LineSplitter(maxLineBytes);
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        boolean cancelNow;
        synchronized (this) {
            subscription = newSubscription;
            cancelNow = cancelled;
        }
        if (cancelNow) {
            newSubscription.cancel();
        } else {
            newSubscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> chunk) {
        for (ByteBuffer buffer : chunk) {
            splitter.feed(buffer, line -> signals.add(new LineSignal(line)));
        }
        signals.add(new ChunkDone());
    }

    @Override
    public void onError(Throwable failure) {
        signals.add(new Broken(failure));
    }

    @Override
    public void onComplete() {
        splitter.finish(line -> signals.add(new LineSignal(line)));
        signals.add(new Ended());
    }

    /** The next signal, or null if none came within {@code timeout}. */
    Signal next(Duration timeout) throws InterruptedException {
        return signals.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Asks for the next chunk of the body. */
    synchronized void requestMore() {
        if (subscription != null && !cancelled) {
            subscription.request(1);
        }
    }

    /** Closes the connection; safe to call more than once and from any thread. */
    void cancel() {
        Flow.Subscription toCancel;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toCancel = subscription;
        }
        if (toCancel != null) {
            toCancel.cancel();
        }
    }
}
