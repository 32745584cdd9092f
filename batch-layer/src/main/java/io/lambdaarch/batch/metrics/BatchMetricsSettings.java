package io.lambdaarch.batch.metrics;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.ConfigReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a batch command leaves its metrics when it exits: a node_exporter textfile-collector directory, a Prometheus
 * Pushgateway, both or neither (docs/operations.md#batch-layer).
 *
 * @param textfileDirectory directory the {@code lambda_batch_*.prom} files are written to, atomically
 * @param pushgateway base URL of a Pushgateway the metrics are PUT to
 */
public record BatchMetricsSettings(Optional<Path> textfileDirectory, Optional<URI> pushgateway) {
    /** Directory for node_exporter's textfile collector. */
    public static final String TEXTFILE_DIR = "LAMBDA_BATCH_METRICS_DIR";
    /** Base URL of a Prometheus Pushgateway, e.g. http://pushgateway:9091. */
    public static final String PUSHGATEWAY = "LAMBDA_BATCH_METRICS_PUSHGATEWAY";

    public BatchMetricsSettings {
        requireNonNull(textfileDirectory, "textfileDirectory is null");
        requireNonNull(pushgateway, "pushgateway is null");
    }

    public static BatchMetricsSettings none() {
        return new BatchMetricsSettings(Optional.empty(), Optional.empty());
    }

    /** Reads both settings; problems are collected in {@code reader}. */
    public static BatchMetricsSettings from(ConfigReader reader) {
        Optional<Path> directory = reader.optionalString(TEXTFILE_DIR).map(Path::of);
        directory.ifPresent(dir -> {
            if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
                reader.invalid(TEXTFILE_DIR, dir.toString(), "an existing, writable directory (node_exporter's"
                        + " --collector.textfile.directory)");
            }
        });
        Optional<URI> pushgateway = reader.optionalUri(PUSHGATEWAY, "http", "https");
        return new BatchMetricsSettings(directory, pushgateway);
    }
}
