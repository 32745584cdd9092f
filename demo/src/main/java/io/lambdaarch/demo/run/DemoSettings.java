package io.lambdaarch.demo.run;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@code ./lambda demo} runs.
 *
 * @param home repository root (holds {@code ./lambda})
 * @param duration how long to ingest before the final check; empty = until Ctrl-C
 * @param rate synthetic events per second
 * @param port the serving layer's HTTP port
 * @param batchInterval how often the batch job runs (what cron would do)
 * @param ingestBucket the ingest bucket size B both layers use
 * @param speedTrigger the speed layer's trigger interval
 * @param statusInterval how often the status line is printed
 * @param catchUpTimeout how long the final check waits for the layers to catch up
 * @param seed the synthetic workload's seed
 * @param lateFraction share of events created hours or days before they are ingested
 * @param duplicateFraction share of repeated records
 * @param malformedFraction share of malformed records
 */
public record DemoSettings(
        Path home,
        Optional<Duration> duration,
        long rate,
        int port,
        Duration batchInterval,
        Duration ingestBucket,
        Duration speedTrigger,
        Duration statusInterval,
        Duration catchUpTimeout,
        long seed,
        double lateFraction,
        double duplicateFraction,
        double malformedFraction) {
    public DemoSettings {
        requireNonNull(home, "home is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(batchInterval, "batchInterval is null");
        requireNonNull(ingestBucket, "ingestBucket is null");
        requireNonNull(speedTrigger, "speedTrigger is null");
        requireNonNull(statusInterval, "statusInterval is null");
        requireNonNull(catchUpTimeout, "catchUpTimeout is null");
    }
}
