package io.lambdaarch.common.metrics;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.ConfigReader;
import java.util.OptionalInt;

/**
 * Where a long-running job serves its Prometheus {@code /metrics}: the shared bind address and the job's own port
 * setting; no port, no endpoint.
 *
 * @param host the address to bind ({@code LAMBDA_METRICS_HOST})
 * @param port the port, 0 for any free one; empty when the job's port setting is not set
 */
public record MetricsEndpointSettings(String host, OptionalInt port) {
    public static final String HOST = "LAMBDA_METRICS_HOST";
    public static final String DEFAULT_HOST = "127.0.0.1";

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

    /** Reads {@code LAMBDA_METRICS_HOST} and {@code portKey}; problems are collected in {@code reader}. */
    public static MetricsEndpointSettings from(ConfigReader reader, String portKey) {
        String host = reader.string(HOST, DEFAULT_HOST);
        if (host.isBlank()) {
            reader.invalid(HOST, host, "a host name or address to bind, e.g. 0.0.0.0");
        }
        if (reader.optionalString(portKey).isEmpty()) {
            return new MetricsEndpointSettings(host, OptionalInt.empty());
        }
        return new MetricsEndpointSettings(host, OptionalInt.of(reader.intValue(portKey, 0, 0, 65_535)));
    }
}
