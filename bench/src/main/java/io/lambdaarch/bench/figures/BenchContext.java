package io.lambdaarch.bench.figures;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.bench.config.BenchSettings;
import io.lambdaarch.bench.kafka.KafkaTools;
import io.lambdaarch.bench.stack.BenchStack;
import io.lambdaarch.bench.workload.BenchEvents;
import io.lambdaarch.demo.process.ServiceLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every figure works with.
 *
 * @param settings the run's sizes
 * @param stack the bench's own stack
 * @param launcher starts services through {@code ./lambda}, logs under the work directory
 * @param tools Kafka's performance tools
 * @param events the synthetic events of this run
 * @param progress progress lines
 */
public record BenchContext(BenchSettings settings, BenchStack stack, ServiceLauncher launcher, KafkaTools tools,
        BenchEvents events, Progress progress) {
    public BenchContext {
        requireNonNull(settings, "settings is null");
        requireNonNull(stack, "stack is null");
        requireNonNull(launcher, "launcher is null");
        requireNonNull(tools, "tools is null");
        requireNonNull(events, "events is null");
        requireNonNull(progress, "progress is null");
    }

    /** A path under the work directory for a figure's temporary files and state. */
    public Path work(String name) {
        return settings.workDir().resolve(name);
    }

    /** {@link #work(String)}, created as a directory. */
    public Path workDirectory(String name) {
        Path directory = work(name);
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + directory, e);
        }
    }
}
