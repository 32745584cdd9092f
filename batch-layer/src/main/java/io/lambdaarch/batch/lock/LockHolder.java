package io.lambdaarch.batch.lock;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Who holds the batch lock, as the warehouse tells it, and since when ({@code since} is empty when the warehouse
 * cannot say). {@link #heldFor} is the value to alert on: a run that holds the lock far longer than runs take is stuck.
 */
public record LockHolder(String who, Optional<Instant> since) {
    public LockHolder {
        requireNonNull(who, "who is null");
        requireNonNull(since, "since is null");
    }

    /** How long the lock has been held at {@code now}, if the warehouse says since when. */
    public Optional<Duration> heldFor(Instant now) {
        return since.map(start -> start.isAfter(now) ? Duration.ZERO : Duration.between(start, now));
    }

    /** One phrase for messages: {@code lambda-batch 2026...-3fa2c1 from 10.0.0.5, holding it since T (for 2h 05m 00s)}. */
    public String describe(Instant now) {
        return who + since.map(start -> ", holding it since " + start
                        + heldFor(now).map(d -> " (for " + format(d) + ")").orElse(""))
                .orElse("");
    }

    /** {@code 4h 02m 03s}, {@code 2m 05s} or {@code 12s}: whole seconds, for people. */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm %02ds", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }
}
