package io.lambdaarch.batch.runtime;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Prints the job's progress and summary lines to standard output (cron mails or logs them), throttled to one
 * progress line per interval. Not thread-safe.
 */
public final class Progress {
    private final PrintWriter out;
    private final Clock clock;
    private final Duration interval;
    private Instant lastLine;

    public Progress(PrintWriter out, Clock clock, Duration interval) {
        this.out = requireNonNull(out, "out is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.lastLine = clock.instant();
    }

    public Clock clock() {
        return clock;
    }

    /** Prints {@code line} now. */
    public void line(String line) {
        out.println(line);
        out.flush();
        lastLine = clock.instant();
    }

    /** True once per interval: the caller then builds and prints a progress line. */
    public boolean due() {
        return !clock.instant().isBefore(lastLine.plus(interval));
    }

    /** {@code 1,234,567}. */
    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code 12.3 MB} (10^6 bytes, as transfer rates are usually given). */
    public static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** {@code 850 ms}, {@code 12.3 s} or {@code 4m 05s}. */
    public static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return String.format(Locale.ROOT, "%dm %02ds", millis / 60_000, (millis / 1000) % 60);
    }

    /** Records per second over {@code elapsed}. */
    public static String rate(long records, Duration elapsed) {
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        return String.format(Locale.ROOT, "%,.0f records/s", records / seconds);
    }
}
