package io.lambdaarch.ingestion.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the ingestion service talks to Kafka.
 *
 * @param compression the producer's compression codec
 * @param deliveryTimeout how long a record may take to be acknowledged, retries included; a broker restart must
 *     fit inside it, and a record that exceeds it stops the run with an error
 * @param connectTimeout how long to wait for the broker at start-up before giving up with one line
 * @param maxRecordBytes the largest record sent; longer ones go to the DLQ cut to this size
 */
public record ProducerSettings(Compression compression, Duration deliveryTimeout, Duration connectTimeout, int maxRecordBytes) {
    public static final String COMPRESSION = "LAMBDA_INGEST_COMPRESSION";
    public static final String DELIVERY_TIMEOUT = "LAMBDA_INGEST_DELIVERY_TIMEOUT";
    public static final String CONNECT_TIMEOUT = "LAMBDA_INGEST_CONNECT_TIMEOUT";
    public static final String MAX_RECORD_BYTES = "LAMBDA_INGEST_MAX_RECORD_BYTES";
    public static final Compression DEFAULT_COMPRESSION = Compression.LZ4;
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RECORD_BYTES = 512 * 1024;

    public ProducerSettings {
        requireNonNull(compression, "compression is null");
        requireNonNull(deliveryTimeout, "deliveryTimeout is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be positive: " + maxRecordBytes);
        }
    }
}
