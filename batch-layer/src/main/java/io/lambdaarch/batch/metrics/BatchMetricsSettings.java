package io.lambdaarch.batch.metrics;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.Service;
import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.config.SettingType;
import java.net.URI;
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
    public static final Setting<Path> TEXTFILE_DIR = Setting.define("LAMBDA_BATCH_METRICS_DIR",
                    SettingType.writableDirectory(), Service.BATCH)
            .doc("directory each batch command writes its `lambda_batch_*.prom` metrics to, atomically (node_exporter's"
                    + " `--collector.textfile.directory`)");
    public static final Setting<URI> PUSHGATEWAY = Setting.define("LAMBDA_BATCH_METRICS_PUSHGATEWAY",
                    SettingType.uri("http", "https"), Service.BATCH)
            .doc("base URL of a Prometheus Pushgateway each batch command pushes its metrics to, e.g."
                    + " `http://pushgateway:9091`");

    public BatchMetricsSettings {
        requireNonNull(textfileDirectory, "textfileDirectory is null");
        requireNonNull(pushgateway, "pushgateway is null");
    }

    public static BatchMetricsSettings none() {
        return new BatchMetricsSettings(Optional.empty(), Optional.empty());
    }

    /** Reads both settings; problems are collected in {@code reader}. */
    public static BatchMetricsSettings from(ConfigReader reader) {
        return new BatchMetricsSettings(reader.optional(TEXTFILE_DIR), reader.optional(PUSHGATEWAY));
    }
}
