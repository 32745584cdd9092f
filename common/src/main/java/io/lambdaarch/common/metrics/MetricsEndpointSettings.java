package io.lambdaarch.common.metrics;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.Service;
import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.config.SettingType;
import java.util.OptionalInt;

/**
 * Where a long-running job serves its Prometheus {@code /metrics}: the shared bind address and the job's own port
 * setting; no port, no endpoint.
 *
 * @param host the address to bind ({@code LAMBDA_METRICS_HOST})
 * @param port the port, 0 for any free one; empty when the job's port setting is not set
 */
public record MetricsEndpointSettings(String host, OptionalInt port) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final Setting<String> HOST = Setting.define("LAMBDA_METRICS_HOST",
                    SettingType.matching("\\S+", "a host name or address to bind, e.g. 0.0.0.0"), Service.INGEST, Service.SPEED)
            .defaultValue(DEFAULT_HOST)
            .doc("address the ingestion and speed jobs serve `/metrics` on, when their metrics port is set");

    public MetricsEndpointSettings {
        requireNonNull(host, "host is null");
        requireNonNull(port, "port is null");
        if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65_535)) {
            throw new IllegalArgumentException("port out of range: " + port.getAsInt());
        }
    }

    public static MetricsEndpointSettings disabled() {
        return new MetricsEndpointSettings(DEFAULT_HOST, OptionalInt.empty());
    }

    /** Reads {@code LAMBDA_METRICS_HOST} and the job's {@code port} setting; problems are collected in {@code reader}. */
    public static MetricsEndpointSettings from(ConfigReader reader, Setting<Integer> port) {
        String host = reader.get(HOST);
        return new MetricsEndpointSettings(host, reader.optional(port).map(OptionalInt::of).orElse(OptionalInt.empty()));
    }
}
